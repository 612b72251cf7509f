"""Events: triggers, roles, cross-sentence assembly, dates, planned, quotes."""

from __future__ import annotations

import datetime as dt

from conftest import actor_by_label, events_of

MEETING = (
    "High-level talks between American and Ukrainian officials took place in Geneva "
    "this weekend.\n"
    "Negotiations Resume In Geneva\n"
    "The talks were held at the Lakeside country club in Geneva. The U.S. delegation "
    "was led by Secretary of State Marco Rubio, who was joined by Steve Witkoff and "
    "Dan Driscoll.\n"
    "On the Ukrainian side, the delegation was headed by Rustem Umerov. The team also "
    "included Andriy Yermak.\n"
    "The meeting began on Sunday and lasted four hours.\n"
)


def roles(e):
    return {p.actor: p.role for p in e.participants}


def test_one_meeting_across_sentences(run):
    x = run(MEETING)
    meetings = events_of(x, "Meeting")
    assert len(meetings) == 1
    m = meetings[0]
    r = roles(m)
    assert r["marco-rubio"] == "head_of_delegation"
    assert r["rustem-umerov"] == "head_of_delegation"
    assert r["steve-witkoff"] == "member"
    assert r["dan-driscoll"] == "member"
    assert r["andriy-yermak"] == "member"
    assert m.place == "lakeside-country-club"
    assert m.date == dt.date(2025, 11, 30) and m.date_precision == "day"
    assert not m.planned
    assert len(m.evidence) >= 4


def test_delegation_relations(run):
    x = run(MEETING)
    rels = {(r.subject, r.predicate, r.object) for r in x.relations}
    # a head of delegation represents the country (the delegation is no actor here)
    assert ("marco-rubio", "represents", "united-states") in rels
    assert ("rustem-umerov", "represents", "ukraine") in rels
    assert ("steve-witkoff", "represents", "united-states") in rels
    assert ("andriy-yermak", "represents", "ukraine") in rels


def test_separate_meetings_in_different_places(run):
    x = run(
        "American and Ukrainian officials held talks in Florida on Sunday. "
        "This came after U.S.-Ukrainian talks held in Geneva a week earlier.\n"
    )
    meetings = events_of(x, "Meeting")
    places = {m.place for m in meetings}
    assert places == {"florida", "geneva"}
    geneva = next(m for m in meetings if m.place == "geneva")
    assert geneva.date == dt.date(2025, 11, 23)
    assert {"united-states", "ukraine"} <= set(roles(geneva))


def test_statement_with_quote_and_pronoun(run):
    x = run(
        '"We are closer to peace than a month ago, and the work goes on," Rubio said '
        "on Saturday. He added that the text needed changes.\n"
        "Rustem Umerov said the team would keep going.\n"
    )
    st = events_of(x, "Statement")
    by = {e.participants[0].actor: e for e in st}
    assert set(by) == {"marco-rubio", "rustem-umerov"}
    rubio = by["marco-rubio"]
    assert rubio.participants[0].role == "speaker"
    assert rubio.quote.startswith("We are closer to peace")
    assert rubio.date == dt.date(2025, 11, 29)
    assert len(rubio.evidence) == 2  # "He added" joins the same statement
    # no narrative time: a statement is dated by its own clause or an explicit anchor
    assert by["rustem-umerov"].date is None


def test_passive_statement(run):
    x = run("The plan was confirmed by President Volodymyr Zelenskyy on Friday.\n")
    st = events_of(x, "Statement")
    assert [p.actor for p in st[0].participants] == ["volodymyr-zelenskyy"]
    assert st[0].date == dt.date(2025, 11, 28)


def test_planned_visit(run):
    x = run(
        "Special envoy Steve Witkoff is scheduled to lead a U.S. delegation to Russia "
        "for follow-up talks on Tuesday.\n"
    )
    visits = events_of(x, "Visit")
    # the trip, and the talks it is for (planned, at the trip's destination)
    (meeting,) = events_of(x, "Meeting")
    assert meeting.planned and meeting.place == visits[0].place
    assert len(visits) == 1
    v = visits[0]
    assert v.planned
    assert v.place == "russia"  # a country as place: the actor key
    assert "russia" not in x.places
    assert roles(v)["steve-witkoff"] == "head_of_delegation"
    assert v.date == dt.date(2025, 12, 2)


