import pytest
import rdflib

from kgraph.namespace import KG, SCHEMA, SEM
from kgraph.resources import graph_dir


def test_ontology_declares_exactly_the_namespace_terms():
    g = rdflib.Graph().parse(graph_dir() / "ontology.ttl")
    declared = {str(s)[len(str(KG)):] for s in g.subjects() if str(s).startswith(str(KG))}
    assert declared == set(KG.__annotations__)


def test_every_kgraph_class_and_property_is_aligned_to_a_standard_term():
    g = rdflib.Graph().parse(graph_dir() / "ontology.ttl")
    OWL, RDFS = rdflib.OWL, rdflib.RDFS
    for cls in g.subjects(rdflib.RDF.type, OWL.Class):
        parents = set(g.objects(cls, RDFS.subClassOf))
        assert any(not str(p).startswith(str(KG)) for p in parents) or KG.Actor in parents, cls


@pytest.mark.parametrize("ns,term", [(KG, "Meting"), (SEM, "hasActr"), (SCHEMA, "Persn")])
def test_unknown_terms_fail(ns, term):
    with pytest.raises(AttributeError):
        getattr(ns, term)
