"""Every matching rule of the evaluation README, pinned on tiny hand-made gold files."""

import pytest

from kgraph.names import compare_form as normalise
from kgraph.scoring import Counts, score, score_identity


def A(name, type_="Person", aliases=(), roles=()):
    return {"name": name, "type": type_, "aliases": list(aliases), "roles": list(roles)}


def E(label, type_, participants, place=None, date=None):
    return {"label": label, "type": type_, "participants": participants, "place": place, "date": date}


def R(s, p, o):
    return {"subject": s, "predicate": p, "object": o}


@pytest.mark.parametrize("raw,expected", [
    ("U.S.", "us"), ("The Kremlin", "kremlin"), ("the  White\tHouse ", "white house"),
    ("Zelenskyy's", "zelenskyys"), ("Kyslytsya", "kyslytsya"), ("Ærø Éire", "ærø eire"),
    ("Théâtre", "theatre"), ("Other", "other"), ("thematic", "thematic"),
])
def test_names_are_normalised(raw, expected):
    assert normalise(raw) == expected


def test_entities_match_on_any_name_one_to_one():
    gold = {"actors": [A("Marco Rubio", aliases=["Rubio"]), A("United States", "Country", ["U.S."])],
            "places": [{"name": "Geneva", "aliases": []}]}
    system = {"actors": [A("Rubio"), A("US", "Country"), A("Rubio")],  # a duplicate
              "places": [{"name": "geneva"}, {"name": "Miami"}]}
    c = score(gold, system)
    assert (c.entities_system, c.entities_gold, c.entities_matched) == (5, 3, 3)
    f = c.figures()
    assert f["entities_p"] == 0.6 and f["entities_r"] == 1.0 and f["entities_f1"] == 0.75


def test_best_match_first_prefers_the_entity_sharing_more_names():
    gold = {"actors": [A("Marco Rubio", aliases=["Rubio", "Secretary Rubio"]),
                       A("Rubio Jr", aliases=["Rubio"])]}
    system = {"actors": [A("Marco Rubio", aliases=["Rubio"])]}
    c = score(gold, system)
    assert c.entities_matched == 1 and c.details["entities_missed"] == ["Rubio Jr"]


def test_type_accuracy_over_matched_actors_only():
    gold = {"actors": [A("Rustem Umerov"), A("NATO", "Organization")], "places": [{"name": "Kyiv"}]}
    system = {"actors": [A("Rustem Umerov", "Organization"), A("Kyiv", "Country")]}
    c = score(gold, system)
    assert (c.actors_matched, c.types_correct) == (1, 0)  # Kyiv is a gold place: not an actor
    assert c.figures()["type_accuracy"] == 0.0


def test_roles_contain_or_are_contained_and_count_over_all_gold_roles():
    gold = {"actors": [
        A("Marco Rubio", roles=["Secretary of State"]),
        A("Sergiy Kyslytsya", roles=["First Deputy Foreign Minister"]),
        A("Rustem Umerov", roles=["Secretary of the National Security and Defence Council"]),
        A("Nobody Matched", roles=["President"]),
    ]}
    system = {"actors": [
        A("Marco Rubio", roles=["U.S. Secretary of State"]),          # contains the gold role
        A("Sergiy Kyslytsya", roles=["Deputy Foreign Minister"]),     # contained in it
        A("Rustem Umerov", roles=["Defence Minister"]),               # neither
    ]}
    c = score(gold, system)
    assert (c.roles_found, c.roles_gold) == (2, 4)


def test_event_needs_same_type_and_half_the_gold_participants():
    actors = [A("A"), A("B"), A("C"), A("D"), A("E")]
    gold = {"actors": actors, "events": [E("talks", "Meeting/Talks", ["A", "B", "C", "D", "E"])]}
    two = {"actors": actors, "events": [E("x", "Meeting", ["A", "B"])]}
    three = {"actors": actors, "events": [E("x", "Meeting", ["A", "B", "C"])]}
    wrong_type = {"actors": actors, "events": [E("x", "Visit", ["A", "B", "C", "D", "E"])]}
    assert score(gold, two).events_matched == 0      # 2 < ceil(5/2) = 3
    assert score(gold, three).events_matched == 1
    assert score(gold, wrong_type).events_matched == 0


