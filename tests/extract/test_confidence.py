"""Confidence comes from the cues behind a fact, not from a constant per type."""

from __future__ import annotations

from conftest import actor_by_label


def _rel_conf(x, subj, pred, obj):
    r = next(r for r in x.relations if (r.subject, r.predicate, r.object) == (subj, pred, obj))
    return max(e.confidence for e in r.evidence)


def test_agreeing_cues_beat_a_single_weak_cue(run, plain_extractor):
    body = ("Secretary of State Marco Rubio met Bohdan Lystopad in Geneva on Sunday. "
            "Lystopad said little.\n")
    strong = actor_by_label(run(body), "Marco Rubio")  # gazetteer + NER + title
    weak = actor_by_label(run(body, ex=plain_extractor), "Bohdan Lystopad")  # NER only
    assert max(e.confidence for e in strong.evidence) > max(e.confidence for e in weak.evidence)


def test_a_relation_stated_twice_is_surer_than_once(run):
    # (the demonym "Russian" is known from the gazetteer's countries)
    once = run("Russia's Oleg Markov arrived in Minsk on Friday.\n")
    twice = run("Russia's Oleg Markov arrived in Minsk on Friday. Russian envoy Oleg Markov "
                "met officials there.\n")
    c1 = _rel_conf(once, "oleg-markov", "represents", "russia")
    c2 = _rel_conf(twice, "oleg-markov", "represents", "russia")
    assert c2 > c1


def test_gazetteer_agreement_raises_relation_confidence(run, plain_extractor):
    # a foreign minister is in the gazetteer, with the country he serves
    body = "Russia's Sergey Lavrov arrived in Miami on Saturday.\n"
    with_gaz = _rel_conf(run(body), "sergey-lavrov", "represents", "russia")
    without = _rel_conf(run(body, ex=plain_extractor), "sergey-lavrov", "represents", "russia")
    assert with_gaz > without


def test_event_confidence_grows_with_cues(run):
    x = run("Marco Rubio met Rustem Umerov in Geneva on Sunday. The talks in Geneva went on "
            "for hours.\nThere was a meeting.\n")
    confs = sorted(max(ev.confidence for ev in e.evidence) for e in x.events)
    assert confs and confs[-1] >= 0.7
