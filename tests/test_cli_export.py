import json
import re
import shutil
import subprocess

import pyoxigraph as ox
import pytest

from tests.cli import run


def _count(data: bytes, fmt) -> int:
    return len(list(ox.parse(data, format=fmt)))


RAPPER = shutil.which("rapper")


def _rapper_count(data: bytes, syntax: str, tmp_path) -> int:
    path = tmp_path / "export.rdf"
    path.write_bytes(data)
    proc = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return int(re.search(r"returned (\d+) (?:triples|statements)", proc.stderr).group(1))


@pytest.mark.skipif(RAPPER is None, reason="rapper not found: install Debian's raptor2-utils")
@pytest.mark.parametrize("name,syntax", [("turtle", "turtle"), ("ntriples", "ntriples"),
                                         ("trig", "trig"), ("nquads", "nquads")])
def test_rdf_exports_reread_by_an_independent_parser(ingested_store, tmp_path, name, syntax):
    from kgraph.store import open_store

    store = open_store(str(ingested_store), read_only=True)
    expected = store.count_triples() if name in ("turtle", "ntriples") else store.count_quads()
    store.close()
    data = run("--store", str(ingested_store), "export", "-f", name).stdout_bytes
    assert _rapper_count(data, syntax, tmp_path) == expected > 300


def test_jsonld_reread_by_rdflib(ingested_store):
    import rdflib

    from kgraph.store import open_store

    store = open_store(str(ingested_store), read_only=True)
    expected = store.count_quads()
    store.close()
    data = run("--store", str(ingested_store), "export", "-f", "jsonld").stdout_bytes
    ds = rdflib.Dataset()
    ds.parse(data=data, format="json-ld")
    default = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    assert sum(len(g) for g in ds.graphs() if g.identifier != default) == expected


def test_turtle_has_the_distinct_triple_count(ingested_store):
    counts = json.loads(run("--store", str(ingested_store), "stats", "--json").stdout)
    data = run("--store", str(ingested_store), "export").stdout_bytes
    assert _count(data, ox.RdfFormat.TURTLE) == counts["triples"]
    assert b"@prefix kg: <https://kgraph.example/ns#>" in data


def test_one_article_by_title_and_to_a_file(ingested_store, tmp_path, examples_dir):
    out = tmp_path / "moscow.ttl"
    result = run("--store", str(ingested_store), "export", "-a",
                 str(examples_dir / "moscow-meeting.txt"), "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    whole = run("--store", str(ingested_store), "export").stdout_bytes
    assert 0 < _count(out.read_bytes(), ox.RdfFormat.TURTLE) < _count(whole, ox.RdfFormat.TURTLE)


def test_unknown_article_and_format(ingested_store):
    assert "no article" in run("--store", str(ingested_store), "export", "-a", "nope").stderr
    assert "unknown export format" in run("--store", str(ingested_store), "export", "-f", "xml").stderr


def test_one_article_as_trig_keeps_its_graph_name(ingested_store, examples_dir):
    result = run("--store", str(ingested_store), "export", "-a",
                 str(examples_dir / "geneva-talks.txt"), "-f", "trig")
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TRIG))
    assert len({q.graph_name for q in quads}) == 1
    assert quads[0].graph_name.value.startswith("https://kgraph.example/id/graph/")


@pytest.mark.parametrize("network", ["actors", "bipartite"])
def test_network_exports_reread_with_equal_counts(ingested_store, tmp_path, network):
    import csv

    import networkx as nx

    from kgraph.project import actor_graph, bipartite
    from kgraph.store import open_store

    store = open_store(str(ingested_store), read_only=True)
    B = bipartite(store)
    G = actor_graph(B) if network == "actors" else B
    store.close()
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"{network}.{fmt}"
        result = run("--store", str(ingested_store), "export", "-f", fmt, "--network", network,
                     "-o", str(out))
        assert result.exit_code == 0, result.output
        back = read(out)
        assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(),
                                                                     G.number_of_edges())
        some = next(iter(G.nodes))
        assert back.nodes[some]["label"] == G.nodes[some]["label"]
    nodes = run("--store", str(ingested_store), "export", "-f", "csv-nodes", "--network", network)
    edges = run("--store", str(ingested_store), "export", "-f", "csv-edges", "--network", network)
    node_rows = list(csv.DictReader(nodes.stdout.splitlines()))
    edge_rows = list(csv.DictReader(edges.stdout.splitlines()))
    assert len(node_rows) == G.number_of_nodes() and len(edge_rows) == G.number_of_edges()
    assert {"id", "label", "kind", "type"} <= set(node_rows[0])
    assert {"source", "target", "label" if network == "bipartite" else "weight"} <= set(edge_rows[0])


def test_network_format_with_an_article_is_refused(ingested_store):
    result = run("--store", str(ingested_store), "export", "-f", "gexf", "-a", "anything")
    assert result.exit_code == 1 and "works with RDF formats" in result.stderr