def test_event_participants_are_mapped_through_the_entity_matching():
    gold = {"actors": [A("Steve Witkoff", aliases=["Witkoff"]), A("Russia", "Country", ["Russian"])],
            "events": [E("visit", "Visit", ["Steve Witkoff", "Russia"])]}
    system = {"actors": [A("Witkoff"), A("Russian Federation", "Country", ["Russian"])],
              "events": [E("Witkoff goes to Moscow", "Visit", ["Witkoff"])]}
    assert score(gold, system).events_matched == 1  # 1 >= max(1, ceil(2/2))


def test_gold_event_without_participants_matches_on_type_alone():
    gold = {"events": [E("strike", "Attack", [])]}
    system = {"events": [E("anything", "Attack", ["Somebody"]), E("more", "Attack", [])]}
    c = score(gold, system)
    assert (c.events_matched, c.events_system) == (1, 2)


def test_events_one_to_one_best_overlap_first():
    actors = [A(n) for n in "ABCD"]
    gold = {"actors": actors, "events": [E("g1", "Meeting", ["A", "B"]),
                                         E("g2", "Meeting", ["A", "B", "C", "D"])]}
    system = {"actors": actors, "events": [E("s1", "Meeting", ["A", "B", "C", "D"]),
                                           E("s2", "Meeting", ["A"])]}
    c = score(gold, system)
    # s1 overlaps g2 by 4 (best) and takes it; s2 then matches g1 with 1 of 2
    assert c.events_matched == 2 and c.details["events_missed"] == []


def test_date_and_place_accuracy_over_matched_events_with_gold_values():
    gold = {"actors": [A("A")], "places": [{"name": "Shell Bay golf club", "aliases": ["Shell Bay"]}],
            "events": [E("m", "Meeting", ["A"], "Shell Bay golf club", "2025-11-30"),
                       E("s", "Statement", ["A"], None, None),
                       E("v", "Visit", ["A"], "Moscow", "2025-12-02")]}
    system = {"actors": [A("A")], "places": [{"name": "Shell Bay", "aliases": []}],
              "events": [E("m", "Meeting", ["A"], "Shell Bay", "2025-11-30"),
                         E("s", "Statement", ["A"], "Geneva", "2025-01-01"),
                         E("v", "Visit", ["A"], "the Kremlin", "2025-12-01")]}
    c = score(gold, system)
    assert (c.dates_correct, c.dates_gold) == (1, 2)
    assert (c.places_correct, c.places_gold) == (1, 2)


def test_relations_match_predicate_subject_and_object_through_entities_and_events():
    gold = {"actors": [A("Steve Witkoff", aliases=["Witkoff"]), A("Ukraine", "Country", ["Ukrainian"])],
            "places": [{"name": "Shell Bay golf club", "aliases": ["Shell Bay"]}],
            "events": [E("The 28-point plan", "Proposal", ["Steve Witkoff"])],
            "relations": [R("Steve Witkoff", "owns", "Shell Bay golf club"),
                          R("Ukraine", "excluded_from", "The 28-point plan"),
                          R("Steve Witkoff", "holds_position", "special envoy"),
                          R("Steve Witkoff", "friend_of", "Someone")]}
    system = {"actors": [A("Witkoff"), A("Ukrainian", "Country")],
              "places": [{"name": "Shell Bay"}],
              "events": [E("Proposal by Witkoff", "Proposal", ["Witkoff"])],
              "relations": [R("Witkoff", "owns", "Shell Bay"),
                            R("Ukrainian", "excluded_from", "Proposal by Witkoff"),
                            R("Witkoff", "leads", "Ukrainian"),
                            R("Witkoff", "holds_position", "envoy")]}
    c = score(gold, system)
    # holds_position left out on both sides; friend_of only counts toward recall
    assert (c.relations_system, c.relations_gold, c.relations_matched) == (3, 3, 2)


def test_relation_names_matching_no_entity_compare_as_strings():
    gold = {"relations": [R("The Kremlin", "located_in", "Moscow")]}
    system = {"relations": [R("Kremlin", "located_in", "moscow")]}
    assert score(gold, system).relations_matched == 1


def test_counts_add_up_to_a_micro_average():
    a = Counts(entities_system=2, entities_gold=2, entities_matched=2)
    b = Counts(entities_system=2, entities_gold=4, entities_matched=1)
    f = (a + b).figures()
    assert f["entities_p"] == 0.75 and f["entities_r"] == 0.5 and f["entities_f1"] == 0.6
    assert f["date_accuracy"] is None


