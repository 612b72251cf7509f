import datetime as dt
from collections import Counter

import pyoxigraph as ox
import pytest

from kgraph.iri import Minter
from kgraph.model import Event, Participant
from kgraph.namespace import KG, OWL, RDF, SCHEMA, SEM, XSD
from kgraph.output import from_result
from kgraph.project import bipartite
from kgraph.queries import find_query
from kgraph.rdf import (
    ACTOR_CLASSES,
    EVENT_CLASSES,
    PREDICATE_TERMS,
    ROLE_TERMS,
    STATUS_TERMS,
    to_quads,
)
from kgraph.resolve.identity import Identity
from kgraph.schema import schema
from kgraph.store import open_store
from tests.factories import sample_extraction

M = Minter("http://x/")
AID = sample_extraction().article.id


def _triples(quads):
    return {(q.subject.value, q.predicate.value, getattr(q.object, "value", None)) for q in quads}


def test_everything_goes_into_the_articles_named_graph():
    x = sample_extraction()
    quads = to_quads(x, M)
    assert {q.graph_name.value for q in quads} == {M.graph(x.article.id)}
    assert len(quads) == len(set(quads))


def test_actors_are_typed_labelled_and_linked_to_wikidata():
    t = _triples(to_quads(sample_extraction(), M))
    rubio = M.actor(AID, "marco-rubio")
    assert (rubio, str(RDF.type), str(SCHEMA.Person)) in t
    assert (rubio, str(RDF.type), str(KG.Actor)) in t
    assert (rubio, str(OWL.sameAs), "http://www.wikidata.org/entity/Q324546") in t


def test_meeting_has_participants_roles_place_and_date():
    x = sample_extraction()
    t = _triples(to_quads(x, M))
    event = M.event(x.article.id, x.events[0].key)
    assert (event, str(RDF.type), str(KG.Meeting)) in t
    assert (event, str(SEM.hasPlace), M.place("geneva")) in t
    assert (event, str(SEM.hasTimeStamp), "2025-11-23") in t
    role = M.participation(event, "marco-rubio")
    assert (role, str(SEM.roleType), str(KG.HeadOfDelegation)) in t
    assert (role, str(RDF.value), M.actor(AID, "marco-rubio")) in t


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
    assert (M.actor(AID, "rustem-umerov"), str(KG.represents), M.actor(AID, "ukraine")) in t
    statements = [s for s, p, o in t if p == str(RDF.type) and o == str(KG.RelationStatement)]
    assert len(statements) == 2
    kinds = Counter(p for s, p, o in t if s in statements)
    assert kinds[str(KG.evidence)] == 2


def test_a_country_used_as_a_place_is_the_actor_node():
    x = sample_extraction()
    x.events[0].place = "ukraine"
    t = _triples(to_quads(x, M))
    assert (M.event(x.article.id, x.events[0].key), str(SEM.hasPlace), M.actor(AID, "ukraine")) in t


def test_quads_parse_back_as_nquads():
    quads = to_quads(sample_extraction(), M)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert len(list(ox.parse(data, format=ox.RdfFormat.N_QUADS))) == len(quads)


def test_the_writers_terms_are_the_schemas():
    s = schema()
    def iris(terms):
        return {k: str(v) for k, v in terms.items()}
    assert iris(EVENT_CLASSES) == {e.name: e.iri for e in s.event_types}
    assert iris(EVENT_CLASSES)["Other"] == str(KG.OtherEvent)
    assert iris(ROLE_TERMS) == {r.name: r.iri for r in s.roles}
    assert iris(STATUS_TERMS) == {t.name: t.iri for t in s.statuses}
    assert iris(PREDICATE_TERMS) == {p.name: p.iri for p in s.predicates}
    assert iris(ACTOR_CLASSES) == {a.name: a.iri for a in s.actor_types}
    assert list(EVENT_CLASSES) == [e.name for e in s.event_types]


@pytest.mark.parametrize("precision,lexical,datatype", [
    ("day", "2025-10-05", XSD.date), ("week", "2025-10-05", XSD.date),
    ("month", "2025-10", XSD.gYearMonth), ("year", "2025", XSD.gYear),
])
def test_event_dates_are_written_at_their_precision(precision, lexical, datatype):
    x = sample_extraction()
    x.events[0].date, x.events[0].date_precision = dt.date(2025, 10, 5), precision
    quads = to_quads(x, M)
    event = M.event(x.article.id, x.events[0].key)
    values = {q.predicate.value: q.object for q in quads if q.subject.value == event}
    stamp = values[str(SEM.hasTimeStamp)]
    assert (stamp.value, stamp.datatype.value) == (lexical, str(datatype))
    assert values[str(KG.datePrecision)].value == precision


