"""Hardening, second round (issue 9): the store side. A batch whose extraction fails,
slow or silent SPARQL servers, blank-node graph names, credentials in store URLs, a
corrupted store or a full disk, and smaller bad input: each is a one-line error with
a non-zero exit, and what was stored before stays as it was."""

from __future__ import annotations

import base64
import errno
import gc
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.api import KGraph
from kgraph.errors import KGraphError
from kgraph.sources import read_articles
from tests.cli import run, run_process
from tests.oxigraph_server import Server

GOOD = """---
title: Envoys meet in {place}
published: 2025-11-24
---
Secretary of State Marco Rubio met Ukraine's Rustem Umerov in {place} on Sunday.
"""
SECRET = "s3cret"


def _article(folder: Path, name: str, place: str) -> Path:
    path = folder / name
    path.write_text(GOOD.format(place=place))
    return path


def _snapshot(location: str | Path) -> dict[str, list[str]]:
    """Every named graph of a store with its quads, as sorted N-Quads lines."""
    with KGraph.open(str(location), read_only=True) as kg:
        data = kg.store.dump(ox.RdfFormat.N_QUADS)
    graphs: dict[str, list[str]] = {}
    for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, []).append(str(quad))
    return {g: sorted(quads) for g, quads in sorted(graphs.items())}


def _one_line(text: str | bytes) -> str:
    """The one error line of ``text``, asserting there is exactly one and no traceback
    (a progress bar's label, printed once off a terminal, aside)."""
    text = text.decode() if isinstance(text, bytes) else text
    assert "Traceback" not in text, text
    lines = [line for line in text.strip().splitlines() if line != "ingesting"]
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    return lines[0]


def _kgraph(*args: str | bytes, input: bytes | None = None, env: dict | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """``kgraph`` as a separate process (arguments may be bytes, as a shell passes them)."""
    return subprocess.run([sys.executable, "-m", "kgraph", *args], input=input, capture_output=True,
                          env=env, timeout=timeout)


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "oxdata").start()
    yield srv
    srv.stop()