# -- status ---------------------------------------------------------------------------
def S(label, type_, participants, status=None, date=None, place=None):
    e = E(label, type_, participants, place, date)
    if status:
        e["status"] = status
    return e


def test_status_accuracy_over_matched_events_absent_status_is_happened():
    actors = [A("A"), A("B")]
    gold = {"actors": actors, "events": [S("talks", "Meeting", ["A"]),           # happened
                                         S("visit", "Visit", ["B"], "planned"),
                                         S("call", "Call", ["A"], "happened")]}
    system = {"actors": actors, "events": [S("m", "Meeting", ["A"], "happened"),  # right
                                           S("v", "Visit", ["B"]),                # absent: wrong
                                           S("c", "Call", ["A"], "planned"),      # wrong
                                           S("x", "Attack", ["B"], "planned")]}   # unmatched
    c = score(gold, system)
    assert (c.events_matched, c.status_correct) == (3, 1)
    assert c.figures()["status_accuracy"] == 0.3333
    fields = [(e["event"], e["field"], e["gold"], e["system_value"]) for e in c.details["event_errors"]]
    assert ("visit", "status", "planned", "happened") in fields and len(fields) == 2


def test_planned_recall_counts_every_gold_planned_event_matched_or_not():
    actors = [A("A"), A("B"), A("C")]
    gold = {"actors": actors, "events": [S("summit", "Meeting", ["A"], "planned"),
                                         S("trip", "Visit", ["B"], "planned"),
                                         S("deal", "Agreement", ["C"], "planned"),  # never found
                                         S("talks", "Meeting", ["C"])]}
    system = {"actors": actors, "events": [S("s", "Meeting", ["A"], "planned"),   # found
                                           S("t", "Visit", ["B"], "happened"),    # matched, not planned
                                           S("u", "Meeting", ["C"], "planned"),   # planned, gold happened
                                           S("w", "Call", ["B"], "planned")]}     # planned, unmatched
    c = score(gold, system)
    assert (c.planned_gold, c.planned_found, c.planned_system) == (3, 1, 3)
    f = c.figures()
    assert f["planned_recall"] == 0.3333 and f["planned_p"] == 0.3333
    assert score({"events": [S("x", "Meeting", [])]}, {}).figures()["planned_recall"] is None


# -- date precision -----------------------------------------------------------------
def test_date_precision_counts_days_only_and_every_day_not_confirmed_counts_against():
    actors = [A("A"), A("B"), A("C"), A("D"), A("E")]
    gold = {"actors": actors, "events": [
        S("g1", "Meeting", ["A"], date="2025-11-30"),
        S("g2", "Visit", ["B"], date="2025-11-30"),
        S("g3", "Statement", ["C"]),                     # gold gives no date
        S("g4", "Call", ["D"], date="2025-11-28"),
        S("g5", "Agreement", ["E"], date="2025-11"),
    ]}
    system = {"actors": actors, "events": [
        S("s1", "Meeting", ["A"], date="2025-11-30"),    # right day
        S("s2", "Visit", ["B"], date="2025-11-29"),      # another day: against
        S("s3", "Statement", ["C"], date="2025-11-30"),  # gold null: against
        S("s4", "Call", ["D"], date="2025-11"),          # coarse: not counted, not a match
        S("s5", "Agreement", ["E"], date="2025"),        # coarse: not counted
        S("s6", "Attack", ["A"], date="2025-11-30"),     # unmatched day: against
        S("s7", "Proposal", ["B"]),                      # no date: not counted
    ]}
    c = score(gold, system)
    assert c.events_matched == 5
    assert (c.days_system, c.days_correct) == (4, 1)
    assert c.figures()["date_precision"] == 0.25
    # date accuracy (over matched events with a gold date): the coarse date is wrong
    assert (c.dates_gold, c.dates_correct) == (4, 1)
    assert c.details["dates_unmatched"] == [{"event": "s6", "date": "2025-11-30"}]
    wrong = {e["event"]: e["system_value"] for e in c.details["event_errors"] if e["field"] == "date"}
    assert wrong == {"g2": "2025-11-29", "g3": "2025-11-30", "g4": "2025-11", "g5": "2025"}


