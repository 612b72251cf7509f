"""General patterns added for unseen styles: wire datelines, Markdown headings, plural
titles, weapons, phone calls, naming verbs, negation, appositions, possessors."""

from __future__ import annotations

import datetime as dt

from conftest import actor_by_label, events_of

PUB = dt.date(2026, 1, 4)  # a Sunday


def rels(x):
    return {(r.subject, r.predicate, r.object) for r in x.relations}


def positions(x):
    return {(p.actor, p.title) for p in x.positions}


def test_wire_dateline_is_no_actor_and_no_sentence(run, plain_extractor):
    x = run(
        "VILNIUS, Jan 3 (Baltic Ledger) - Lithuanian Prime Minister Inga Ruginiene "
        "met Ukrainian officials in Vilnius on Saturday.\n",
        published=PUB,
    )
    labels = {a.label for a in x.actors.values()} | {p.label for p in x.places.values()}
    assert "Baltic Ledger" not in labels and "VILNIUS" not in labels
    meeting = events_of(x, "Meeting")[0]
    assert meeting.evidence[0].sentence.startswith("Lithuanian Prime Minister")
    assert meeting.date == dt.date(2026, 1, 3)


def test_markdown_headings_do_not_split_sentences(run):
    x = run(
        "# Weekly digest\n\n## The deal\n\n"
        "Moldova and Romania agreed on a new gas link in Chisinau on Friday.\n",
        published=PUB,
    )
    agreement = events_of(x, "Agreement")[0]
    assert {"moldova", "romania"} <= set(agreement.actor_keys())
    assert agreement.date == dt.date(2026, 1, 2)
    assert "Weekly" not in " ".join(a.label for a in x.actors.values())


def test_sentence_initial_capitals_are_not_names(run, plain_extractor):
    x = run(
        "Overnight, officials said little. Separately, Estonian Foreign Minister "
        "Margus Tsahkna spoke in Tallinn.\n",
        published=PUB,
    )
    labels = {a.label for a in x.actors.values()}
    assert "Overnight" not in labels and "Separately" not in labels
    assert ("margus-tsahkna", "Foreign Minister") in positions(x)


def test_plural_title_is_shared_by_coordinated_names(run, plain_extractor):
    x = run(
        "Polish envoys Adam Nowak and Ewa Lis arrived in Kyiv on Friday.\n",
        published=PUB,
    )
    assert ("adam-nowak", "envoy") in positions(x)
    assert ("ewa-lis", "envoy") in positions(x)
    assert ("adam-nowak", "represents", "poland") in rels(x)
    assert ("ewa-lis", "represents", "poland") in rels(x)


def test_country_before_a_title_is_represented(run, plain_extractor):
    x = run("Kremlin spokesman Dmitry Peskov said on Friday that talks would go on.\n",
            published=PUB)
    assert ("dmitry-peskov", "represents", "russia") in rels(x)
    assert not any(p == "leads" for _, p, _ in rels(x))


def test_possessor_envoy_represents_the_possessors_country(run, plain_extractor):
    x = run(
        "Belarusian President Alexander Lukashenko sent word through Lukashenko's envoy "
        "Viktor Sheiman on Friday.\n",
        published=PUB,
    )
    # a head of state's title states no "leads"; the envoy is not the president
    assert ("alexander-lukashenko", "leads", "belarus") not in rels(x)
    assert not any(r[0] == "alexander-lukashenko" and r[2] == "viktor-sheiman" for r in rels(x))


def test_apposition_with_possessive_country_and_speaker_clause(run, plain_extractor):
    x = run(
        "Oleh Ivashchenko, head of Ukraine's foreign intelligence service, said on Friday "
        "that the exchange was ready. The talks will resume soon with Ivashchenko, a "
        "Ukrainian official said.\n",
        published=PUB,
    )
    assert ("oleh-ivashchenko", "represents", "ukraine") in rels(x)
    assert all("official said" not in t for _, t in positions(x))


