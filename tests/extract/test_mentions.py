"""Mentions: titles split from names, demonyms, headlines, NER fixes, patterns."""

from __future__ import annotations

from conftest import actor_by_label


def titles(x, key):
    return {p.title for p in x.positions if p.actor == key}


def test_title_split_from_name(run):
    x = run("Secretary of State Marco Rubio arrived in Geneva on Sunday.\n")
    rubio = actor_by_label(x, "Marco Rubio")
    assert rubio.type == "Person"
    assert "Secretary of State" in titles(x, rubio.key)
    # "State" inside the title is not an organisation.
    assert not any(a.label == "State" for a in x.actors.values())


def test_multiword_title(run):
    x = run("The envoy met First Deputy Foreign Minister Sergiy Kyslytsya in Kyiv.\n")
    k = actor_by_label(x, "Sergiy Kyslytsya")
    assert titles(x, k.key) == {"First Deputy Foreign Minister"}


def test_lower_case_title(run):
    x = run("The plan was drafted by special envoy Steve Witkoff last month.\n")
    w = actor_by_label(x, "Steve Witkoff")
    assert "special envoy" in titles(x, w.key)


def test_demonyms_are_country_aliases(run):
    x = run(
        "Ukrainian and American negotiators met in Geneva. "
        "The U.S. side said Russian forces kept attacking.\n"
    )
    us = actor_by_label(x, "United States")
    assert us.type == "Country"
    assert {"American", "U.S."} <= us.aliases
    assert "Ukrainian" in actor_by_label(x, "Ukraine").aliases
    assert "Russian" in actor_by_label(x, "Russia").aliases
    assert us.wikidata == "Q30"


def test_hyphenated_demonyms(run):
    x = run("Officials prepared for U.S.-Ukrainian consultations in Berlin.\n")
    labels = {a.label for a in x.actors.values()}
    assert {"United States", "Ukraine"} <= labels


def test_headline_lines_give_no_entities(run):
    x = run(
        "Critical Diplomacy Ahead For Europe\n"
        "Marco Rubio spoke to reporters in Geneva on Sunday.\n"
        "Ongoing Conflict And New Hopes\n"
    )
    labels = {a.label for a in x.actors.values()} | {p.label for p in x.places.values()}
    assert "Critical Diplomacy Ahead For Europe" not in labels
    assert not any("Conflict" in lab or "Diplomacy" in lab for lab in labels)
    assert "Marco Rubio" in labels


def test_org_tag_fixed_by_apposition_title(run, plain_extractor):
    body = (
        "The Ukrainian team was headed by Rustem Umerov, Secretary of the National "
        "Security and Defence Council, who spoke briefly.\n"
    )
    x = run(body, ex=plain_extractor)
    umerov = actor_by_label(x, "Rustem Umerov")
    assert umerov.type == "Person"
    council = actor_by_label(x, "National Security and Defence Council")
    assert council.type == "Organization"


def test_metonyms(run):
    x = run(
        "The White House said the talks were useful. "
        "Moscow rejected the proposal, and Witkoff flew to Moscow on Tuesday.\n"
    )
    us = actor_by_label(x, "United States")
    assert "White House" in us.aliases
    assert "Moscow" in actor_by_label(x, "Russia").aliases
    assert any(p.label == "Moscow" for p in x.places.values())


def test_facility_and_containment(run):
    x = run("The two men met at the Palm Grove golf club in Hallandale Beach on Friday.\n")
    club = next(p for p in x.places.values() if p.label == "Palm Grove golf club")
    assert club.within == next(p.key for p in x.places.values() if p.label == "Hallandale Beach")


def test_group_pattern(run):
    x = run("Kyiv and its European allies were not consulted on the new plan.\n")
    g = actor_by_label(x, "European allies")
    assert g.type == "Group"


def test_directional_place_joins_the_place(run, plain_extractor):
    x = run(
        "Talks took place in South Florida on Sunday. Florida officials welcomed them.\n",
        ex=plain_extractor,
    )
    fl = [p for p in x.places.values() if p.label == "Florida"]
    assert fl and "South Florida" in fl[0].aliases
    assert not any(p.label == "South Florida" for p in x.places.values())
