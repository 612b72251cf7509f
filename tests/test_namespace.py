import pytest
import rdflib
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from kgraph.namespace import KG, PREFIXES, SCHEMA, SEM
from kgraph.resources import graph_dir
from kgraph.schema import expand, schema
from kgraph.schema.vocabulary import ontology


def _declared(g: rdflib.Graph) -> set[str]:
    return {str(s)[len(str(KG)):] for s in g.subjects() if str(s).startswith(str(KG))}


def test_ontology_declares_exactly_the_namespace_terms():
    terms = set(KG.__annotations__) | set(KG._extras)
    assert _declared(ontology()) == terms
    assert len(terms) == len(KG.__annotations__) + len(KG._extras)  # no term in both


def test_the_schemas_terms_come_from_the_schema_not_from_the_files():
    s = schema()
    assert set(KG._extras) == set(s.kg_terms)
    assert {e.term for e in s.event_types} | {r.term for r in s.roles} | {
        t.term for t in s.statuses} | {p.term for p in s.predicates} | {"Group"} == set(KG._extras)
    # ontology.ttl keeps only the hand-written terms
    static = rdflib.Graph().parse(graph_dir() / "ontology.ttl")
    assert not _declared(static) & set(s.kg_terms)
    assert _declared(static) == set(KG.__annotations__)


def test_ontology_follows_the_schema():
    g, s = ontology(), schema()
    for et in s.event_types:
        c = rdflib.URIRef(et.iri)
        assert (c, RDF.type, OWL.Class) in g
        assert {SEM.Event, SCHEMA.Event} <= set(g.objects(c, RDFS.subClassOf))
        assert g.value(c, RDFS.label) == rdflib.Literal(et.label)
    for role in s.roles:
        r = rdflib.URIRef(role.iri)
        assert (r, SKOS.inScheme, KG.RoleScheme) in g and (r, RDF.type, SEM.RoleType) in g
        assert g.value(r, SKOS.prefLabel) == rdflib.Literal(role.label)
    assert {str(t) for t in g.subjects(SKOS.inScheme, KG.StatusScheme)} == {
        t.iri for t in s.statuses}
    for p in s.predicates:
        parents = {str(o) for o in g.objects(rdflib.URIRef(p.iri), RDFS.subPropertyOf)}
        assert parents == ({expand(p.subproperty_of)} if p.subproperty_of else set())
    assert (KG.memberOf, RDFS.subPropertyOf, ORG.memberOf) in g
    assert (KG.inContactWith, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.Group, RDFS.subClassOf, KG.Actor) in g


def test_every_kgraph_class_and_property_is_aligned_to_a_standard_term():
    g = ontology()
    for cls in g.subjects(RDF.type, OWL.Class):
        parents = set(g.objects(cls, RDFS.subClassOf))
        assert any(not str(p).startswith(str(KG)) for p in parents) or KG.Actor in parents, cls


def test_prefixes_are_the_vocabularies_used():
    expected = {"kg": KG, "sem": SEM, "schema": SCHEMA, "org": ORG, "prov": PROV, "skos": SKOS,
                "dct": DCTERMS, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}
    assert {k: PREFIXES[k] for k in expected} == {k: str(v) for k, v in expected.items()}


@pytest.mark.parametrize("ns,term", [(KG, "Meting"), (KG, "OtherEvents"), (KG, "Other"),
                                     (SEM, "hasActr"), (SCHEMA, "Persn")])
def test_unknown_terms_fail(ns, term):
    with pytest.raises(AttributeError):
        getattr(ns, term)


def test_schema_terms_are_attributes():
    assert str(KG.OtherEvent) == "https://kgraph.example/ns#OtherEvent"
    assert str(KG.HeadOfDelegation).endswith("#HeadOfDelegation") and KG.locatedIn in KG
