from collections import Counter

import pyoxigraph as ox

from kgraph.iri import Minter
from kgraph.namespace import KG, OWL, RDF, SCHEMA, SEM
from kgraph.rdf import to_quads
from tests.factories import sample_extraction

M = Minter("http://x/")


def _triples(quads):
    return {(q.subject.value, q.predicate.value, getattr(q.object, "value", None)) for q in quads}


def test_everything_goes_into_the_articles_named_graph():
    x = sample_extraction()
    quads = to_quads(x, M)
    assert {q.graph_name.value for q in quads} == {M.graph(x.article.id)}
    assert len(quads) == len(set(quads))


def test_actors_are_typed_labelled_and_linked_to_wikidata():
    t = _triples(to_quads(sample_extraction(), M))
    rubio = M.actor("marco-rubio")
    assert (rubio, str(RDF.type), str(SCHEMA.Person)) in t
    assert (rubio, str(RDF.type), str(KG.Actor)) in t
    assert (rubio, str(OWL.sameAs), "http://www.wikidata.org/entity/Q324546") in t


def test_meeting_has_participants_roles_place_and_date():
    x = sample_extraction()
    t = _triples(to_quads(x, M))
    event = M.event(x.events[0], x.article.id)
    assert (event, str(RDF.type), str(KG.Meeting)) in t
    assert (event, str(SEM.hasPlace), M.place("geneva")) in t
    assert (event, str(SEM.hasTimeStamp), "2025-11-23") in t
    role = M.participation(event, "marco-rubio")
    assert (role, str(SEM.roleType), str(KG.HeadOfDelegation)) in t
    assert (role, str(RDF.value), M.actor("marco-rubio")) in t


def test_evidence_offsets_point_at_the_sentence_in_the_file():
    x = sample_extraction()
    quads = to_quads(x, M)
    by_subject = {}
    for q in quads:
        by_subject.setdefault(q.subject.value, {})[q.predicate.value] = q.object.value
    evidence = [d for d in by_subject.values() if d.get(str(RDF.type)) == str(KG.Evidence)]
    assert evidence
    for d in evidence:
        start, end = int(d[str(KG.startOffset)]), int(d[str(KG.endOffset)])
        assert x.article.text[start:end] == d[str(KG.sentence)]
        assert 0 <= float(d[str(KG.confidence)]) <= 1


def test_relations_are_direct_triples_and_statements_with_evidence():
    x = sample_extraction()
    t = _triples(to_quads(x, M))
    assert (M.actor("rustem-umerov"), str(KG.represents), M.actor("ukraine")) in t
    statements = [s for s, p, o in t if p == str(RDF.type) and o == str(KG.RelationStatement)]
    assert len(statements) == 2
    kinds = Counter(p for s, p, o in t if s in statements)
    assert kinds[str(KG.evidence)] == 2


def test_a_country_used_as_a_place_is_the_actor_node():
    x = sample_extraction()
    x.events[0].place = "ukraine"
    t = _triples(to_quads(x, M))
    assert (M.event(x.events[0], x.article.id), str(SEM.hasPlace), M.actor("ukraine")) in t


def test_quads_parse_back_as_nquads():
    quads = to_quads(sample_extraction(), M)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert len(list(ox.parse(data, format=ox.RdfFormat.N_QUADS))) == len(quads)
