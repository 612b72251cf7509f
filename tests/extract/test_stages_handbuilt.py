"""Each extraction stage on hand-built ``Doc`` objects (no statistical model): the
parse is written out row by row, so a failure points at a rule, not at the model.

Sentences are our own; the people and the place are not in the gazetteer, the
country (Norway) is. Published on Sunday 15 June 2025.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from handbuilt import article_for, doc_from

from kgraph.extract import nlp as kgraph_nlp
from kgraph.extract.pipeline import Extractor
from kgraph.extract.types import Fact, Position

PUBLISHED = dt.date(2025, 6, 15)  # a Sunday
FRIDAY_BEFORE = dt.date(2025, 6, 13)
FRIDAY_AFTER = dt.date(2025, 6, 20)
HOLM, VAINIO, BERG = "lena-holm", "arto-vainio", "ilse-berg"


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    """No test here may load a spaCy pipeline."""

    def refuse(*args, **kwargs):
        pytest.fail(f"a spaCy model was loaded: {args!r}")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(kgraph_nlp, "load", refuse)


EXTRACTOR = Extractor(gazetteer=True)


def run(doc, upto: str | None, published: dt.date | None = PUBLISHED):
    """The output of stage ``upto`` (``None``: the finished extraction)."""
    out = EXTRACTOR.run(article_for(doc, published), doc, upto=upto)
    assert EXTRACTOR._nlp is None
    return out


def frames(doc, upto: str = "events", published: dt.date | None = PUBLISHED):
    """Every frame of the article, in sentence order."""
    return [f for fs in run(doc, upto, published).per_sentence for f in fs]


def only(items):
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------- sentences
# Rows: (word, head, dep, pos[/tag], lemma[, ent]); heads index the sentence's rows.
def meet_sentence(*tail: tuple, aux: tuple = ()) -> list[tuple]:
    """Rows for "Lena Holm <aux> met|meet Arto Vainio <tail>.": the verb is row
    ``2 + len(aux)``, the object row ``4 + len(aux)``; ``tail`` rows give their own
    heads (indices in the whole sentence)."""
    v = 2 + len(aux)
    return [
        ("Lena", 1, "compound", "PROPN", "Lena", "B-PERSON"),
        ("Holm", v, "nsubj", "PROPN", "Holm", "I-PERSON"),
        *aux,
        ("meet" if aux else "met", v, "ROOT", "VERB", "meet"),
        ("Arto", v + 2, "compound", "PROPN", "Arto", "B-PERSON"),
        ("Vainio", v, "dobj", "PROPN", "Vainio", "I-PERSON"),
        *tail,
        (".", v, "punct", "PUNCT", "."),
    ]


#: Lena Holm met Arto Vainio in Tampere.
MEET_IN_TAMPERE = meet_sentence(
    ("in", 2, "prep", "ADP", "in"),  # 5
    ("Tampere", 5, "pobj", "PROPN", "Tampere", "B-GPE"),  # 6
)
#: Lena Holm met Arto Vainio on Friday.
MEET_ON_FRIDAY = meet_sentence(
    ("on", 2, "prep", "ADP", "on"),  # 5
    ("Friday", 5, "pobj", "PROPN", "Friday", "B-DATE"),  # 6
)
#: Lena Holm will meet Arto Vainio.
WILL = ("will", 3, "aux", "AUX/MD", "will")  # 2
WILL_MEET = meet_sentence(aux=(WILL,))
#: Lena Holm did not meet Arto Vainio.
DID_NOT_MEET = meet_sentence(aux=(("did", 4, "aux", "AUX", "do"), ("not", 4, "neg", "PART", "not")))
#: Arto Vainio said the weather was cold.
SAID_WEATHER = [
    ("Arto", 1, "compound", "PROPN", "Arto", "B-PERSON"),  # 0
    ("Vainio", 2, "nsubj", "PROPN", "Vainio", "I-PERSON"),  # 1
    ("said", 2, "ROOT", "VERB", "say"),  # 2
    ("the", 4, "det", "DET", "the"),  # 3
    ("weather", 5, "nsubj", "NOUN", "weather"),  # 4
    ("was", 2, "ccomp", "AUX", "be"),  # 5
    ("cold", 5, "acomp", "ADJ", "cold"),  # 6
    (".", 2, "punct", "PUNCT", "."),  # 7
]
#: The meeting lasted an hour.
THE_MEETING_LASTED = [
    ("The", 1, "det", "DET", "the"),  # 0
    ("meeting", 2, "nsubj", "NOUN", "meeting"),  # 1
    ("lasted", 2, "ROOT", "VERB", "last"),  # 2
    ("an", 4, "det", "DET", "an"),  # 3
    ("hour", 2, "npadvmod", "NOUN", "hour"),  # 4
    (".", 2, "punct", "PUNCT", "."),  # 5
]


def norwegian_minister(title: str) -> list[tuple]:
    """Rows for "Norwegian <title> Minister Lena Holm resigned."."""
    return [
        ("Norwegian", 2, "amod", "ADJ", "norwegian", "B-NORP"),  # 0
        (title, 2, "compound", "PROPN", title),  # 1
        ("Minister", 4, "compound", "PROPN", "Minister"),  # 2
        ("Lena", 4, "compound", "PROPN", "Lena", "B-PERSON"),  # 3
        ("Holm", 5, "nsubj", "PROPN", "Holm", "I-PERSON"),  # 4
        ("resigned", 5, "ROOT", "VERB", "resign"),  # 5
        (".", 5, "punct", "PUNCT", "."),  # 6
    ]


# ---------------------------------------------------------------- the helper
def test_handbuilt_doc_has_the_given_annotation():
    doc = doc_from(MEET_IN_TAMPERE, [("Holm", 1, "nsubj", "PROPN", "Holm", "B-PERSON"),
                                     ("left", 1, "ROOT", "VERB", "leave"),
                                     (".", 1, "punct", "PUNCT", ".")])
    assert doc.text == "Lena Holm met Arto Vainio in Tampere. Holm left."
    assert [s.text for s in doc.sents] == ["Lena Holm met Arto Vainio in Tampere.", "Holm left."]
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Lena Holm", "PERSON"), ("Arto Vainio", "PERSON"), ("Tampere", "GPE"), ("Holm", "PERSON")]
    assert [(t.text, t.dep_, t.head.text, t.lemma_) for t in doc[:3]] == [
        ("Lena", "compound", "Holm", "Lena"), ("Holm", "nsubj", "met", "Holm"),
        ("met", "ROOT", "met", "meet")]


# ---------------------------------------------------------------- segment
def test_segment_offsets_point_into_the_file():
    parsed = run(doc_from(MEET_IN_TAMPERE, THE_MEETING_LASTED), "segment")
    first, second = parsed.sentences
    assert (first.tok_start, first.tok_end, second.tok_start, second.tok_end) == (0, 8, 8, 14)
    assert not (first.skip or second.skip or first.headline)
    assert parsed.article.text[second.start : second.end] == second.text == "The meeting lasted an hour."
    assert parsed.sent_of == (0,) * 8 + (1,) * 6


# ---------------------------------------------------------------- mentions
#: Foreign Minister Lena Holm arrived in Tampere.
TITLED = [
    ("Foreign", 1, "compound", "PROPN", "Foreign"),  # 0
    ("Minister", 3, "compound", "PROPN", "Minister"),  # 1
    ("Lena", 3, "compound", "PROPN", "Lena"),  # 2
    ("Holm", 4, "nsubj", "PROPN", "Holm"),  # 3
    ("arrived", 4, "ROOT", "VERB", "arrive"),  # 4
    ("in", 4, "prep", "ADP", "in"),  # 5
    ("Tampere", 5, "pobj", "PROPN", "Tampere", "B-GPE"),  # 6
    (".", 4, "punct", "PUNCT", "."),  # 7
]


@pytest.mark.parametrize("ents", [
    {2: "B-PERSON", 3: "I-PERSON"},  # the name alone
    {0: "B-PERSON", 1: "I-PERSON", 2: "I-PERSON", 3: "I-PERSON"},  # the title inside
], ids=["name", "title-in-entity"])
def test_person_and_place_mentions(ents):
    rows = [(*r[:5], ents.get(k, r[5] if len(r) > 5 else "O")) for k, r in enumerate(TITLED)]
    ms = run(doc_from(rows), "mentions")
    text = ms.parsed.article.text
    holm, tampere = ms.items
    assert (holm.i, holm.j, holm.text, holm.kind, holm.name, holm.sent) == (
        2, 4, "Lena Holm", "Person", "Lena Holm", 0)
    assert holm.title == "Foreign Minister"
    assert holm.cues == {"ner", "title"}
    assert text[holm.start : holm.end] == "Lena Holm"
    assert holm.key is None  # keys come with the actors stage
    assert (tampere.i, tampere.j, tampere.kind, tampere.name, tampere.cues) == (
        6, 7, "Place", "Tampere", {"ner"})
    assert text[tampere.start : tampere.end] == "Tampere"


def test_entity_inside_a_title_is_dropped():
    # Secretary of State Lena Holm resigned.  ("State" tagged ORG)
    doc = doc_from([
        ("Secretary", 4, "compound", "PROPN", "Secretary"),  # 0
        ("of", 0, "prep", "ADP", "of"),  # 1
        ("State", 1, "pobj", "PROPN", "State", "B-ORG"),  # 2
        ("Lena", 4, "compound", "PROPN", "Lena", "B-PERSON"),  # 3
        ("Holm", 5, "nsubj", "PROPN", "Holm", "I-PERSON"),  # 4
        ("resigned", 5, "ROOT", "VERB", "resign"),  # 5
        (".", 5, "punct", "PUNCT", "."),  # 6
    ])
    holm = only(run(doc, "mentions").items)
    assert (holm.text, holm.kind, holm.title) == ("Lena Holm", "Person", "Secretary of State")


def test_country_name_is_a_country_mention():
    # Arto Vainio visited Norway.
    doc = doc_from([
        ("Arto", 1, "compound", "PROPN", "Arto", "B-PERSON"),  # 0
        ("Vainio", 2, "nsubj", "PROPN", "Vainio", "I-PERSON"),  # 1
        ("visited", 2, "ROOT", "VERB", "visit"),  # 2
        ("Norway", 2, "dobj", "PROPN", "Norway", "B-GPE"),  # 3
        (".", 2, "punct", "PUNCT", "."),  # 4
    ])
    vainio, norway = run(doc, "mentions").items
    assert (vainio.text, vainio.kind) == ("Arto Vainio", "Person")
    assert (norway.text, norway.kind, norway.name) == ("Norway", "Country", "Norway")
    assert norway.cues == {"ner", "lexicon"}


# ---------------------------------------------------------------- actors
def holm_then_surname(ent: str) -> list[list[tuple]]:
    """Sentences "Lena Holm resigned. Holm left." with ``ent`` on the second "Holm"."""
    return [
        [("Lena", 1, "compound", "PROPN", "Lena", "B-PERSON"),
         ("Holm", 2, "nsubj", "PROPN", "Holm", "I-PERSON"),
         ("resigned", 2, "ROOT", "VERB", "resign"),
         (".", 2, "punct", "PUNCT", ".")],
        [("Holm", 1, "nsubj", "PROPN", "Holm", ent),
         ("left", 1, "ROOT", "VERB", "leave"),
         (".", 1, "punct", "PUNCT", ".")],
    ]


def test_surname_joins_the_full_name():
    ents = run(doc_from(*holm_then_surname("B-PERSON")), "actors")
    c = only(ents.clusters)
    assert (c.kind, c.key, c.label) == ("Person", HOLM, "Lena Holm")
    assert [(m.text, m.sent, m.key) for m in c.mentions] == [("Lena Holm", 0, HOLM), ("Holm", 1, HOLM)]
    assert [m.key for m in ents.mentions] == [HOLM, HOLM]


def test_surname_the_ner_missed_is_found_again():
    ents = run(doc_from(*holm_then_surname("O")), "actors")
    full, again = ents.mentions
    assert (again.text, again.sent, again.key, again.cues) == ("Holm", 1, HOLM, {"propagated"})
    assert full.cues == {"ner"}
    assert only(ents.clusters).key == HOLM


def test_country_only_in_a_leaders_title_is_no_actor():
    ents = run(doc_from(norwegian_minister("Prime")), "actors")
    assert [(c.kind, c.key) for c in ents.clusters] == [("Person", HOLM)]
    assert only(ents.mentions).title == "Prime Minister"


def test_country_in_a_ministers_title_stays():
    ents = run(doc_from(norwegian_minister("Foreign")), "actors")
    assert sorted((c.kind, c.key) for c in ents.clusters) == [("Country", "norway"), ("Person", HOLM)]


# ---------------------------------------------------------------- events
def test_meeting_with_both_participants():
    doc = doc_from(MEET_IN_TAMPERE)
    f = only(frames(doc))
    assert (f.type, doc[f.trigger].text, f.planned, f.sents) == ("Meeting", "met", False, (0,))
    assert f.participants == ((HOLM, "participant"), (VAINIO, "participant"))
    assert {k for k, _ in f.places} == {"tampere"}
    assert f.evidence_sents == ((0, "met"),)
    assert f.cues == {"verb", "past"}  # "met": said to have happened


def test_direct_place_gets_the_direct_score():
    f = only(frames(doc_from(MEET_IN_TAMPERE)))
    assert f.places == (("tampere", 3),)


def test_negated_meeting_is_no_event():
    doc = doc_from(DID_NOT_MEET)
    assert doc.text == "Lena Holm did not meet Arto Vainio."
    out = run(doc, "events")
    assert [m.key for m in out.entities.mentions] == [HOLM, VAINIO]  # the people are there
    assert out.per_sentence == ((),)


def test_future_meeting_is_planned():
    doc = doc_from(WILL_MEET)
    assert doc.text == "Lena Holm will meet Arto Vainio."
    f = only(frames(doc))
    assert (f.type, doc[f.trigger].text, f.planned) == ("Meeting", "meet", True)
    assert f.participants == ((HOLM, "participant"), (VAINIO, "participant"))


def test_statement_has_its_speaker():
    doc = doc_from(SAID_WEATHER)
    assert doc.text == "Arto Vainio said the weather was cold."
    f = only(frames(doc))
    assert (f.type, doc[f.trigger].text, f.planned) == ("Statement", "said", False)
    assert f.participants == ((VAINIO, "speaker"),)
    assert f.speaker() == VAINIO
    assert f.quotes == ()


def test_statement_keeps_its_quote_and_ignores_triggers_inside_it():
    doc = doc_from([
        ("“", 3, "punct", "PUNCT", "“"),  # 0
        ("We", 3, "nsubj", "PRON", "we"),  # 1
        ("will", 3, "aux", "AUX/MD", "will"),  # 2
        ("keep", 10, "ccomp", "VERB", "keep"),  # 3
        ("working", 3, "xcomp", "VERB/VBG", "work"),  # 4
        ("on", 4, "prep", "ADP", "on"),  # 5
        ("this", 5, "pobj", "PRON", "this"),  # 6
        (",", 3, "punct", "PUNCT", ","),  # 7
        ("”", 10, "punct", "PUNCT", "”"),  # 8
        ("Vainio", 10, "nsubj", "PROPN", "Vainio", "B-PERSON"),  # 9
        ("said", 10, "ROOT", "VERB", "say"),  # 10
        (".", 10, "punct", "PUNCT", "."),  # 11
    ])
    assert doc.text == "“We will keep working on this,” Vainio said."
    out = run(doc, "events")
    assert out.entities.parsed.quoted == frozenset(range(1, 8))
    f = only([f for fs in out.per_sentence for f in fs])
    assert (f.type, f.participants, f.planned) == ("Statement", (("vainio", "speaker"),), False)
    assert f.quotes == ("We will keep working on this",)


# ---------------------------------------------------------------- dates
def test_weekday_in_the_triggers_clause_is_the_one_before_publication():
    doc = doc_from(MEET_ON_FRIDAY)
    assert only(frames(doc, "events")).dates == ()  # dates come with the dates stage
    assert only(frames(doc, "dates")).dates == ((FRIDAY_BEFORE, "day", 2),)


def test_weekday_of_a_planned_event_is_the_next_one():
    # Lena Holm will meet Arto Vainio on Friday.
    doc = doc_from(meet_sentence(("on", 3, "prep", "ADP", "on"),
                                 ("Friday", 6, "pobj", "PROPN", "Friday", "B-DATE"), aux=(WILL,)))
    assert doc.text == "Lena Holm will meet Arto Vainio on Friday."
    f = only(frames(doc, "dates"))
    assert f.planned
    assert f.dates == ((FRIDAY_AFTER, "day", 2),)


def test_bound_is_no_date():
    # Lena Holm met Arto Vainio by Friday.
    doc = doc_from(meet_sentence(("by", 2, "prep", "ADP", "by"),
                                 ("Friday", 5, "pobj", "PROPN", "Friday", "B-DATE")))
    assert only(frames(doc, "dates")).dates == ()


#: Arto Vainio said on Friday that Lena Holm met Ilse Berg.
SAID_ON_FRIDAY_THAT_MET = [
    ("Arto", 1, "compound", "PROPN", "Arto", "B-PERSON"),  # 0
    ("Vainio", 2, "nsubj", "PROPN", "Vainio", "I-PERSON"),  # 1
    ("said", 2, "ROOT", "VERB", "say"),  # 2
    ("on", 2, "prep", "ADP", "on"),  # 3
    ("Friday", 3, "pobj", "PROPN", "Friday", "B-DATE"),  # 4
    ("that", 8, "mark", "SCONJ", "that"),  # 5
    ("Lena", 7, "compound", "PROPN", "Lena", "B-PERSON"),  # 6
    ("Holm", 8, "nsubj", "PROPN", "Holm", "I-PERSON"),  # 7
    ("met", 2, "ccomp", "VERB", "meet"),  # 8
    ("Ilse", 10, "compound", "PROPN", "Ilse", "B-PERSON"),  # 9
    ("Berg", 8, "dobj", "PROPN", "Berg", "I-PERSON"),  # 10
    (".", 2, "punct", "PUNCT", "."),  # 11
]
#: Arto Vainio said that Lena Holm met Ilse Berg on Friday.
SAID_THAT_MET_ON_FRIDAY = [
    ("Arto", 1, "compound", "PROPN", "Arto", "B-PERSON"),  # 0
    ("Vainio", 2, "nsubj", "PROPN", "Vainio", "I-PERSON"),  # 1
    ("said", 2, "ROOT", "VERB", "say"),  # 2
    ("that", 6, "mark", "SCONJ", "that"),  # 3
    ("Lena", 5, "compound", "PROPN", "Lena", "B-PERSON"),  # 4
    ("Holm", 6, "nsubj", "PROPN", "Holm", "I-PERSON"),  # 5
    ("met", 2, "ccomp", "VERB", "meet"),  # 6
    ("Ilse", 8, "compound", "PROPN", "Ilse", "B-PERSON"),  # 7
    ("Berg", 6, "dobj", "PROPN", "Berg", "I-PERSON"),  # 8
    ("on", 6, "prep", "ADP", "on"),  # 9
    ("Friday", 9, "pobj", "PROPN", "Friday", "B-DATE"),  # 10
    (".", 2, "punct", "PUNCT", "."),  # 11
]


@pytest.mark.parametrize(("rows", "dated"), [
    (SAID_ON_FRIDAY_THAT_MET, "Statement"),
    (SAID_THAT_MET_ON_FRIDAY, "Meeting"),
], ids=["said-on-friday", "met-on-friday"])
def test_date_goes_to_the_event_of_its_own_clause(rows, dated):
    fs = {f.type: f for f in frames(doc_from(rows), "dates")}
    assert set(fs) == {"Statement", "Meeting"}
    assert fs["Statement"].participants == ((VAINIO, "speaker"),)
    assert fs["Meeting"].participants == ((HOLM, "participant"), (BERG, "participant"))
    for etype, f in fs.items():
        assert f.dates == (((FRIDAY_BEFORE, "day", 2),) if etype == dated else ()), etype


def test_weekday_without_publication_date_gives_no_date():
    assert only(frames(doc_from(MEET_ON_FRIDAY), "dates", published=None)).dates == ()


def test_full_date_resolves_without_publication_date():
    doc = doc_from(meet_sentence(
        ("on", 2, "prep", "ADP", "on"),  # 5
        ("March", 5, "pobj", "PROPN", "March", "B-DATE"),  # 6
        ("3", 6, "nummod", "NUM", "3", "I-DATE"),  # 7
        (",", 6, "punct", "PUNCT", ",", "I-DATE"),  # 8
        ("2025", 6, "nummod", "NUM", "2025", "I-DATE"),  # 9
    ))
    assert doc.text == "Lena Holm met Arto Vainio on March 3, 2025."
    f = only(frames(doc, "dates", published=None))
    assert f.dates == ((dt.date(2025, 3, 3), "day", 2),)


# ---------------------------------------------------------------- assemble
def test_the_meeting_refers_back_to_the_meeting_before():
    doc = doc_from(MEET_IN_TAMPERE, THE_MEETING_LASTED)
    later = only(run(doc, "dates").per_sentence[1])
    assert (later.type, later.definite, later.participants) == ("Meeting", True, ())
    e = only(run(doc, "assemble").events)
    assert (e.type, e.sents) == ("Meeting", (0, 1))
    assert e.participants == ((HOLM, "participant"), (VAINIO, "participant"))
    assert e.evidence_sents == ((0, "met"), (1, "meeting"))
    assert e.cues == {"verb", "noun", "merged", "past"}


def test_frame_with_nobody_in_it_is_dropped():
    doc = doc_from(THE_MEETING_LASTED)
    assert only(frames(doc, "dates")).participants == ()
    assert run(doc, "assemble").events == ()


# ---------------------------------------------------------------- relations
def test_apposition_gives_position_and_represents():
    doc = doc_from([
        ("Arto", 1, "compound", "PROPN", "Arto", "B-PERSON"),  # 0
        ("Vainio", 9, "nsubj", "PROPN", "Vainio", "I-PERSON"),  # 1
        (",", 1, "punct", "PUNCT", ","),  # 2
        ("the", 5, "det", "DET", "the"),  # 3
        ("foreign", 5, "amod", "ADJ", "foreign"),  # 4
        ("minister", 1, "appos", "NOUN", "minister"),  # 5
        ("of", 5, "prep", "ADP", "of"),  # 6
        ("Norway", 6, "pobj", "PROPN", "Norway", "B-GPE"),  # 7
        (",", 1, "punct", "PUNCT", ","),  # 8
        ("met", 9, "ROOT", "VERB", "meet"),  # 9
        ("Lena", 11, "compound", "PROPN", "Lena", "B-PERSON"),  # 10
        ("Holm", 9, "dobj", "PROPN", "Holm", "I-PERSON"),  # 11
        (".", 9, "punct", "PUNCT", "."),  # 12
    ])
    assert doc.text == "Arto Vainio, the foreign minister of Norway, met Lena Holm."
    r = run(doc, "relations")
    wording = "Arto Vainio, foreign minister of Norway"
    assert r.positions == (Position(VAINIO, "foreign minister of Norway", 0, wording, 0.7),)
    assert r.facts == (Fact(VAINIO, "represents", "norway", 0, wording, 0.65),)
    # The apposition does not make Norway a party to the meeting.
    e = only(r.happenings.events)
    assert e.participants == ((VAINIO, "participant"), (HOLM, "participant"))


#: Lena Holm met Arto Vainio, the envoy?
ENVOY_QUESTION = [
    *meet_sentence(
        (",", 4, "punct", "PUNCT", ","),  # 5
        ("the", 7, "det", "DET", "the"),  # 6
        ("envoy", 4, "appos", "NOUN", "envoy"),  # 7
    )[:-1],  # without its "."
    ("?", 2, "punct", "PUNCT/.", "?"),  # 8
]


@pytest.mark.parametrize("after", [[], [[("Surely", 0, "ROOT", "ADV", "surely"),
                                         (".", 0, "punct", "PUNCT", ".")]]],
                         ids=["last-sentence", "sentence-after"])
def test_apposition_stops_at_the_end_of_its_sentence(after):
    doc = doc_from(ENVOY_QUESTION, *after)
    assert doc.text.startswith("Lena Holm met Arto Vainio, the envoy?")
    r = run(doc, "relations")
    assert [(p.actor, p.title) for p in r.positions] == [(VAINIO, "envoy")]


@pytest.mark.parametrize(("title", "facts"), [
    ("Foreign", [(HOLM, "represents", "norway", 0.7)]),
    ("Prime", []),  # a head of government's title states only the position
])
def test_country_before_a_title(title, facts):
    r = run(doc_from(norwegian_minister(title)), "relations")
    assert [(p.actor, p.title) for p in r.positions] == [(HOLM, f"{title} Minister")]
    assert [(f.subject, f.predicate, f.object, f.confidence) for f in r.facts] == facts


# ---------------------------------------------------------------- finish
def test_full_run_without_a_model():
    doc = doc_from(meet_sentence(
        ("in", 2, "prep", "ADP", "in"),  # 5
        ("Tampere", 5, "pobj", "PROPN", "Tampere", "B-GPE"),  # 6
        ("on", 2, "prep", "ADP", "on"),  # 7
        ("Friday", 7, "pobj", "PROPN", "Friday", "B-DATE"),  # 8
    ), THE_MEETING_LASTED)
    assert doc.text == "Lena Holm met Arto Vainio in Tampere on Friday. The meeting lasted an hour."
    x = run(doc, None)
    assert set(x.actors) == {HOLM, VAINIO}
    assert set(x.places) == {"tampere"}
    e = only(x.events)
    assert (e.key, e.type, e.place, e.date, e.date_precision, e.planned) == (
        "meeting-in-tampere", "Meeting", "tampere", FRIDAY_BEFORE, "day", False)
    assert [(p.actor, p.role) for p in e.participants] == [(HOLM, "participant"), (VAINIO, "participant")]
    assert [ev.sentence for ev in e.evidence] == [
        "Lena Holm met Arto Vainio in Tampere on Friday.", "The meeting lasted an hour."]
    for ev in e.evidence:
        assert x.article.text[ev.start : ev.end] == ev.sentence