def test_date_precision_with_no_system_days_is_none():
    gold = {"events": [S("g", "Meeting", [], date="2025-11-30")]}
    system = {"events": [S("s", "Meeting", [], date="2025-11")]}
    f = score(gold, system).figures()
    assert f["date_precision"] is None and f["date_accuracy"] == 0.0


# -- precision beside recall for roles and places --------------------------------------
def test_role_precision_over_the_roles_of_matched_actors():
    gold = {"actors": [A("Marco Rubio", roles=["Secretary of State"])]}
    system = {"actors": [A("Marco Rubio", roles=["US Secretary of State", "golfer"]),
                         A("Unmatched", roles=["President"])]}
    c = score(gold, system)
    assert (c.roles_right, c.roles_system) == (1, 2) and c.figures()["role_p"] == 0.5


def test_place_precision_over_every_system_event_with_a_place():
    actors = [A("A"), A("B")]
    gold = {"actors": actors, "events": [E("m", "Meeting", ["A"], "Geneva"), E("v", "Visit", ["B"])]}
    system = {"actors": actors, "events": [E("m", "Meeting", ["A"], "Geneva"),
                                           E("v", "Visit", ["B"], "Kyiv"),       # gold null
                                           E("x", "Call", ["A"], "Geneva")]}    # unmatched
    c = score(gold, system)
    assert (c.places_precise, c.places_system) == (1, 3)
    assert (c.places_correct, c.places_gold) == (1, 1)


# -- what --errors and the reliability table read ------------------------------------------
def test_details_list_type_errors_missed_roles_and_which_system_facts_matched():
    gold = {"actors": [A("NATO", "Organization"), A("Rubio", roles=["Senator"])],
            "events": [E("talks", "Meeting", ["Rubio"])],
            "relations": [R("Rubio", "member_of", "NATO")]}
    system = {"actors": [A("NATO", "Group"), A("Rubio"), A("Extra")],
              "events": [E("m", "Meeting", ["Rubio"]), E("x", "Visit", ["Extra"])],
              "relations": [R("Rubio", "member_of", "NATO"), R("Extra", "leads", "NATO"),
                            R("Rubio", "holds_position", "Senator")]}
    d = score(gold, system).details
    assert d["type_errors"] == [{"name": "NATO", "gold": "Organization", "system": "Group"}]
    assert d["roles_missed"] == [{"actor": "Rubio", "role": "Senator"}]
    assert d["_matched"] == {"actors": [True, True, False], "places": [],
                             "events": [True, False], "relations": [True, False, None]}
    assert d["_event_matches"] == {0: "talks"}


# -- same event across articles ---------------------------------------------------------
def test_identity_pairs_across_articles_only():
    clusters = [["a.txt#Talks in Geneva", "b.txt#Geneva talks", "c.txt#The Geneva round"]]
    matched = [
        ("a.txt", "Talks in Geneva", "e1"),
        ("b.txt", "geneva talks", "e1"),      # labels compare normalised
        ("c.txt", "The Geneva round", "e3"),  # gold joins it to both: two pairs missed
        ("a.txt", "A visit", "e1"),           # same article as the first: no pair with it
        ("d.txt", "A call", "e1"),            # joined by the system, apart in gold
    ]
    i = score_identity(matched, clusters)
    # system pairs: a-b, b-visit(a), a-d, b-d, visit(a)-d = 5; gold: a-b, a-c, b-c = 3; both: a-b
    assert (i.system, i.gold, i.both) == (5, 3, 1)
    assert i.figures() == {"identity_p": 0.2, "identity_r": 0.3333, "identity_f1": 0.25}
    assert {"a": "a.txt#Talks in Geneva", "b": "c.txt#The Geneva round",
            "error": "apart, gold joined"} in i.pairs


def test_identity_with_node_iris_joins_nothing_across_articles():
    clusters = [["a.txt#Talks", "b.txt#Talks"]]
    i = score_identity([("a.txt", "Talks", "http://x/event/a1"),
                        ("b.txt", "Talks", "http://x/event/b1")], clusters)
    assert (i.system, i.gold, i.both) == (0, 1, 0)
    assert i.figures() == {"identity_p": None, "identity_r": 0.0, "identity_f1": None}
