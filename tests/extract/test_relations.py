"""Relations from patterns and appositions."""

from __future__ import annotations

from kgraph.extract.pipeline import Extractor


def rels(x):
    return {(r.subject, r.predicate, r.object) for r in x.relations}


def test_possessive_represents(run):
    x = run("Russia's Kirill Dmitriev arrived in Miami on Friday.\n")
    assert ("kirill-dmitriev", "represents", "russia") in rels(x)


def test_apposition_position_and_member_of(run):
    x = run(
        "Rustem Umerov, Secretary of Ukraine's National Security and Defence Council, "
        "spoke in Kyiv.\n"
    )
    council = next(a for a in x.actors.values() if a.type == "Organization")
    assert ("rustem-umerov", "member_of", council.key) in rels(x)
    assert any(
        p.actor == "rustem-umerov" and p.title.startswith("Secretary of") for p in x.positions
    )


def test_head_of_org(run):
    x = run("Andriy Yermak, the head of the Presidential Office, resigned on Friday.\n")
    org = next(a for a in x.actors.values() if a.type == "Organization")
    assert ("andriy-yermak", "leads", org.key) in rels(x)


def test_a_head_of_states_title_states_no_relation(run):
    # the position is kept; "leads France" is no fact the sentence states
    x = run("French President Emmanuel Macron hosted the meeting in Paris.\n")
    assert ("emmanuel-macron", "leads", "france") not in rels(x)
    assert ("emmanuel-macron", "President") in {(p.actor, p.title) for p in x.positions}


def test_owns(run):
    x = run(
        "The talks were held at the Palm Grove golf club in Hallandale Beach, a property "
        "owned by Steve Witkoff.\n"
    )
    assert ("steve-witkoff", "owns", "palm-grove-golf-club") in rels(x)


def test_relative_of(run):
    x = run(
        "The delegation included Steve Witkoff and Jared Kushner, President Donald "
        "Trump's son-in-law.\n"
    )
    r = rels(x)
    assert ("jared-kushner", "relative_of", "donald-trump") in r
    assert ("steve-witkoff", "relative_of", "donald-trump") not in r


def test_in_contact_with(run):
    x = run(
        "Rustem Umerov said the talks were useful. He said he is in close contact with "
        "President Zelenskyy.\n"
    )
    assert ("rustem-umerov", "in_contact_with", "volodymyr-zelenskyy") in rels(x)


def test_excluded_from(run):
    # a plan named by a noun with one proposer is below the default confidence: keep all
    x = run(
        "The first peace plan was drafted by Witkoff in a process that excluded Ukraine "
        "and its European allies.\n",
        ex=Extractor(min_confidence=0.0),
    )
    (plan,) = [e for e in x.events if e.type == "Proposal"]
    r = rels(x)
    assert ("ukraine", "excluded_from", plan.key) in r
    assert ("european-allies", "excluded_from", plan.key) in r


def test_relation_evidence_offsets(run):
    x = run("Russia's Kirill Dmitriev arrived in Miami on Friday.\n")
    (rel,) = [r for r in x.relations if r.predicate == "represents"]
    ev = rel.evidence[0]
    assert x.article.text[ev.start : ev.end] == ev.sentence
    assert ev.mention and "Dmitriev" in ev.mention
