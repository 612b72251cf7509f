"""Filters on the bipartite graph (kgraph.select), on a small hand-made graph whose
answers are worked out by hand below."""

from __future__ import annotations

import copy
import datetime as dt

import networkx as nx
import pytest

from kgraph.errors import KGraphError
from kgraph.select import describe, event_participants, filter_graph, parse_date


def town() -> nx.MultiGraph:
    """Five actors, five events, four places.

    ann --m1 (2025-11-01, Geneva)-- bob --m2 (2025-11-15)-- cy --s1 (2025-11-20, statement)
    ann --v1 (undated visit, Paris)-- dee --m3 (2025-12-01, Geneva, alone)
    cy --leads-- dee (relation);  ann --located in-- Rome;  eve: no events;  Lone: no links
    """
    B = nx.MultiGraph()
    for key, label, aliases in [("ann", "Ann Lee", ["Annie"]), ("bob", "Bob Roe", []),
                                ("cy", "Cy Poe", []), ("dee", "Dee Fox", []),
                                ("eve", "Eve Ash", [])]:
        B.add_node(key, kind="actor", type="Person", label=label, aliases=aliases,
                   sources=["Report"])
    for key, type_, label, date in [("m1", "Meeting", "Meeting in Geneva", "2025-11-01"),
                                    ("m2", "Meeting", "Meeting of Bob and Cy", "2025-11-15"),
                                    ("s1", "Statement", "Statement by Cy", "2025-11-20"),
                                    ("v1", "Visit", "Visit to Paris", None),
                                    ("m3", "Meeting", "Meeting in Geneva", "2025-12-01")]:
        B.add_node(key, kind="event", type=type_, label=label, date=date, sources=["Report"])
    for key in ["geneva", "paris", "rome", "lone"]:
        B.add_node(key, kind="place", type="Place", label=key.title())
    for actor, event, role in [("ann", "m1", "host"), ("bob", "m1", "participant"),
                               ("bob", "m2", "participant"), ("cy", "m2", "participant"),
                               ("cy", "s1", "speaker"), ("ann", "v1", "participant"),
                               ("dee", "v1", "host"), ("dee", "m3", "participant")]:
        B.add_edge(actor, event, kind="role", label=role)
    for event, place in [("m1", "geneva"), ("v1", "paris"), ("m3", "geneva")]:
        B.add_edge(event, place, kind="place", label="at")
    B.add_edge("cy", "dee", kind="relation", label="leads")
    B.add_edge("ann", "rome", kind="relation", label="located in")
    return B


def nodes(G: nx.Graph) -> set[str]:
    return set(G.nodes)


def snapshot(G: nx.Graph) -> tuple:
    return copy.deepcopy((list(G.nodes(data=True)), list(G.edges(keys=True, data=True)),
                          dict(G.graph)))


# --- no filter ---------------------------------------------------------------------


def test_no_filter_is_a_copy_of_everything() -> None:
    B = town()
    G = filter_graph(B)
    assert G is not B and isinstance(G, nx.MultiGraph)
    assert list(G.nodes(data=True)) == list(B.nodes(data=True))  # same order, same attrs
    assert sorted(G.edges(data="label")) == sorted(B.edges(data="label"))
    assert describe(G) == []
    # changing the result leaves the input alone, lists included
    G.nodes["ann"]["aliases"].append("x")
    G.nodes["ann"]["label"] = "changed"
    assert B.nodes["ann"]["aliases"] == ["Annie"] and B.nodes["ann"]["label"] == "Ann Lee"


@pytest.mark.parametrize("kwargs", [
    {}, {"since": "2025-11-10"}, {"until": "2025-11-10"}, {"event_types": "Meeting"},
    {"focus": "Lee", "depth": 2}, {"focus": "Cy Poe", "since": "2025-11-01", "until": "2025-11-30"},
])
def test_input_is_never_modified(kwargs: dict) -> None:
    B = town()
    before = snapshot(B)
    filter_graph(B, **kwargs)
    assert snapshot(B) == before


# --- dates -------------------------------------------------------------------------


def test_date_range_keeps_dated_events_inside_it_and_their_actors() -> None:
    G = filter_graph(town(), since="2025-11-10", until="2025-11-30")
    # v1 is undated: dropped; dee and the cy-dee relation go with m3; no place is left
    assert nodes(G) == {"m2", "s1", "bob", "cy"}
    assert sorted(G.edges(data="label")) == sorted(
        [("bob", "m2", "participant"), ("cy", "m2", "participant"), ("cy", "s1", "speaker")])
    assert describe(G) == ["from 2025-11-10 to 2025-11-30 (undated events left out)"]


def test_since_alone_keeps_relations_between_kept_actors_and_places_of_kept_events() -> None:
    G = filter_graph(town(), since="2025-11-15")
    assert nodes(G) == {"m2", "s1", "m3", "bob", "cy", "dee", "geneva"}
    assert G.has_edge("cy", "dee") and G.has_edge("m3", "geneva")
    assert describe(G) == ["from 2025-11-15 (undated events left out)"]


def test_both_ends_are_included_and_a_related_place_stays() -> None:
    G = filter_graph(town(), until=dt.date(2025, 11, 1))
    # m1 is on the last day; Rome stays because ann (kept) is located in it
    assert nodes(G) == {"m1", "ann", "bob", "geneva", "rome"}
    assert describe(G) == ["until 2025-11-01 (undated events left out)"]