def test_attacks(run):
    x = run(
        "Russia keeps up regular attacks on Ukrainian power plants. "
        "On Saturday, Ukraine claimed responsibility for strikes on tankers in the "
        "Black Sea.\n"
    )
    attacks = events_of(x, "Attack")
    assert len(attacks) == 2
    first, second = attacks
    assert roles(first) == {"russia": "attacker", "ukraine": "target"}
    assert first.place == "ukraine" and first.date is None
    assert roles(second)["ukraine"] == "attacker"
    assert second.place == "black-sea"
    assert second.date == dt.date(2025, 11, 29)


def test_hypothetical_and_quoted_triggers_are_not_events(run):
    x = run(
        "Vladimir Putin said on Thursday that the proposals could become the basis "
        "for a future agreement.\n"
        '"Every meeting and every visit matters to us," Putin said.\n'
    )
    assert {e.type for e in x.events} == {"Statement"}
    assert len(x.events) == 1


def test_proposal_with_participants(run):
    x = run(
        "The American peace plan was drafted through discussions between Witkoff and "
        "Russia's Kirill Dmitriev.\n"
    )
    (p,) = events_of(x, "Proposal")
    r = roles(p)
    assert r["united-states"] == "proposer"
    # Witkoff is no gazetteer entry (an envoy): his surname is his name here
    assert {"witkoff", "kirill-dmitriev"} <= set(r)
    assert not events_of(x, "Meeting")


def test_event_keys_unique_and_labels(run):
    x = run(MEETING + "Marco Rubio said the talks went well. Umerov said so too.\n")
    keys = [e.key for e in x.events]
    assert len(keys) == len(set(keys))
    assert all(e.label for e in x.events)
    m = events_of(x, "Meeting")[0]
    assert "Lakeside" in m.label


def test_headline_trigger_ignored(run):
    x = run("Summit Talks Collapse\nThe weather in Geneva was cold on Sunday.\n")
    assert x.events == []


def test_date_not_invented(run):
    x = run("Marco Rubio met Rustem Umerov in Geneva.\n")
    (m,) = events_of(x, "Meeting")
    assert m.date is None and m.date_precision is None
    assert actor_by_label(x, "Marco Rubio")


def test_two_men_and_spend_with(run):
    x = run(
        "Vladimir Putin spent five hours with Steve Witkoff at the Kremlin on Tuesday. "
        "Kirill Dmitriev said he had known Witkoff for months; the two men met in Miami "
        "in October.\n"
    )
    meetings = events_of(x, "Meeting")
    kremlin = next(m for m in meetings if m.place and "kremlin" in m.place)
    assert {"vladimir-putin", "steve-witkoff"} <= set(roles(kremlin))
    assert kremlin.date == dt.date(2025, 11, 25)
    miami = next(m for m in meetings if m.place == "miami")
    assert set(roles(miami)) == {"kirill-dmitriev", "steve-witkoff"}


def test_due_in_is_a_planned_visit(run):
    x = run(
        "Zelenskyy is due in Paris on Monday for talks with French President Emmanuel "
        "Macron.\n"
    )
    (v,) = events_of(x, "Visit")
    assert v.planned and v.place == "paris"
    assert v.date == dt.date(2025, 12, 1)
    assert {"volodymyr-zelenskyy", "emmanuel-macron"} <= set(roles(v))
    # the talks the trip is for: one planned meeting in Paris, on the trip's day
    (m,) = events_of(x, "Meeting")
    assert m.planned and m.place == "paris" and m.date == v.date
    assert {"volodymyr-zelenskyy", "emmanuel-macron"} <= set(roles(m))


def test_reported_speech_is_not_a_second_statement(run):
    x = run(
        "Dmitry Peskov said on Wednesday that Russia had not seen the text and warned "
        "against haste.\n"
    )
    st = events_of(x, "Statement")
    assert [e.participants[0].actor for e in st] == ["dmitry-peskov"]


def test_different_place_in_one_sentence_is_another_event(run):
    x = run(
        "Rustem Umerov is expected to meet Witkoff in Miami on Thursday to hear how the "
        "Moscow talks went.\n"
    )
    miami = next(m for m in events_of(x, "Meeting") if m.place == "miami")
    assert miami.planned and miami.date == dt.date(2025, 12, 4)
