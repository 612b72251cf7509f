"""Every matching rule of the evaluation README, pinned on tiny hand-made gold files."""

import pytest

from kgraph.scoring import Counts, normalise, score


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
