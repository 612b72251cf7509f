"""Resolution: aliases merged within the article, fuzzy transliterations, keys."""

from __future__ import annotations

from conftest import actor_by_label


def test_surname_joins_full_name(run):
    x = run(
        "Special envoy Steve Witkoff flew to Moscow on Tuesday. "
        "Witkoff is expected to meet officials there.\n"
    )
    people = [a for a in x.actors.values() if a.type == "Person"]
    assert len([p for p in people if "Witkoff" in p.label]) == 1
    w = actor_by_label(x, "Steve Witkoff")
    assert w.key == "steve-witkoff"
    assert "Witkoff" in w.aliases
    assert len(w.evidence) == 2


def test_title_and_surname(run):
    x = run(
        "President Volodymyr Zelenskyy spoke on Saturday. "
        "President Zelenskyy said the talks would continue.\n"
    )
    z = actor_by_label(x, "Volodymyr Zelenskyy")
    assert "Zelenskyy" in z.aliases
    assert z.wikidata == "Q3874799"
    assert sum(1 for a in x.actors.values() if "Zelensk" in a.label) == 1


def test_transliteration_variants_merge_without_gazetteer(run, plain_extractor):
    x = run(
        "Serhiy Kyslytsya joined the talks in Geneva. Later, Sergiy Kyslytsya told "
        "reporters that Zelensky and Zelenskyy's office agreed.\n",
        ex=plain_extractor,
    )
    assert sum(1 for a in x.actors.values() if "Kyslytsya" in a.label) == 1


def test_gazetteer_canonical_label(run):
    x = run("President Zelensky met Emmanuel Macron in Paris on Monday.\n")
    z = [a for a in x.actors.values() if "Zelensk" in a.label]
    assert [a.label for a in z] == ["Volodymyr Zelenskyy"]
    assert z[0].key == "volodymyr-zelenskyy"


def test_person_mislabelled_as_place_joins_person(run):
    x = run(
        "Jared Kushner arrived in Miami on Friday. The plan was drafted by Witkoff "
        "and Kushner over several weeks.\n"
    )
    k = actor_by_label(x, "Jared Kushner")
    assert "Kushner" in k.aliases
    assert not any(p.label == "Kushner" for p in x.places.values())


def test_without_gazetteer_no_wikidata(run, plain_extractor):
    x = run("Marco Rubio met Rustem Umerov in Geneva.\n", ex=plain_extractor)
    assert actor_by_label(x, "Marco Rubio").wikidata is None
