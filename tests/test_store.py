import subprocess
import sys

import pyoxigraph as ox
import pytest

from kgraph.errors import KGraphError
from kgraph.store import default_location, open_store
from tests.factories import sample_store

G = "http://x/graph/1"


def _quads(n, graph=G):
    g = ox.NamedNode(graph)
    return [ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(str(i)), g)
            for i in range(n)]


def test_replace_graph_replaces_not_appends(tmp_path):
    s = open_store(str(tmp_path / "st"))
    s.replace_graph(G, _quads(5))
    s.replace_graph(G, _quads(3))
    assert s.count_quads() == 3 and s.graphs() == [G]
    s.close()


def test_data_persists_on_disk(tmp_path):
    s = open_store(str(tmp_path / "st"))
    s.replace_graph(G, _quads(4))
    s.close()
    r = open_store(str(tmp_path / "st"), read_only=True)
    assert r.count_triples() == 4


def test_literal_with_quotes_newlines_and_brackets_round_trips():
    s = open_store("memory")
    tricky = 'He said "no" >\n\\ } ; DROP ALL'
    q = ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal(tricky), ox.NamedNode(G))
    s.replace_graph(G, [q])
    [sol] = list(s.query("SELECT ?o { GRAPH ?g { ?s ?p ?o } }"))
    assert sol["o"].value == tricky


def test_read_only_store_that_does_not_exist(tmp_path):
    with pytest.raises(KGraphError, match="no store at"):
        open_store(str(tmp_path / "missing"), read_only=True)
    assert not (tmp_path / "missing").exists()


def test_a_second_writer_gets_a_lock_error(tmp_path):
    path = tmp_path / "st"
    s = open_store(str(path))
    code = (
        "from kgraph.store import open_store\n"
        "from kgraph.errors import KGraphError\n"
        f"try:\n    open_store({str(path)!r})\nexcept KGraphError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "in use by another kgraph process" in out.stdout
    s.close()


def test_union_export_has_each_triple_once():
    kg = sample_store()
    ttl = kg.store.dump(ox.RdfFormat.TURTLE)
    triples = list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(set(triples)) == kg.store.count_triples()
    assert kg.store.count_quads() > kg.store.count_triples()  # shared actor facts


def test_one_graph_dump_and_unknown_graph():
    kg = sample_store()
    [g1, _] = kg.article_graphs()
    assert list(ox.parse(kg.store.dump(ox.RdfFormat.N_TRIPLES, g1), format=ox.RdfFormat.N_TRIPLES))
    with pytest.raises(KGraphError, match="no graph"):
        kg.store.dump(ox.RdfFormat.TURTLE, "http://x/graph/none")


def test_malformed_sparql_is_a_one_line_error():
    with pytest.raises(KGraphError, match="SPARQL syntax error") as err:
        open_store("memory").query("SELEKT ?x WHERE {")
    assert "\n" not in str(err.value)


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.setenv("KGRAPH_STORE", str(tmp_path / "env"))
    assert default_location() == str(tmp_path / "env")
    monkeypatch.delenv("KGRAPH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_location() == str(tmp_path / "kgraph" / "store")


def test_a_url_opens_a_remote_store_with_derived_endpoints():
    from kgraph.store import RemoteStore

    s = open_store("http://127.0.0.1:7878/query", read_only=True)
    assert isinstance(s, RemoteStore) and s.base == "http://127.0.0.1:7878"
    assert s.gsp == "http://127.0.0.1:7878/store"
    with pytest.raises(KGraphError, match="read-only"):
        s.replace_graph(G, [])


def test_writes_past_the_budget_flush_memory_tables_to_disk(tmp_path, monkeypatch):
    """A long ingest flushes RocksDB's memory tables as it goes (memory stays bounded):
    the flushed tables are files on disk before the store is closed, and every write
    is still there after."""
    import kgraph.store as store_module

    def tables(path):
        return list(path.glob("*.sst"))

    quiet = open_store(str(tmp_path / "quiet"))
    for i in range(20):
        quiet.replace_graph(f"http://x/graph/{i}", _quads(50, f"http://x/graph/{i}"))
    baseline = len(tables(tmp_path / "quiet"))  # under the budget: the data is in memory
    quiet.close()
    monkeypatch.setattr(store_module, "FLUSH_EVERY", 20_000)
    s = open_store(str(tmp_path / "st"))
    for i in range(20):
        s.replace_graph(f"http://x/graph/{i}", _quads(50, f"http://x/graph/{i}"))
        s.update(f'INSERT DATA {{ GRAPH <http://x/graph/{i}> {{ <http://x/a> <http://x/p> "{i}" }} }}')
    assert len(tables(tmp_path / "st")) > baseline + 5
    s.close()
    r = open_store(str(tmp_path / "st"), read_only=True)
    assert r.count_quads() == 20 * 51


def test_a_pause_after_a_flush_opens_the_store_again_with_every_write(tmp_path, monkeypatch):
    """``idle()`` between writes: after a flush the store is closed and opened again
    (RocksDB's caches released), every write still there and the store still
    writable; with no flush since, it does nothing."""
    import kgraph.store as store_module

    monkeypatch.setattr(store_module, "FLUSH_EVERY", 20_000)
    s = open_store(str(tmp_path / "st"))
    opened = []
    for i in range(20):
        s.replace_graph(f"http://x/graph/{i}", _quads(50, f"http://x/graph/{i}"))
        opened.append(s._settle)  # flushed: the pause opens the store again
        s.idle()
        assert not s._settle
    assert 5 < sum(opened) < 20  # after each flush only
    held = s._db  # a reader holding the store: the pause leaves it open
    s.update('INSERT DATA { GRAPH <http://x/graph/0> { <http://x/b> <http://x/p> "held" } }')
    s._settle = True
    s.idle()
    assert s._db is held and s._settle
    del held
    s.idle()
    assert not s._settle
    assert s.count_quads() == 20 * 50 + 1
    s.replace_graph("http://x/graph/new", _quads(3, "http://x/graph/new"))
    s.close()
    assert open_store(str(tmp_path / "st"), read_only=True).count_quads() == 20 * 50 + 4


def test_a_pause_leaves_a_store_in_memory_as_it_is(monkeypatch):
    import kgraph.store as store_module

    monkeypatch.setattr(store_module, "FLUSH_EVERY", 1)
    s = open_store("memory")
    s.replace_graph(G, _quads(5))
    db = s._db
    s.idle()
    assert s._db is db and s.count_quads() == 5


def test_an_ingest_that_opens_its_store_again_after_every_article_stores_the_same(tmp_path, monkeypatch):
    """The pauses of a long ingest (the store flushed, closed and opened again between
    articles) change nothing in what is stored."""
    import kgraph.store as store_module
    from tests.cli import run
    from tests.conftest import EXAMPLES

    exports = []
    for budget in (store_module.FLUSH_EVERY, 1):
        monkeypatch.setattr(store_module, "FLUSH_EVERY", budget)
        store = tmp_path / f"store{budget}"
        result = run("--store", str(store), "ingest", str(EXAMPLES), "--workers", "1")
        assert result.exit_code == 0, result.output
        out = tmp_path / f"export{budget}.nq"
        assert run("--store", str(store), "export", "-f", "nquads", "-o", str(out)).exit_code == 0
        exports.append(out.read_bytes())
    assert exports[0] == exports[1] and len(exports[0]) > 100_000