def test_partial_dates_are_kept_when_they_overlap_the_range() -> None:
    B = town()
    B.nodes["v1"]["date"] = "2025-11"
    assert "v1" in filter_graph(B, since="2025-11-10", until="2025-11-12")
    assert "v1" not in filter_graph(B, since="2025-12-01")


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "30/11/2025"}, "since: '30/11/2025' is not a date (use YYYY-MM-DD)"),
    ({"until": "2025-02-30"}, "until: '2025-02-30' is not a date (use YYYY-MM-DD)"),
    ({"since": "2025-12-01", "until": "2025-11-01"}, "since (2025-12-01) is after until (2025-11-01)"),
])
def test_bad_dates_are_one_line_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(KGraphError) as info:
        filter_graph(town(), **kwargs)
    assert str(info.value) == message


def test_parse_date() -> None:
    assert parse_date("2025-11-30") == parse_date(dt.datetime(2025, 11, 30, 9)) == dt.date(2025, 11, 30)
    assert parse_date("") is None and parse_date(None) is None


# --- event types -------------------------------------------------------------------


def test_event_types_ignore_case_and_accept_comma_lists() -> None:
    B = town()
    meetings = filter_graph(B, event_types=["meeting"])
    assert nodes(meetings) == {"m1", "m2", "m3", "ann", "bob", "cy", "dee", "geneva", "rome"}
    assert nodes(filter_graph(B, event_types="MEETING, statement")) == nodes(meetings) | {"s1"}
    assert nodes(filter_graph(B, event_types=["Visit", "Statement"])) == {
        "v1", "s1", "ann", "dee", "cy", "paris", "rome"}
    assert describe(filter_graph(B, event_types="visit,meeting")) == ["event types: Meeting, Visit"]


def test_a_known_type_with_no_event_gives_an_empty_graph() -> None:
    assert nodes(filter_graph(town(), event_types="Call")) == set()


def test_an_unknown_event_type_is_an_error() -> None:
    with pytest.raises(KGraphError, match=r"unknown event type 'meating' \(known: Meeting, "):
        filter_graph(town(), event_types=["meating"])


def test_types_present_in_the_graph_are_known() -> None:
    B = town()
    B.nodes["s1"]["type"] = "Briefing"
    assert nodes(filter_graph(B, event_types="briefing")) == {"s1", "cy"}


# --- neighbourhood -----------------------------------------------------------------


def test_focus_depth_one_is_the_actor_its_events_and_their_participants() -> None:
    G = filter_graph(town(), focus="Ann Lee")
    # m3 (dee alone) is one hop further: left out; cy is two hops away
    assert nodes(G) == {"ann", "bob", "dee", "m1", "v1", "geneva", "paris", "rome"}
    assert G.graph["filter"]["focus"] == "ann"
    assert describe(G) == ["focus: Ann Lee, 1 hop"]


def test_focus_depth_two_follows_events_and_relations() -> None:
    G = filter_graph(town(), focus="Lee", depth=2)
    # cy comes through bob (m2) and through dee (the relation); s1 is cy's alone: 3 hops
    assert nodes(G) == {"ann", "bob", "dee", "cy", "m1", "v1", "m2", "m3",
                        "geneva", "paris", "rome"}
    assert G.has_edge("cy", "dee")
    assert describe(G) == ["focus: Ann Lee, 2 hops"]
    assert nodes(filter_graph(town(), focus="Lee", depth=3)) == nodes(G) | {"s1"}


def test_a_relation_is_an_actor_hop() -> None:
    G = filter_graph(town(), focus="Poe")
    assert nodes(G) == {"cy", "bob", "dee", "m2", "s1"}
    assert [d["label"] for _, _, d in G.edges("dee", data=True)] == ["leads"]


@pytest.mark.parametrize("name", ["Ann Lee", "ann lee", "Annie", "Lee", "LEE"])
def test_focus_by_label_alias_or_surname(name: str) -> None:
    assert filter_graph(town(), focus=name).graph["filter"]["focus"] == "ann"


def test_focus_with_a_date_range_keeps_the_actor_even_with_no_event_in_it() -> None:
    G = filter_graph(town(), focus="Lee", since="2025-11-10")
    assert nodes(G) == {"ann", "rome"}
    G = filter_graph(town(), focus="Roe", since="2025-11-10")
    assert nodes(G) == {"bob", "cy", "m2"}


def test_focus_errors() -> None:
    with pytest.raises(KGraphError, match="no actor named 'Zed' in the graph"):
        filter_graph(town(), focus="Zed")
    # an event's label is not an actor's name
    with pytest.raises(KGraphError, match="no actor named 'Meeting in Geneva'"):
        filter_graph(town(), focus="Meeting in Geneva")
    B = town()
    B.add_node("al", kind="actor", label="Al Lee")
    with pytest.raises(KGraphError, match=r"'Lee' names several actors \(Al Lee, Ann Lee\)"):
        filter_graph(B, focus="Lee")
    with pytest.raises(KGraphError, match="depth must be 1 or more, got 0"):
        filter_graph(town(), focus="Lee", depth=0)


def test_all_filters_together_and_their_description() -> None:
    G = filter_graph(town(), focus="Roe", depth=2, since="2025-11-01", until="2025-11-30",
                     event_types=["Meeting", "statement"])
    # s1 is cy's (one hop) alone; dee, m3 and v1 are outside the dates or types
    assert nodes(G) == {"bob", "ann", "cy", "m1", "m2", "s1", "geneva", "rome"}
    assert describe(G) == [
        "focus: Bob Roe, 2 hops",
        "from 2025-11-01 to 2025-11-30 (undated events left out)",
        "event types: Meeting, Statement",
    ]


def test_simple_graphs_work_too() -> None:
    B = nx.Graph(town())
    G = filter_graph(B, focus="Lee")
    assert isinstance(G, nx.MultiGraph) and "bob" in G and "cy" not in G


def test_event_participants() -> None:
    B = town()
    assert sorted(event_participants(B, "v1")) == [("ann", "participant"), ("dee", "host")]
    assert event_participants(B, "m3") == [("dee", "participant")]
