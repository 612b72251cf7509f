import pyoxigraph as ox

from kgraph.validate import validate
from tests.factories import sample_store


def test_sample_graphs_conform():
    report = validate(sample_store().store)
    assert report.graphs == 2 and report.conforms, report.text()


def test_evidence_without_sentence_and_bad_confidence_are_reported():
    kg = sample_store()
    g = kg.store.graphs()[0]
    kg.store._store.update(
        "PREFIX kg: <https://kgraph.example/ns#> "
        f"DELETE {{ GRAPH <{g}> {{ ?e kg:sentence ?s }} }} "
        f"INSERT {{ GRAPH <{g}> {{ ?e kg:confidence 1.5 }} }} "
        f"WHERE {{ GRAPH <{g}> {{ ?e kg:sentence ?s }} }}"
    )
    report = validate(kg.store)
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert {"kg:sentence", "kg:confidence"} <= paths
    assert all(v.graph == g for v in report.violations)
    assert "violations" in report.text().splitlines()[0]


def test_an_event_actor_that_is_not_typed_is_reported():
    kg = sample_store()
    g = kg.store.graphs()[0]
    kg.store._store.add(ox.Quad(ox.NamedNode("http://x/event/e"), ox.NamedNode(
        "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"), ox.NamedNode("http://x/nobody"),
        ox.NamedNode(g)))
    kg.store._store.add(ox.Quad(ox.NamedNode("http://x/event/e"), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(
        "http://semanticweb.cs.vu.nl/2009/11/sem/Event"), ox.NamedNode(g)))
    report = validate(kg.store)
    assert any(v.path == "sem:hasActor" for v in report.violations)
