import json

import pyoxigraph as ox

from tests.cli import run, run_process


def test_extract_writes_nquads_with_no_store(examples_dir, ingested_store, tmp_path):
    out = tmp_path / "examples.nq"
    result = run("extract", str(examples_dir), "-o", str(out))
    assert result.exit_code == 0 and "4 articles" in result.stderr
    quads = list(ox.parse(out.read_bytes(), format=ox.RdfFormat.N_QUADS))
    assert len({q.graph_name for q in quads}) == 4
    # the same article graphs an ingest stores (identity across articles is the store's)
    store = ox.Store.read_only(str(ingested_store))
    stored = {q for q in store.quads_for_pattern(None, None, None, None)
              if "/identity/" not in q.graph_name.value}
    assert set(quads) == stored


def test_extract_to_stdout_and_then_load(examples_dir, tmp_path):
    result = run("extract", str(examples_dir / "florida-talks.txt"))
    assert result.exit_code == 0
    loaded = run("--store", str(tmp_path / "st"), "load", "-", "--format", "nquads",
                 input=result.stdout_bytes)
    assert loaded.exit_code == 0, loaded.output
    stats = json.loads(run("--store", str(tmp_path / "st"), "stats", "--json").stdout)
    assert stats["articles"] == 1 and stats["events"] > 3


def test_a_bad_input_writes_no_output_file(tmp_path):
    out = tmp_path / "x.nq"
    (tmp_path / "empty.txt").write_text("")
    proc = run_process("extract", str(tmp_path / "empty.txt"), "-o", str(out))
    assert proc.returncode == 1 and b"no text to read" in proc.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_extract_min_confidence_is_recorded(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Marco Rubio met Rustem Umerov in Geneva on Sunday.\n")
    result = run("extract", str(path), "--min-confidence", "0.7")
    assert result.exit_code == 0
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    values = {q.object.value for q in quads if q.predicate.value.endswith("#minConfidence")}
    assert values == {"0.7"}