@pytest.fixture
def silent_server():
    """A TCP server that accepts every connection and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    done.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


# ------------------------------------------------------------- defect 7: half a batch
def _fail_on(monkeypatch, name: str, exc: Exception) -> None:
    """Make extraction fail for the article read from the file called ``name``."""
    from kgraph.extract.pipeline import Extractor

    real = Extractor.run

    def run_(self, article, doc, **kwargs):
        if article.path and Path(article.path).name == name:
            raise exc
        return real(self, article, doc, **kwargs)

    monkeypatch.setattr(Extractor, "run", run_)


def test_a_batch_whose_second_article_fails_in_extraction_writes_nothing(
        store_copy, examples_dir, tmp_path, monkeypatch):
    """Three articles: the first would replace a stored one (another threshold), the
    second fails during extraction, the third would be added. Nothing is written."""
    bad = _article(tmp_path, "bad.txt", "Geneva")
    new = _article(tmp_path, "new.txt", "Vienna")
    batch = [str(examples_dir / "florida-talks.txt"), str(bad), str(new)]
    before = _snapshot(store_copy)

    _fail_on(monkeypatch, "bad.txt", KGraphError("bad.txt: extraction failed"))
    result = run("--store", str(store_copy), "ingest", "--min-confidence", "0.6", *batch)
    assert result.exit_code == 1
    assert _one_line(result.stderr) == "Error: bad.txt: extraction failed"
    assert _snapshot(store_copy) == before

    # the same with an unexpected error (a bug in a stage), through the library
    _fail_on(monkeypatch, "bad.txt", OverflowError("date value out of range"))
    with KGraph.open(str(store_copy)) as kg:
        kg.extractor(min_confidence=0.6)
        with pytest.raises(OverflowError):
            kg.ingest(read_articles(batch))
    assert _snapshot(store_copy) == before


def test_extracted_articles_wait_in_a_temporary_file_beyond_the_memory_bound(tmp_path, monkeypatch):
    import kgraph.api

    paths = [str(_article(tmp_path, f"a{i}.txt", place)) for i, place in enumerate(["Geneva", "Vienna"])]
    with KGraph.open("memory") as kg:
        kg.ingest(read_articles(paths))
        expected = kg.store.dump(ox.RdfFormat.N_QUADS)
    monkeypatch.setattr(kgraph.api, "_SPOOL_MEMORY", 1)  # every article goes to disk
    with KGraph.open("memory") as kg:
        report = kg.ingest(read_articles(paths))
        assert len(report.added) == 2
        assert set(kg.store.dump(ox.RdfFormat.N_QUADS).splitlines()) == set(expected.splitlines())


# ------------------------------------------------------------- defect 8: --timeout
def test_timeout_applies_to_a_remote_store_that_never_answers(silent_server):
    url = f"http://{silent_server}"
    start = time.monotonic()
    proc = _kgraph("--store", url, "query", "-e", "ASK { ?s ?p ?o }", "--timeout", "1", timeout=60)
    elapsed = time.monotonic() - start
    line = _one_line(proc.stderr)
    assert proc.returncode == 1 and "did not answer within 1 s" in line
    assert elapsed < 30, elapsed


def test_kgraph_http_timeout_bounds_every_request(silent_server):
    env = {**os.environ, "KGRAPH_HTTP_TIMEOUT": "1"}
    proc = _kgraph("--store", f"http://{silent_server}", "stats", env=env, timeout=60)
    assert proc.returncode == 1 and "did not answer within 1 s" in _one_line(proc.stderr)
    env["KGRAPH_HTTP_TIMEOUT"] = "soon"
    proc = _kgraph("--store", f"http://{silent_server}", "stats", env=env, timeout=60)
    assert proc.returncode == 1 and "KGRAPH_HTTP_TIMEOUT" in _one_line(proc.stderr)


# ------------------------------------------------------------- defect 9: blank-node graphs
OLD = b'<http://x/g1> <http://x/p> "old" <http://x/g1> .\n'
BLANK_GRAPHS = [
    ("named.nq", b'<http://x/a> <http://x/p> "new" <http://x/g1> .\n'
                 b'<http://x/a> <http://x/p> "v" _:g2 .\n', "line 2"),
    ("named.trig", b'<http://x/g1> { <http://x/a> <http://x/p> "new" . }\n\n'
                   b'_:g2 { <http://x/a> <http://x/p> "v" . }\n', "line 3"),
    ("anonymous.trig", b'<http://x/g1> { <http://x/a> <http://x/p> "new" . }\n'
                       b'[] { <http://x/a> <http://x/p> "v" . }\n', "line 2"),
]


def _refuses_blank_graph(store: str, tmp_path: Path, name: str, data: bytes, line: str) -> None:
    old = tmp_path / "old.nq"
    old.write_bytes(OLD)
    assert run("--store", store, "load", str(old)).exit_code == 0
    before = _snapshot(store)
    path = tmp_path / name
    path.write_bytes(data)
    result = run("--store", store, "load", str(path))
    assert result.exit_code == 1
    error = _one_line(result.stderr)
    assert f"{name}: {line}: a graph named by a blank node" in error
    assert _snapshot(store) == before  # <http://x/g1> still "old", no renamed graph


@pytest.mark.parametrize("name,data,line", BLANK_GRAPHS)
def test_load_refuses_a_blank_node_graph_name_before_writing_locally(tmp_path, name, data, line):
    _refuses_blank_graph(str(tmp_path / "st"), tmp_path, name, data, line)


@pytest.mark.parametrize("name,data,line", BLANK_GRAPHS[:2])
def test_load_refuses_a_blank_node_graph_name_before_writing_remotely(server, tmp_path, name, data,
                                                                      line):
    _refuses_blank_graph(server.url, tmp_path, name, data, line)


# ------------------------------------------------------------- defect 12: credentials
def test_credentials_in_a_store_url_are_never_shown(silent_server, tmp_path):
    cases = [
        run("--store", f"http://ann:{SECRET}@127.0.0.1:9/", "stats"),  # nothing listens
        run("--store", f"http://ann:{SECRET}@[::1", "stats"),  # not a URL
        run("--store", f"ftp://ann:{SECRET}@db.example/ds", "stats"),  # not http
    ]
    for result in cases:
        assert result.exit_code == 1
        error = _one_line(result.stderr)
        assert SECRET not in error and "ann:" not in error
    env = {**os.environ, "KGRAPH_HTTP_TIMEOUT": "1"}
    late = _kgraph("--store", f"http://ann:{SECRET}@{silent_server}/ds", "stats", env=env, timeout=60)
    error = _one_line(late.stderr)
    assert late.returncode == 1 and SECRET not in error and f"http://{silent_server}/ds" in error


def test_credentials_go_as_basic_authentication_and_not_into_the_message():
    seen: list[str | None] = []

    class Refuse(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(self.headers.get("Authorization"))
            self.send_response(401)
            self.end_headers()
            self.wfile.write(b"unauthorized\n")

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        port = httpd.server_address[1]
        result = run("--store", f"http://ann:{SECRET}@127.0.0.1:{port}/ds", "query", "-e", "ASK {}")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 1
    error = _one_line(result.stderr)
    assert error == (f"Error: SPARQL server answered 401 for http://127.0.0.1:{port}/ds/query: "
                     "unauthorized")
    assert seen == ["Basic " + base64.b64encode(f"ann:{SECRET}".encode()).decode()]


# ------------------------------------------------------------- defect 14: storage failures
def _small_store(path: Path) -> None:
    with KGraph.open(str(path)) as kg:
        kg.store.replace_graph("http://x/g", ox.parse(OLD, format=ox.RdfFormat.N_QUADS))


def test_a_corrupted_store_folder_is_a_one_line_error(tmp_path):
    store = tmp_path / "st"
    _small_store(store)
    for file in store.iterdir():
        file.write_bytes(b"garbage\0" * 512)
    article = _article(tmp_path, "a.txt", "Geneva")
    for args in (["stats"], ["query", "-e", "ASK {}"], ["ingest", str(article)],
                 ["load", str(tmp_path / "a.txt"), "-f", "turtle", "-g", "http://x/g"]):
        proc = run_process("--store", str(store), *args)
        error = _one_line(proc.stderr)
        assert proc.returncode == 1 and f"store {store} is corrupted" in error, args


def test_corruption_found_while_reading_is_a_one_line_error(tmp_path, monkeypatch):
    """A damaged block may only show when a query reads it."""
    from kgraph.store import OxigraphStore

    store = tmp_path / "st"
    _small_store(store)

    def damaged(self, sparql):
        raise RuntimeError("Corruption: block checksum mismatch: stored = 1, computed = 2")

    monkeypatch.setattr(OxigraphStore, "query", damaged)
    result = run("--store", str(store), "stats")
    assert result.exit_code == 1
    assert f"store {store} is corrupted (Corruption: block checksum" in _one_line(result.stderr)


def test_a_full_disk_during_ingest_is_a_one_line_error_and_leaves_whole_articles(tmp_path,
                                                                               monkeypatch):
    real = ox.Store
    writes: list[int] = []

    class FullDisk:
        """The store on disk, with its second write failing as on a full disk (a store
        in memory, such as the one article resolution reads from, never fills it)."""

        def __init__(self, *args):
            self._store = real(*args)
            self._disk = bool(args)

        read_only = staticmethod(real.read_only)

        def __getattr__(self, name):
            return getattr(self._store, name)

        def _write(self, method, *args, **kwargs):
            if self._disk:
                writes.append(1)
            if self._disk and len(writes) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return getattr(self._store, method)(*args, **kwargs)

        def extend(self, *args, **kwargs):
            return self._write("extend", *args, **kwargs)

        def update(self, *args, **kwargs):
            return self._write("update", *args, **kwargs)

    paths = [str(_article(tmp_path, f"a{i}.txt", p)) for i, p in enumerate(["Geneva", "Vienna", "Rome"])]
    store = tmp_path / "st"
    monkeypatch.setattr(ox, "Store", FullDisk)
    result = run("--store", str(store), "ingest", *paths)
    monkeypatch.undo()
    code, stderr = result.exit_code, result.stderr
    del result  # its exception chain holds the store open
    gc.collect()
    assert code == 1
    assert _one_line(stderr) == (f"Error: cannot write to store {store}: No space left on device "
                     "(the articles stored before are whole)")
    first = next(iter(read_articles(paths[:1])))
    stored = _snapshot(store)
    with KGraph.open("memory") as clean:
        clean.ingest([first])
        g = clean.minter.graph(first.id)
        assert [x for x in stored if "/graph/" in x] == [g]
        assert len(stored[g]) == len(list(clean.store._store.quads_for_pattern(
            None, None, None, ox.NamedNode(g))))


# ------------------------------------------------------------- defect 15: smaller input
def test_a_literal_over_16_mib_is_a_one_line_error(tmp_path):
    path = tmp_path / "big.nq"
    path.write_bytes(b'<http://x/a> <http://x/p> "' + b"a" * (17 * 1024 * 1024) + b'" <http://x/g> .\n')
    proc = run_process("--store", str(tmp_path / "st"), "load", str(path))
    assert proc.returncode == 1 and "over 16 MiB" in _one_line(proc.stderr)


def test_a_query_parameter_or_text_with_a_byte_that_is_not_utf8(tmp_path):
    proc = _kgraph("--store", "memory", "query", "actor-events", "-p", b"actor=Rubio\xff")
    assert proc.returncode == 1
    assert _one_line(proc.stderr) == "Error: --param actor: not valid UTF-8 text"
    proc = _kgraph("--store", "memory", "query", "-e", b"SELECT * { ?s ?p \"\xff\" }")
    assert proc.returncode == 1 and _one_line(proc.stderr) == "Error: -e: not valid UTF-8 text"
    proc = _kgraph("--store", "memory", "query", "-e", "-", input=b"ASK { ?s ?p \"\xff\" }")
    assert proc.returncode == 1 and "not valid UTF-8" in _one_line(proc.stderr)


def _closed_stdin(*args: str) -> subprocess.CompletedProcess:
    """``kgraph ARGS <&-``: standard input closed, as a shell can leave it."""
    return subprocess.run(["bash", "-c", 'exec "$@" <&-', "kgraph", sys.executable, "-m", "kgraph",
                           *args], capture_output=True, timeout=300)


def test_closed_stdin(tmp_path):
    store = str(tmp_path / "st")
    for args in (["ingest", "-"], ["load", "-", "-f", "nquads"], ["query", "-e", "-"]):
        proc = _closed_stdin("--store", store, *args)
        assert proc.returncode == 1, args
        assert "standard input is closed" in _one_line(proc.stderr), args
    # reading files needs no stdin
    proc = _closed_stdin("--store", store, "ingest", str(_article(tmp_path, "a.txt", "Geneva")))
    assert proc.returncode == 0, proc.stderr.decode()


@pytest.mark.parametrize("url", ["http://[::1", "http://[::1]:port/", "https://"])
def test_an_invalid_store_url_is_a_one_line_error(url):
    proc = run_process("--store", url, "stats")
    assert proc.returncode == 1 and "--store: not a valid" in _one_line(proc.stderr)


@pytest.mark.parametrize("gold,message", [
    ("- Marco Rubio\n", "a gold file is a YAML mapping"),
    ("actors: Marco Rubio\n", "'actors' must be a list of entries, got text"),
    ("actors: [Marco Rubio]\n", "actors entry 1: want a mapping"),
    ("events:\n  - {label: Talks, type: Meeting, participants: Marco Rubio}\n",
     "events entry 1: 'participants' must be a list of names, got text"),
    ("relations:\n  - {subject: [A, B], predicate: leads, object: C}\n",
     "relations entry 1: 'subject' must be one value, got a list"),
])
def test_eval_with_a_gold_file_of_the_wrong_shape(tmp_path, gold, message):
    folder = tmp_path / "gold"
    folder.mkdir()
    _article(folder, "talks.txt", "Geneva")
    (folder / "talks.gold.yaml").write_text(gold)
    result = run("eval", str(folder))
    assert result.exit_code == 1
    assert message in _one_line(result.stderr)


# ------------------------------------------------------------- risks
@pytest.mark.parametrize("url", ["HTTP://127.0.0.1:9/", "Https://127.0.0.1:9/"])
def test_http_urls_are_taken_in_any_case(tmp_path, monkeypatch, url):
    monkeypatch.chdir(tmp_path)
    result = run("--store", url, "stats")
    assert result.exit_code == 1 and "cannot reach the SPARQL server at" in _one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []  # no folder named after the URL


@pytest.mark.parametrize("url", ["ftp://db.example/ds", "file:///tmp/store", "sparql://x"])
def test_unknown_url_schemes_are_refused(tmp_path, monkeypatch, url):
    monkeypatch.chdir(tmp_path)
    for args in (["stats"], ["load", "-", "-f", "nquads"]):
        result = run("--store", url, *args, input=OLD)
        assert result.exit_code == 1 and "unknown URL scheme" in _one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_remove_deletes_every_stored_version_of_an_edited_article(tmp_path):
    store = str(tmp_path / "st")
    talks = _article(tmp_path, "talks.txt", "Geneva")
    other = _article(tmp_path, "other.txt", "Rome")
    assert "2 added" in run("--store", store, "ingest", str(talks), str(other)).stderr
    talks.write_text(GOOD.format(place="Vienna"))  # edited under the same name: a new article
    assert "1 added" in run("--store", store, "ingest", str(talks)).stderr
    with KGraph.open(store, read_only=True) as kg:
        assert len(kg.article_graphs()) == 3
        other_graph = kg.minter.graph(next(iter(read_articles([str(other)]))).id)

    before = _snapshot(store)
    refused = run("--store", store, "remove", str(talks), "no-such-article")
    assert refused.exit_code == 1
    assert _one_line(refused.stderr).startswith("Error: no article 'no-such-article' in the store")
    assert _snapshot(store) == before  # one unknown ref removes nothing

    removed = run("--store", store, "remove", str(talks))
    assert removed.exit_code == 0 and removed.stderr == "removed 2 article graphs\n"
    after = _snapshot(store)
    assert [g for g in after if "/graph/" in g] == [other_graph]
    # the identity graph keeps only the other article's nodes
    other_id = other_graph.rsplit("/", 1)[-1]
    ids = {m for q in after.get(KGraph.open("memory").minter.identity(), [])
           for m in re.findall(r"/(?:actor|event)/([0-9a-f]{16})/", q)}
    assert ids == {other_id}
    assert "1 added" in run("--store", store, "ingest", str(talks)).stderr  # extracted again

    by_id = run("--store", store, "remove", other_graph.rsplit("/", 1)[-1])
    assert by_id.exit_code == 0 and by_id.stderr == "removed 1 article graph\n"
    assert other_graph not in _snapshot(store)


def test_remove_on_a_remote_store(server, tmp_path):
    talks = _article(tmp_path, "talks.txt", "Geneva")
    assert "1 added" in run("--store", server.url, "ingest", str(talks)).stderr
    assert run("--store", server.url, "remove", str(talks)).exit_code == 0
    assert _snapshot(server.url) == {}


def test_validate_with_another_base_is_an_error_not_all_conform(store_copy):
    result = run("--store", str(store_copy), "--base", "http://other.example/", "validate")
    assert result.exit_code == 1
    error = _one_line(result.stderr)
    assert "no article graphs under the base http://other.example/" in error and "--base" in error
    assert run("--store", str(store_copy), "validate").exit_code == 0


def test_a_repeated_query_parameter_is_refused():
    result = run("--store", "memory", "query", "actor-events", "-p", "actor=Rubio", "-p", "actor=Umerov")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: --param actor is given twice; give each parameter once")
    ok = run("--store", "memory", "query", "actor-events", "-p", "actor=Rubio", "--json")
    assert ok.exit_code == 0 and json.loads(ok.stdout) == []
