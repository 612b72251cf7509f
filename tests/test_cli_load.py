import json

import pytest

from tests.cli import run, run_process

NQ = b'<http://x/a> <http://x/p> "v" <http://x/g> .\n<http://x/b> <http://x/p> "w" <http://x/g> .\n'


def _quads(store):
    out = run("--store", str(store), "query", "-e",
              "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--json").stdout
    return json.loads(out)[0]["n"]


def test_load_nquads_replaces_graphs_so_loading_twice_changes_nothing(tmp_path):
    path = tmp_path / "data.nq"
    path.write_bytes(NQ)
    for _ in range(2):
        result = run("--store", str(tmp_path / "st"), "load", str(path))
        assert result.exit_code == 0 and "loaded 2 triples into 1 graphs" in result.stderr
    assert _quads(tmp_path / "st") == 2


def test_turtle_needs_a_graph(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text('@prefix x: <http://x/> .\nx:a x:p "v" .\n')
    refused = run("--store", str(tmp_path / "st"), "load", str(path))
    assert refused.exit_code == 1 and "--graph" in refused.stderr
    ok = run("--store", str(tmp_path / "st"), "load", str(path), "--graph", "http://x/g2")
    assert ok.exit_code == 0 and _quads(tmp_path / "st") == 1


@pytest.mark.parametrize("name,data,where", [
    ("bad.nq", NQ + b'<http://x/c> <http://x/p> "unterminated <http://x/g> .\n', "line 3"),
    ("bad.ttl", b'@prefix x: <http://x/> .\nx:a x:p x:b ;\n   x:q .\n', "line 3"),
    ("bad.trig", b'<http://x/g> { <http://x/a> <http://x/p> }', "line 1"),
])
def test_malformed_input_is_reported_with_its_position_and_nothing_is_written(tmp_path, name, data,
                                                                             where):
    store = tmp_path / "st"
    good = tmp_path / "good.nq"
    good.write_bytes(NQ)
    run("--store", str(store), "load", str(good))
    path = tmp_path / name
    path.write_bytes(data)
    proc = run_process("--store", str(store), "load", str(path), "--graph", "http://x/other")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "syntax error" in err and where in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _quads(store) == 2


def test_unknown_extension_and_missing_file(tmp_path):
    assert run("--store", str(tmp_path / "st"), "load", str(tmp_path / "x.xyz")).exit_code == 2
    missing = run("--store", str(tmp_path / "st"), "load", str(tmp_path / "none.nq"))
    assert missing.exit_code == 1 and "cannot read" in missing.stderr


# ------------------------------------------------------------- streaming
def _nq(*rows: tuple[str, str]) -> bytes:
    """N-Quads lines, one per (value, graph letter)."""
    return b"".join(f'<http://x/a> <http://x/p> "{v}" <http://x/{g}> .\n'.encode() for v, g in rows)


def _graph(store, g: str) -> list[str]:
    out = run("--store", str(store), "query", "-e",
              f"SELECT ?o WHERE {{ GRAPH <http://x/{g}> {{ ?s ?p ?o }} }} ORDER BY ?o", "--json").stdout
    return [r["o"] for r in json.loads(out)]


def test_a_graph_that_comes_again_later_is_merged_with_what_the_load_wrote(tmp_path):
    store = tmp_path / "st"
    path = tmp_path / "old.nq"
    path.write_bytes(_nq(("old", "g1")))
    assert run("--store", str(store), "load", str(path)).exit_code == 0
    path = tmp_path / "parts.nq"
    path.write_bytes(_nq(("1", "g1"), ("2", "g1"), ("3", "g2"), ("4", "g1"), ("5", "g2")))
    result = run("--store", str(store), "load", str(path))
    assert result.exit_code == 0
    assert "loaded 5 triples into 2 graphs (2 came in parts, merged)" in result.stderr
    assert _graph(store, "g1") == ["1", "2", "4"]  # the stored "old" replaced, then the parts kept
    assert _graph(store, "g2") == ["3", "5"]


def test_parts_written_in_different_batches_are_merged_too(tmp_path):
    from kgraph.api import KGraph

    with KGraph.open(str(tmp_path / "st")) as kg:
        loaded = kg.load(_nq(("1", "g1"), ("2", "g2"), ("3", "g3"), ("4", "g1")), "nquads", batch=1)
        assert loaded == {"http://x/g1": 2, "http://x/g2": 1, "http://x/g3": 1}
        assert loaded.merged == ["http://x/g1"]
    assert _graph(tmp_path / "st", "g1") == ["1", "4"]


def test_standard_input_is_read_as_it_comes(tmp_path):
    result = run("--store", str(tmp_path / "st"), "load", "-", "-f", "nquads",
                 input=_nq(("1", "g1"), ("2", "g2")))
    assert result.exit_code == 0 and "loaded 2 triples into 2 graphs" in result.stderr
    assert _graph(tmp_path / "st", "g2") == ["2"]


@pytest.mark.parametrize("bad,message", [
    (b'<http://x/a> <http://x/p> "unterminated <http://x/g9> .\n', "N-Quads syntax error"),
    (b'<http://x/a> <http://x/p> "v" _:b .\n', "line 4: a graph named by a blank node"),
    (b'<http://x/a> <http://x/p> "v" .\n', "triples outside a named graph"),
])
def test_an_error_after_written_batches_leaves_them_whole_and_writes_nothing_after(tmp_path, bad, message):
    """Batches of one graph each: g1 and g2 are written before the error in line 4, g3
    (gathered, not yet written) and what follows are not; the store says nothing
    half."""
    from kgraph.api import KGraph
    from kgraph.errors import KGraphError

    path = tmp_path / "bad.nq"
    path.write_bytes(_nq(("1", "g1"), ("2", "g2"), ("3", "g3")) + bad + _nq(("5", "g5")))
    with KGraph.open(str(tmp_path / "st")) as kg, pytest.raises(KGraphError) as error:
        kg.load(str(path), "nquads", batch=1, name="bad.nq")
    assert message in str(error.value)
    assert "the 2 graphs before it were written whole and resolved (the last http://x/g2)" in str(error.value)
    assert [_graph(tmp_path / "st", g) for g in ("g1", "g2", "g3", "g5")] == [["1"], ["2"], [], []]


def test_a_small_file_with_an_error_writes_nothing(tmp_path):
    path = tmp_path / "bad.nq"
    path.write_bytes(_nq(("1", "g1"), ("2", "g2")) + b"<http://x/a> <http://x/p> .\n")
    proc = run_process("--store", str(tmp_path / "st"), "load", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "line 3" in err and err.strip().endswith("nothing was written")
    assert len(err.strip().splitlines()) == 1


def test_triples_outside_a_graph_anywhere_in_the_file_go_to_the_graph_given(tmp_path):
    path = tmp_path / "mixed.nq"
    path.write_bytes(_nq(("1", "g1")) + b'<http://x/a> <http://x/p> "d1" .\n' + _nq(("2", "g1"))
                     + b'<http://x/a> <http://x/p> "d2" .\n')
    result = run("--store", str(tmp_path / "st"), "load", str(path), "--graph", "http://x/d")
    assert result.exit_code == 0 and "(2 came in parts, merged)" in result.stderr
    assert _graph(tmp_path / "st", "d") == ["d1", "d2"] and _graph(tmp_path / "st", "g1") == ["1", "2"]


# ------------------------------------------------------------- compaction
def _files(store) -> int:
    return len(list(store.glob("*.sst")))


def test_optimize_compacts_what_bulk_loads_left(tmp_path):
    """Each bulk write adds its own files; 'kgraph optimize' merges them (fewer files
    for every look-up to read) and the store answers as before. A large load (here,
    into an empty store) compacts by itself."""
    from kgraph.api import KGraph

    data = _nq(*((f"v{i}", f"g{i}") for i in range(300)))
    store = tmp_path / "st"
    with KGraph.open(str(store)) as kg:
        report = kg.load(data, "nquads", batch=50, optimize=False)
    assert report.optimized_s is None
    before = _files(store)
    result = run("--store", str(store), "optimize")
    assert result.exit_code == 0 and "compacted the store in" in result.stderr
    after = _files(store)
    assert after < before / 1.5, (before, after)
    assert _quads(store) == 300 and _graph(store, "g7") == ["v7"]

    with KGraph.open(str(tmp_path / "again")) as kg:
        report = kg.load(data, "nquads", batch=50)
    # (compacted as "kgraph optimize" does; RocksDB may keep a file more or less)
    assert report.optimized_s is not None and _files(tmp_path / "again") < before / 1.5


def test_optimize_has_nothing_to_do_in_memory():
    result = run("--store", "memory", "optimize")
    assert result.exit_code == 0 and "nothing to compact" in result.stderr