def test_weapon_attack_with_target_from_place(run):
    x = run(
        "Russia fired dozens of missiles and drones at Kharkiv on Saturday.\n"
        "On Friday, Ukrainian drones hit the Afipsky oil refinery in Russia's Krasnodar region.\n",
        published=PUB,
    )
    attacks = events_of(x, "Attack")
    assert len(attacks) == 2
    on_kharkiv = next(e for e in attacks if e.place == "kharkiv")
    # the target is not guessed from the country the place is in
    assert dict((p.actor, p.role) for p in on_kharkiv.participants) == {"russia": "attacker"}
    assert on_kharkiv.date == dt.date(2026, 1, 3)
    refinery = next(e for e in attacks if e is not on_kharkiv)
    assert refinery.place == "afipsky-oil-refinery"
    assert x.places["afipsky-oil-refinery"].within == "krasnodar-region"
    assert x.places["krasnodar-region"].within == "russia"
    assert {"ukraine", "russia"} <= set(refinery.actor_keys())


def test_phone_call_and_contact(run):
    x = run(
        "Donald Trump spoke to Vladimir Putin by phone on Saturday, the Kremlin said.\n",
        published=PUB,
    )
    call = events_of(x, "Call")[0]
    assert {"donald-trump", "vladimir-putin"} <= set(call.actor_keys())
    assert call.date == dt.date(2026, 1, 3)
    assert ("donald-trump", "in_contact_with", "vladimir-putin") in rels(x)


def test_naming_verb_with_quote_is_a_statement_and_negation_is_no_event(run):
    x = run(
        'Rustem Umerov called the exchange "a first step toward bringing everyone home". '
        "Marco Rubio did not comment. Kyiv would not sign the deal.\n",
        published=PUB,
    )
    st = events_of(x, "Statement")
    assert [e.actor_keys() for e in st] == [["rustem-umerov"]]
    assert st[0].quote.startswith("a first step")
    assert not events_of(x, "Agreement")


def test_apposition_speaker_and_press_conference(run, plain_extractor):
    x = run(
        "The regional governor, Vitaliy Kim, said there were no casualties. "
        "Later, Oleksandr Prokudin gave a press conference in Kherson on Saturday.\n",
        published=PUB,
    )
    speakers = {e.actor_keys()[0] for e in events_of(x, "Statement")}
    assert speakers == {"vitaliy-kim", "oleksandr-prokudin"}
    assert not events_of(x, "Meeting")


def test_phrasal_and_passive_meeting_verbs(run):
    x = run(
        "On Saturday, a Ukrainian team led by Rustem Umerov sat down with Steve Witkoff in "
        "Miami.\nLater, Volodymyr Zelenskyy was greeted in Paris by Emmanuel Macron.\n",
        published=PUB,
    )
    meetings = {e.place: e for e in events_of(x, "Meeting")}
    assert {"rustem-umerov", "steve-witkoff"} <= set(meetings["miami"].actor_keys())
    assert meetings["miami"].date == dt.date(2026, 1, 3)
    assert {"volodymyr-zelenskyy", "emmanuel-macron"} <= set(meetings["paris"].actor_keys())


def test_later_today_dates_the_visit(run):
    x = run("Emmanuel Macron is due in Berlin later today for talks with Friedrich Merz.\n",
            published=PUB)
    visit = events_of(x, "Visit")[0]
    assert visit.planned and visit.date == PUB


def test_planned_date_does_not_date_the_statement(run):
    x = run("Marco Rubio said the two teams would meet again in February.\n", published=PUB)
    st = events_of(x, "Statement")[0]
    assert st.date is None


def test_region_names_are_places(run, plain_extractor):
    x = run("Drones struck a depot in the Belgorod region on Friday.\n", published=PUB,
            ex=plain_extractor)
    assert actor_by_label is not None
    assert "belgorod-region" in x.places
