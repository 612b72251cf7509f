import pyoxigraph as ox

from kgraph.validate import validate
from tests.factories import sample_store


def test_sample_graphs_conform():
    kg = sample_store()
    report = validate(kg.store, kg.article_graphs())
    assert report.graphs == 2 and report.conforms, report.text()


def test_evidence_without_sentence_and_bad_confidence_are_reported():
    kg = sample_store()
    g = kg.article_graphs()[0]
    kg.store._store.update(
        "PREFIX kg: <https://kgraph.example/ns#> "
        f"DELETE {{ GRAPH <{g}> {{ ?e kg:sentence ?s }} }} "
        f"INSERT {{ GRAPH <{g}> {{ ?e kg:confidence 1.5 }} }} "
        f"WHERE {{ GRAPH <{g}> {{ ?e kg:sentence ?s }} }}"
    )
    report = validate(kg.store, kg.article_graphs())
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert {"kg:sentence", "kg:confidence"} <= paths
    assert all(v.graph == g for v in report.violations)
    assert "violations" in report.text().splitlines()[0]


def test_an_event_actor_that_is_not_typed_is_reported():
    kg = sample_store()
    g = kg.article_graphs()[0]
    kg.store._store.add(ox.Quad(ox.NamedNode("http://x/event/e"), ox.NamedNode(
        "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"), ox.NamedNode("http://x/nobody"),
        ox.NamedNode(g)))
    kg.store._store.add(ox.Quad(ox.NamedNode("http://x/event/e"), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(
        "http://semanticweb.cs.vu.nl/2009/11/sem/Event"), ox.NamedNode(g)))
    report = validate(kg.store, kg.article_graphs())
    assert any(v.path == "sem:hasActor" for v in report.violations)


def _store_of(x):
    from kgraph.iri import Minter
    from kgraph.rdf import to_quads
    from kgraph.store import open_store

    store, minter = open_store("memory"), Minter("http://x/")
    store.replace_graph(minter.graph(x.article.id), to_quads(x, minter))
    return store, minter


def _violations(store):
    return {(v.path, v.message) for v in validate(store).violations}


def test_dates_at_every_precision_and_a_fingerprint_conform():
    import datetime as dt

    from tests.factories import sample_extraction

    for precision in ("day", "week", "month", "year"):
        x = sample_extraction()
        x.events[0].date, x.events[0].date_precision = dt.date(2025, 10, 5), precision
        x.fingerprint, x.min_confidence = "kgraph.extract 0.2.0", 0.3
        report = validate(_store_of(x)[0])
        assert report.conforms, (precision, report.text())


def test_a_role_the_event_type_does_not_admit_is_reported():
    from tests.factories import sample_extraction

    x = sample_extraction()
    x.events[0].participants[1].role = "attacker"  # in a Meeting
    assert _violations(_store_of(x)[0]) == {(
        "kg:participation/sem:roleType",
        "a Meeting admits the roles: head_of_delegation, member, host, participant")}


def test_a_date_whose_datatype_does_not_match_its_precision_is_reported():
    import datetime as dt

    from tests.factories import sample_extraction

    x = sample_extraction()
    x.events[0].date, x.events[0].date_precision = dt.date(2025, 10, 1), "day"
    store, minter = _store_of(x)
    g = minter.graph(x.article.id)
    store.update(  # a month written as its first day, as older versions did
        "PREFIX kg: <https://kgraph.example/ns#> "
        f'DELETE {{ GRAPH <{g}> {{ ?e kg:datePrecision "day" }} }} '
        f'INSERT {{ GRAPH <{g}> {{ ?e kg:datePrecision "month" }} }} '
        f'WHERE {{ GRAPH <{g}> {{ ?e kg:datePrecision "day" }} }}')
    assert _violations(store) == {
        ("sem:hasTimeStamp", "the date's datatype does not match its precision")}


def test_terms_outside_the_schema_are_reported():
    from tests.factories import sample_extraction

    x = sample_extraction()
    store, minter = _store_of(x)
    g = minter.graph(x.article.id)
    store.update(
        "PREFIX kg: <https://kgraph.example/ns#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        f"DELETE {{ GRAPH <{g}> {{ ?e a kg:Meeting . ?r rdf:predicate kg:represents }} }} "
        f"INSERT {{ GRAPH <{g}> {{ ?e a kg:Summit . ?r rdf:predicate kg:speaksFor . "
        f'?e kg:datePrecision "decade" }} }} '
        f"WHERE {{ GRAPH <{g}> {{ ?e a kg:Meeting . ?r rdf:predicate kg:represents }} }}")
    messages = {m for _, m in _violations(store)}
    assert "an event has exactly one event type: Meeting, Visit, Statement, Proposal, Attack, " \
           "Agreement, Call, Other" in messages
    assert any(m.startswith("a relation's predicate is one of: leads, member_of") for m in messages)
    assert any(m.startswith("a date precision is one of: day, week, month, year") for m in messages)
