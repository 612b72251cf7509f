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
