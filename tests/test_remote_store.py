"""The same behaviour against a real SPARQL 1.1 server (``oxigraph serve`` on 127.0.0.1)."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from kgraph.api import KGraph
from kgraph.errors import KGraphError
from kgraph.sources import read_articles
from tests.cli import run
from tests.oxigraph_server import Server


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "oxdata").start()
    yield srv
    srv.stop()


def _stats(store):
    result = run("--store", store, "stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_query_export_view_against_the_server(server, examples_dir, ingested_store, tmp_path):
    first = run("--store", server.url, "ingest", str(examples_dir))
    assert first.exit_code == 0 and "4 added" in first.stderr
    remote = _stats(server.url)
    assert remote == _stats(str(ingested_store))  # same behaviour as the embedded store
    again = run("--store", server.url, "ingest", str(examples_dir))
    assert "4 unchanged" in again.stderr and _stats(server.url) == remote
    rows = json.loads(run("--store", server.url, "query", "who-met-whom", "-p", "actor=Umerov",
                          "--json").stdout)
    local = json.loads(run("--store", str(ingested_store), "query", "who-met-whom", "-p",
                           "actor=Umerov", "--json").stdout)
    assert rows == local and rows
    def triples(store):
        data = run("--store", store, "export").stdout_bytes
        return set(ox.parse(data, format=ox.RdfFormat.TURTLE))

    assert triples(server.url) == triples(str(ingested_store))
    out = tmp_path / "map.html"
    assert run("--store", server.url, "view", "-o", str(out)).exit_code == 0
    assert "Rustem Umerov" in out.read_text()
    assert run("--store", server.url, "validate").exit_code == 0


def test_data_persists_across_a_server_restart(server, examples_dir):
    run("--store", server.url, "ingest", str(examples_dir / "geneva-talks.txt"))
    before = _stats(server.url)
    server.stop()
    server.start()
    assert _stats(server.url) == before and before["articles"] == 1


def test_server_going_away_mid_ingest_leaves_whole_articles(server, examples_dir):
    articles = list(read_articles([str(examples_dir)]))
    kg = KGraph.open(server.url)
    written = []
    put = kg.store.replace_graph

    def stop_after_first(graph, quads):  # every article is extracted before the first write
        put(graph, quads)
        written.append(graph)
        if len(written) == 1:
            server.stop()

    kg.store.replace_graph = stop_after_first
    with pytest.raises(KGraphError, match="cannot reach the SPARQL server"):
        kg.ingest(articles)
    server.start()
    # the first article is there whole, none of the others even in part
    assert KGraph.open(server.url).article_graphs() == [kg.minter.graph(articles[0].id)]
    first = kg.minter.graph(articles[0].id)
    with KGraph.open("memory") as mem:
        mem.ingest(articles[:1])
        assert len(KGraph.open(server.url).store.quads(first)) == len(list(
            mem.store._store.quads_for_pattern(None, None, None, ox.NamedNode(first))))
    # the server went away before the first article was resolved: the next ingest does it
    again = KGraph.open(server.url)
    assert again.identity.unresolved([first]) == [first]
    again.ingest(articles[:1])
    assert again.identity.unresolved([first]) == []


def test_unreachable_server_and_bad_sparql_are_one_line_errors(server):
    result = run("--store", "http://127.0.0.1:9/", "stats")
    assert result.exit_code == 1 and "cannot reach the SPARQL server" in result.stderr
    bad = run("--store", server.url, "query", "-e", "SELECT ?x WHERE {")
    assert bad.exit_code == 1 and re.search(r"SPARQL syntax error at 1:\d+", bad.stderr)