def test_an_unknown_precision_is_refused():
    x = sample_extraction()
    x.events[0].date_precision = "decade"
    with pytest.raises(ValueError, match="unknown date precision 'decade'"):
        to_quads(x, M)


def test_status_is_written_from_the_schemas_concepts():
    x = sample_extraction()
    x.events[1].planned = True
    t = _triples(to_quads(x, M))
    assert (M.event(x.article.id, x.events[0].key), str(KG.status), str(KG.Happened)) in t
    assert (M.event(x.article.id, x.events[1].key), str(KG.status), str(KG.Planned)) in t


def test_fingerprint_and_threshold_are_written_on_the_extraction():
    x = sample_extraction()
    activity = M.extraction(x.article.id)
    t = _triples(to_quads(x, M))
    assert not [p for s, p, o in t if s == activity and p in (str(KG.extractorFingerprint),
                                                              str(KG.minConfidence))]
    x.fingerprint, x.min_confidence = "kgraph.extract 0.2.0 lexicon=ab12cd model=en-3.8.0", 0.35
    quads = to_quads(x, M)
    values = {q.predicate.value: q.object for q in quads if q.subject.value == activity}
    assert values[str(KG.extractorFingerprint)].value == x.fingerprint
    conf = values[str(KG.minConfidence)]
    assert (conf.value, conf.datatype.value) == ("0.35", str(XSD.decimal))


def _dated_store():
    """One article with a meeting on a day, a visit in a month, an attack in a year,
    and an undated statement."""
    x = sample_extraction()
    ev = x.events[0].evidence
    who = [Participant("marco-rubio", "participant")]
    x.events += [
        Event("visit-1", "Visit", "Visit in October", who, date=dt.date(2025, 10, 1),
              date_precision="month", evidence=ev),
        Event("attack-1", "Attack", "Attack in that year",
              [Participant("marco-rubio", "attacker"), Participant("ukraine", "target")],
              date=dt.date(2025, 1, 1), date_precision="year", evidence=ev),
    ]
    store = open_store("memory")
    store.replace_graph(M.graph(x.article.id), to_quads(x, M))
    Identity(store, M).add([M.graph(x.article.id)])
    return store


def test_month_and_year_dates_read_back_at_their_precision():
    B = bipartite(_dated_store())
    dates = {d["label"]: (d.get("date"), d.get("date_precision"))
             for _, d in B.nodes(data=True) if d["kind"] == "event"}
    assert dates == {"Meeting in Geneva": ("2025-11-23", "day"), "Visit in October": ("2025-10", "month"),
                     "Attack in that year": ("2025", "year"), "Rubio: We made progress.": (None, None)}
    roles = {d["date"] for _, _, d in B.edges(data=True) if d["kind"] == "role"}
    assert roles == {"2025-11-23", "2025-10", "2025", None}


@pytest.mark.parametrize("name,params,column", [
    ("events", {}, "event"), ("actor-events", {"actor": "Rubio"}, "event"),
    ("event-participants", {"event": "in"}, "label"),
])
def test_stored_queries_sort_mixed_date_literals_and_show_them_as_stored(name, params, column):
    rows = from_result(_dated_store().query(find_query(name).bind(params))).dicts()
    dated = [(r["date"], r[column]) for r in rows if r["date"] is not None]
    assert [d for d, _ in dated] == sorted(d for d, _ in dated)
    assert {d for d, _ in dated} >= {"2025", "2025-10", "2025-11-23"}
    assert all(r["date"] is not None for r in rows[len(rows) - len(dated):])  # undated first


def test_who_met_whom_keeps_a_month_date_as_stored():
    x = sample_extraction()
    x.events[0].date, x.events[0].date_precision = dt.date(2025, 10, 1), "month"
    store = open_store("memory")
    store.replace_graph(M.graph(x.article.id), to_quads(x, M))
    Identity(store, M).add([M.graph(x.article.id)])
    rows = from_result(store.query(find_query("who-met-whom").bind({}))).dicts()
    assert [(r["actor1"], r["actor2"], r["date"]) for r in rows] == [
        ("Marco Rubio", "Rustem Umerov", "2025-10")]
