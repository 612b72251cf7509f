"""The stored queries' fact IDs, curation rejects, date ranges, article columns, the
people-only who-met-whom and the one-row-per-sentence evidence (issue 11, part 4), on
the real store of the bundled examples and on small hand-built ones."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kgraph.api import KGraph
from kgraph.iri import fact_kind
from kgraph.model import Event, Participant
from kgraph.queries import load_queries
from kgraph.rdf import to_quads
from tests.cli import run
from tests.factories import sample_extraction

#: Parameters that find rows on the examples, for every stored query that needs one.
PARAMS = {"actor-events": {"actor": "Witkoff"}, "connected-actors": {"actor": "Umerov"},
          "event-participants": {"event": "Abu Dhabi"},
          "event-reports": {"event": "Visit by Steve Witkoff"}, "evidence": {"name": "Kushner"},
          "positions": {"actor": "Driscoll"}}
#: The kind of fact each query's ID names (evidence: any).
KINDS = {"events": {"event"}, "actor-events": {"event"}, "who-met-whom": {"event"},
         "event-reports": {"event"}, "event-participants": {"participation"},
         "relations": {"relation"}, "positions": {"position"}, "connected-actors": {"actor"},
         "evidence": {"actor", "event", "participation", "relation", "position"}}


def test_every_stored_query_ends_with_a_fact_id_column(ingested_store):
    assert set(KINDS) == set(load_queries())
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        for name in KINDS:
            rows = kg.query(name, PARAMS.get(name, {}))
            assert rows.rows and rows.columns[-1] == "id", name
            kinds = {fact_kind(str(r["id"])) for r in rows.dicts()}
            assert kinds <= KINDS[name] and None not in kinds, (name, kinds)


def test_one_real_world_event_has_one_id_in_every_query(ingested_store):
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        def ids(name, column, params=None):
            return {r["id"] for r in kg.query(name, params or {}).dicts()
                    if r[column] == "Meeting in Shell Bay"}

        [first] = ids("events", "event")
        assert ids("actor-events", "event", {"actor": "Witkoff"}) == {first}
        assert ids("who-met-whom", "event") == {first}
        # the least of its reports' IDs
        reports = {r["id"] for r in kg.query("event-reports", {"event": "Shell Bay"}).dicts()}
        assert first == min(reports)


# ---------------------------------------------------------------- rejects
# query -> (the row to reject: column values it has, the columns that name its fact)
REJECTED = {
    "events": ({"event": "Meeting in Abu Dhabi"}, ("event", "date")),
    "actor-events": ({"event": "Meeting in Shell Bay"}, ("event", "date")),
    "who-met-whom": ({"actor1": "Jared Kushner", "actor2": "Marco Rubio", "event": "Meeting in Shell Bay"},
                     ("actor1", "actor2", "event")),
    "event-participants": ({"participant": "Dan Driscoll"}, ("label", "participant", "role")),
    "event-reports": ({"published": "2025-11-26"}, ("article", "reported_as")),
    "relations": ({"subject": "Jared Kushner", "relation": "relativeOf"},
                  ("subject", "relation", "object", "article")),
    "positions": ({"published": "2025-11-26"}, ("holder", "position", "article")),
    "evidence": ({"fact": "Jared Kushner relativeOf Donald Trump"}, ("fact", "article")),
    "connected-actors": ({"other": "Sergiy Kyslytsya"}, ("other",)),  # in one article
}


def reject(kg: KGraph, fid: str) -> None:
    """What a reject in force leaves in the store: a ``kg:rejects`` triple in the
    curation graph; identity is then resolved again (rejected actor and event nodes
    get no real-world node)."""
    g = kg.minter.curation()
    triple = f'<{g}test> <https://kgraph.example/ns#rejects> "{fid}"'
    kg.store.update(f"INSERT DATA {{ GRAPH <{g}> {{ {triple} }} }}")
    kg.resolve()


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_a_rejected_fact_leaves_every_stored_query(store_copy, name):
    assert set(REJECTED) == set(load_queries())
    wanted, key_columns = REJECTED[name]
    params = PARAMS.get(name, {})
    with KGraph.open(str(store_copy)) as kg:
        before = kg.query(name, params).dicts()
        chosen = [r for r in before if all(r[k] == v for k, v in wanted.items())]
        assert chosen, (name, before)
        fid = chosen[0]["id"]
        key = tuple(chosen[0][k] for k in key_columns)
        reject(kg, fid)
        after = kg.query(name, params).dicts()
    assert fid not in {r["id"] for r in after}
    assert key not in {tuple(r[k] for k in key_columns) for r in after}
    assert len(after) < len(before)


def test_a_rejected_participation_or_actor_leaves_the_events_participants(store_copy):
    with KGraph.open(str(store_copy)) as kg:
        [part] = [r for r in kg.query("event-participants", {"event": "Abu Dhabi"}).dicts()
                  if r["participant"] == "Russia"]
        reject(kg, part["id"])
        [event] = [r for r in kg.query("events").dicts() if r["event"] == "Meeting in Abu Dhabi"]
        assert event["participants"] == "Dan Driscoll"
        [report] = kg.query("event-reports", {"event": "Abu Dhabi"}).dicts()
        assert report["participants"] == "Dan Driscoll"


def test_a_rejected_participation_leaves_who_met_whom(store_copy):
    """Pairs come from the participants the identity graph keeps on a meeting: once
    an analyst rejects one participation, its actor's pairs leave that meeting (in the
    listing and by name) and the other pairs stay."""
    def pairs(kg: KGraph, params: dict[str, str]) -> set[tuple[str, str]]:
        return {(r["actor1"], r["actor2"]) for r in kg.query("who-met-whom", params).dicts()
                if r["event"] == "Meeting in Shell Bay"}

    with KGraph.open(str(store_copy)) as kg:
        before = pairs(kg, {})
        assert ("Jared Kushner", "Marco Rubio") in before and ("Marco Rubio", "Rustem Umerov") in before
        [part] = [r for r in kg.query("event-participants", {"event": "Shell Bay"}).dicts()
                  if r["participant"] == "Jared Kushner"]
        kg.curator().reject(part["id"], by="ann")
        after = pairs(kg, {})
        assert after == {p for p in before if "Jared Kushner" not in p}
        assert pairs(kg, {"actor": "Kushner"}) == set()
        assert pairs(kg, {"actor": "Rubio"}) == {p for p in after if "Marco Rubio" in p}


def test_a_meeting_set_to_another_type_leaves_who_met_whom(store_copy):
    with KGraph.open(str(store_copy)) as kg:
        assert "Meeting in Shell Bay" in {r["event"] for r in kg.query("who-met-whom").dicts()}
        [row] = [r for r in kg.query("events").dicts() if r["event"] == "Meeting in Shell Bay"]
        kg.curator().set(row["id"], "type", "Call", by="ann")
        for params in ({}, {"actor": "Rubio"}):
            events = {r["event"] for r in kg.query("who-met-whom", params).dicts()}
            assert "Meeting in Shell Bay" not in events, params


# ---------------------------------------------------------------- since / until
def dated_store() -> KGraph:
    """One article: a meeting on a day (2025-11-23), a call in the week from
    2025-11-23, a visit in a month (2025-10), an attack in a year (2025) and an
    undated statement, all with Marco Rubio."""
    x = sample_extraction()
    ev = x.events[0].evidence
    who = [Participant("marco-rubio", "participant"), Participant("rustem-umerov", "participant")]
    x.events += [
        Event("call-1", "Call", "Call that week", who, date=dt.date(2025, 11, 23),
              date_precision="week", evidence=ev),
        Event("visit-1", "Visit", "Visit in October", who[:1], date=dt.date(2025, 10, 1),
              date_precision="month", evidence=ev),
        Event("attack-1", "Attack", "Attack in that year", who[:1], date=dt.date(2025, 1, 1),
              date_precision="year", evidence=ev),
    ]
    kg = KGraph.open("memory", base="http://x/")
    kg.store.replace_graph(kg.minter.graph(x.article.id), to_quads(x, kg.minter))
    kg.identity.add([kg.minter.graph(x.article.id)])
    return kg


@pytest.mark.parametrize(("since", "until", "kept"), [
    (None, None, {"Meeting in Geneva", "Call that week", "Visit in October", "Attack in that year",
                  "Rubio: We made progress."}),
    ("2025-11-24", None, {"Call that week", "Attack in that year"}),
    ("2025-11-29", "2025-12-31", {"Call that week", "Attack in that year"}),
    ("2025-11-30", None, {"Attack in that year"}),
    (None, "2025-10-31", {"Visit in October", "Attack in that year"}),
    ("2025-10-31", "2025-10-31", {"Visit in October", "Attack in that year"}),
    ("2025-11-23", "2025-11-23", {"Meeting in Geneva", "Call that week", "Attack in that year"}),
    ("2026-01-01", None, set()),
])
def test_a_date_is_kept_when_its_span_overlaps_the_range(since, until, kept):
    kg = dated_store()
    assert {r["event"] for r in kg.query("events", since=since, until=until).dicts()} == kept
    assert {r["event"] for r in kg.query("actor-events", {"actor": "Rubio"}, since=since,
                                         until=until).dicts()} == kept
    meetings = {r["event"] for r in kg.query("who-met-whom", since=since, until=until).dicts()}
    assert meetings == kept & {"Meeting in Geneva"}  # the only meeting
    labels = {r["label"] for word in ("in", "call", "rubio")  # every label holds one of the words
              for r in kg.query("event-participants", {"event": word}, since=since, until=until).dicts()}
    assert labels == kept


def test_positions_by_the_date_they_were_stated(ingested_store):
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        rows = kg.query("positions", since="2025-11-26", until="2025-11-30").dicts()
        assert rows and all("2025-11-26" <= r["published"] <= "2025-11-30" for r in rows)
        assert len(rows) < len(kg.query("positions").dicts())


def q(store, *args):
    return run("--store", str(store), "query", *args)


def test_since_and_until_on_the_command_line(ingested_store):
    rows = json.loads(q(ingested_store, "events", "--since", "2025-11-30", "--until", "2025-12-01",
                        "--json").stdout)
    assert rows and {r["date"] for r in rows} == {"2025-11-30", "2025-12-01"}
    for args, message in [
        (("relations", "--since", "2025-11-01"), "query relations has no dates to filter"),
        (("-e", "SELECT * {}", "--until", "2025-11-01"), "query ad-hoc has no dates to filter"),
        (("events", "--since", "30/11/2025"), "since: '30/11/2025' is not a date (use YYYY-MM-DD)"),
        (("events", "--since", "2025-12-02", "--until", "2025-12-01"), "is after until"),
        (("events", "--since", "2025-12-02", "-p", "since=2025-12-02"), "since is given twice"),
        (("events", "--all"), "query events has no parameter 'all'"),
    ]:
        result = q(ingested_store, *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- who met whom
def test_who_met_whom_pairs_people_unless_all(ingested_store):
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        people = {r["n"] for r in kg.query(text=(
            "SELECT ?n WHERE { GRAPH ?i { ?a a kg:Canonical, schema:Person ; skos:prefLabel ?n } }")).dicts()}
        default = kg.query("who-met-whom").dicts()
        everyone = kg.query("who-met-whom", {"all": "true"}).dicts()
    assert default and all({r["actor1"], r["actor2"]} <= people for r in default)
    assert [r for r in everyone if {r["actor1"], r["actor2"]} <= people] == default
    assert any("Ukraine" in (r["actor1"], r["actor2"]) for r in everyone)
    cli = json.loads(q(ingested_store, "who-met-whom", "--all", "--json").stdout)
    assert cli == everyone
    twice = q(ingested_store, "who-met-whom", "--all", "-p", "all=false")
    assert twice.exit_code == 2


# ---------------------------------------------------------------- evidence, articles
@pytest.mark.parametrize("name", ["Rubio", "Witkoff", "Umerov", "Geneva", "Ukraine", "Putin", "Kushner",
                                  "Meeting in Geneva"])
def test_evidence_has_one_row_per_sentence_and_fact(ingested_store, name):
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        rows = kg.query("evidence", {"name": name}).dicts()
    keys = [(r["fact"], r["article"], r["start"]) for r in rows]
    assert rows and len(keys) == len(set(keys))


def test_evidence_names_each_fact_and_finds_events_by_their_label_only(ingested_store):
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        place = {r["fact"] for r in kg.query("evidence", {"name": "Geneva"}).dicts()}
        event = {r["fact"] for r in kg.query("evidence", {"name": "meeting in geneva"}).dicts()}
    assert place == {"place: Geneva"}
    assert event == {"event: Meeting in Geneva"}


@pytest.mark.parametrize("name", ["evidence", "positions", "relations", "event-reports"])
def test_rows_that_name_an_article_give_its_outlet_and_date(ingested_store, name):
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        rows = kg.query(name, PARAMS.get(name, {})).dicts()
        articles = {r["t"]: (r["s"], r["d"]) for r in kg.query(text=(
            "SELECT ?t ?s ?d WHERE { GRAPH ?g { ?a dct:title ?t ; dct:source ?s ; dct:issued ?d } }"
        )).dicts()}
    assert rows
    for r in rows:
        assert (r["outlet"], r["published"]) == articles[r["article"]]


# ---------------------------------------------------------------- ad-hoc queries
def test_an_ad_hoc_query_sees_every_named_graph_as_its_default_graph(ingested_store):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Canonical }"
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a kg:Canonical } }"
    expected = q(ingested_store, "-e", in_graphs, "--csv").stdout
    assert expected != "n\n0\n"
    assert q(ingested_store, "-e", text, "--csv").stdout == expected
    # the same through the child process that --timeout uses
    assert q(ingested_store, "--timeout", "60", "-e", text, "--csv").stdout == expected
    rows = json.loads(q(ingested_store, "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "--json").stdout)
    assert len(rows) == 3
