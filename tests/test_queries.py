import pytest

from kgraph.errors import KGraphError
from kgraph.queries import find_query, load_queries, parse_query
from tests.factories import sample_store

HOSTILE = ['Rubio" } } DROP ALL ; #', "x' . ?s ?p ?o #", "\\\" ) UNION { ?a ?b ?c }"]


def test_every_stored_query_has_a_title_description_and_valid_sparql():
    queries = load_queries()
    assert {"who-met-whom", "actor-events", "event-participants", "positions", "evidence",
            "connected-actors"} <= set(queries)
    kg = sample_store()
    for q in queries.values():
        assert q.title and q.title != q.name and q.description
        kg.query(q.name, {p.name: "Rubio" for p in q.params if p.required})


def test_header_parsing():
    q = parse_query("t", "# title: T\n# description: D\n# param: since (date, optional): from\n"
                    "SELECT * { VALUES ?since { UNDEF } }")
    [p] = q.params
    assert (q.title, q.description, p.name, p.type, p.required) == ("T", "D", "since", "date", False)


def test_a_parameter_without_its_values_block_is_refused():
    with pytest.raises(KGraphError, match="needs a 'VALUES"):
        parse_query("t", "# param: who: a name\nSELECT * { ?s ?p ?who }")


def test_a_parameter_is_bound_in_each_of_its_blocks():
    q = parse_query("t", "# param: who (name, optional): a name\n"
                    "SELECT * { { VALUES ?who { UNDEF } FILTER(!BOUND(?who)) } UNION "
                    "{ VALUES ?who { UNDEF } ?s ?p ?who } }")
    text = q.bind({"who": "Rubio"})
    assert text.count('VALUES ?who { "rubio" }') == 2 and "UNDEF" not in text


def test_binding_leaves_out_the_way_that_cannot_hold():
    q = parse_query("t", "# param: who (name, optional): a name\nSELECT * {\n"
                    "  {\n    #if !who\n    VALUES ?who { UNDEF } FILTER (!BOUND(?who)) ?s ?p ?o\n"
                    "    #end\n  }\n"
                    "  UNION\n  {\n    #if who\n    VALUES ?who { UNDEF } ?s ?p ?who\n    #end\n  }\n}\n")
    every, named = q.bind({}), q.bind({"who": "Rubio"})
    assert "FILTER (!BOUND" in every and "?s ?p ?who" not in every
    assert "?s ?p ?who" in named and "FILTER (!BOUND" not in named and named.count("FILTER (false)") == 1
    # the stored listings' files as they stand (both ways, unbound) give the listing
    from kgraph.output import from_result

    kg = sample_store()
    for name in ("who-met-whom", "positions"):
        raw = from_result(kg.store.query(find_query(name).text, union=True)).rows
        assert raw == kg.query(name).rows and raw, name
    with pytest.raises(KGraphError, match="names no optional parameter"):
        parse_query("t", "SELECT * {\n#if who\n?s ?p ?o\n#end\n}")


def test_missing_and_unknown_parameters():
    q = find_query("actor-events")
    with pytest.raises(KGraphError, match="needs --param actor"):
        q.bind({})
    with pytest.raises(KGraphError, match="no parameter 'nope'"):
        q.bind({"actor": "Rubio", "nope": "1"})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_inside_one_literal(value):
    kg = sample_store()
    before = kg.store.count_quads()
    rows = kg.query("actor-events", {"actor": value})
    assert rows.rows == [] and kg.store.count_quads() == before


def test_who_met_whom_on_the_sample():
    """Two articles report one meeting: one row, with two sources."""
    kg = sample_store()
    rows = kg.query("who-met-whom").dicts()
    meetings = kg.query(text="SELECT ?f WHERE { GRAPH ?g { ?m a kg:Meeting ; kg:factId ?f } }").dicts()
    first = min(r["f"] for r in meetings)  # the least of the two reports' IDs
    assert len(meetings) == 2 and rows == [
        {"actor1": "Marco Rubio", "actor2": "Rustem Umerov", "event": "Meeting in Geneva",
         "date": "2025-11-23", "place": "Geneva", "sources": 2, "id": first}]


def test_actor_param_filters_case_insensitively_by_alias():
    kg = sample_store()
    assert kg.query("who-met-whom", {"actor": "umerov"}).rows
    assert not kg.query("who-met-whom", {"actor": "Putin"}).rows


def test_actor_events_in_date_order_with_roles():
    rows = sample_store().query("actor-events", {"actor": "rubio"}).dicts()
    assert {(r["type"], r["role"]) for r in rows} == {("Meeting", "HeadOfDelegation"),
                                                     ("Statement", "Speaker")}


def test_event_participants_positions_evidence_connected():
    kg = sample_store()
    parts = kg.query("event-participants", {"event": "geneva"}).dicts()
    assert {(p["participant"], p["role"], p["type"]) for p in parts} == {
        ("Marco Rubio", "HeadOfDelegation", "Person"), ("Rustem Umerov", "Participant", "Person")}
    pos = kg.query("positions", {"actor": "Marco Rubio"}).dicts()
    assert {p["position"] for p in pos} == {"Secretary of State"}
    assert all(p["sentence"].startswith("Secretary of State Marco Rubio") for p in pos)
    evidence = kg.query("evidence", {"name": "Umerov"}).dicts()
    assert {"actor: Rustem Umerov", "Rustem Umerov represents Ukraine"} <= {e["fact"] for e in evidence}
    assert all(e["extractor"] == "kgraph.extract 0.1.0" for e in evidence)
    connected = kg.query("connected-actors", {"actor": "Umerov"}).dicts()
    assert {c["other"] for c in connected} == {"Marco Rubio", "Ukraine"}


def test_ad_hoc_query_file(tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("# title: Count\nSELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    rows = sample_store().query(str(path))
    assert rows.columns == ["n"] and rows.rows[0][0] > 0
    with pytest.raises(KGraphError, match="no such query file"):
        find_query(str(tmp_path / "missing.rq"))
    with pytest.raises(KGraphError, match="no stored query"):
        find_query("no-such-query")


def test_a_surname_finds_the_actor_but_a_fragment_does_not():
    kg = sample_store()
    assert kg.query("actor-events", {"actor": "RUBIO"}).rows  # the alias
    kg2 = sample_store()
    assert kg2.query("positions", {"actor": "umerov"}).rows == []  # no position, but no error
    assert kg2.query("connected-actors", {"actor": "Umerov"}).rows  # surname of Rustem Umerov
    assert not kg.query("actor-events", {"actor": "ubio"}).rows
    assert not kg.query("actor-events", {"actor": "Marco"}).rows


def test_events_show_each_events_type_and_the_parameter_only_filters():
    kg = sample_store()
    rows = kg.query("events").dicts()
    assert rows and all(r["type"] for r in rows)  # filled without -p type=
    types = {r["type"] for r in rows}
    assert "Meeting" in types
    meetings = kg.query("events", {"type": "meeting"}).dicts()
    assert meetings and {r["type"] for r in meetings} == {"Meeting"}
    assert len(meetings) == sum(r["type"] == "Meeting" for r in rows)
