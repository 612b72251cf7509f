"""An ad-hoc query on a SPARQL server sees the union of its named graphs as its default
graph, as on the embedded store (Oxigraph's ``union-default-graph`` parameter)."""

from __future__ import annotations

import pytest

from tests.cli import run
from tests.oxigraph_server import Server


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "oxdata").start()
    yield srv
    srv.stop()


def test_an_ad_hoc_query_on_a_server_sees_every_named_graph(server, examples_dir):
    assert run("--store", server.url, "ingest", str(examples_dir / "geneva-talks.txt")).exit_code == 0
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Canonical }"
    expected = run("--store", server.url, "query", "-e",
                   "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kg:Canonical } }", "--csv").stdout
    assert expected != "n\n0\n"
    assert run("--store", server.url, "query", "-e", text, "--csv").stdout == expected
    assert run("--store", server.url, "query", "--timeout", "60", "-e", text, "--csv").stdout == expected
    # a syntax error still points into the user's text
    bad = run("--store", server.url, "query", "-e", "SELECT ?x WHERE { ?x")
    assert bad.exit_code == 1 and "SPARQL syntax error at 1:" in bad.stderr
