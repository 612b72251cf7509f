"""Hand-built spaCy ``Doc`` objects for the stage tests: every annotation (heads,
dependencies, parts of speech, lemmas, entities, sentence starts) is written by the
test, so no statistical model is loaded and a test runs in milliseconds.

A sentence is a list of rows ``(word, head, dep, pos, lemma[, ent])``: ``head`` is the
index of the head *within the sentence*, ``pos`` may carry a fine tag after a slash
("AUX/MD", "NOUN/NNS", "PART/POS"), ``ent`` is an IOB label ("B-PERSON", default "O").

>>> doc = doc_from([("Holm", 1, "nsubj", "PROPN", "Holm", "B-PERSON"),
...                 ("spoke", 1, "ROOT", "VERB", "speak"),
...                 (".", 1, "punct", "PUNCT", ".")])
>>> doc.text, [t.tag_ for t in doc], doc.ents[0].label_
('Holm spoke.', ['NNP', 'VBD', '.'], 'PERSON')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import spacy
from spacy.tokens import Doc

from kgraph.iri import article_id
from kgraph.model import Article

#: One vocabulary for every doc: the mentions stage caches its phrase matcher per
#: vocabulary, so a fresh vocabulary per doc would rebuild it each time.
VOCAB = spacy.blank("en").vocab

#: Default fine tags for a coarse part of speech.
TAGS = {
    "PROPN": "NNP", "NOUN": "NN", "VERB": "VBD", "AUX": "VBD", "ADP": "IN", "DET": "DT",
    "PUNCT": ".", "PART": "RB", "ADJ": "JJ", "ADV": "RB", "PRON": "PRP", "CCONJ": "CC",
    "NUM": "CD", "SCONJ": "IN",
}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "?", "!", "'s", "’s", "n't", "”", ")"}
_NO_SPACE_AFTER = {"“", "("}

Row = tuple


def make_doc(
    words: Sequence[str], heads: Sequence[int], deps: Sequence[str], pos: Sequence[str],
    lemmas: Sequence[str], ents: Sequence[str] | None = None, *,
    tags: Sequence[str] | None = None, sent_starts: Sequence[bool] | None = None,
    spaces: Sequence[bool] | None = None,
) -> Doc:
    """A ``Doc`` with every annotation given; ``heads`` are absolute token indices.
    Spaces default to English typography (none before "." or ","), tags to
    :data:`TAGS`, sentence starts to the first token of each dependency tree."""
    n = len(words)
    assert all(len(x) == n for x in (heads, deps, pos, lemmas)), "columns differ in length"
    if spaces is None:
        spaces = [
            i + 1 < n and words[i + 1] not in _NO_SPACE_BEFORE and words[i] not in _NO_SPACE_AFTER
            for i in range(n)
        ]
    if sent_starts is None:
        sent_starts = [i == 0 or _root_of(i, heads) != _root_of(i - 1, heads) for i in range(n)]
    return Doc(
        VOCAB, words=list(words), spaces=list(spaces), heads=list(heads), deps=list(deps),
        pos=list(pos), tags=list(tags or (TAGS[p] for p in pos)), lemmas=list(lemmas),
        ents=list(ents or ["O"] * n), sent_starts=list(sent_starts),
    )


def _root_of(i: int, heads: Sequence[int]) -> int:
    for _ in range(len(heads)):
        if heads[i] == i:
            return i
        i = heads[i]
    raise AssertionError("the heads contain a cycle")


def doc_from(*sentences: Sequence[Row]) -> Doc:
    """A ``Doc`` from sentences of rows (see the module doc); each sentence starts a
    sentence of the doc and its heads are relative to its first token."""
    words, heads, deps, pos, tags, lemmas, ents, starts = ([] for _ in range(8))
    for rows in sentences:
        base = len(words)
        for k, row in enumerate(rows):
            word, head, dep, p, lemma, *rest = row
            assert 0 <= head < len(rows), f"{word!r}: head {head} outside its sentence"
            assert (dep == "ROOT") == (head == k), f"{word!r}: only the ROOT heads itself"
            coarse, _, fine = p.partition("/")
            words.append(word)
            heads.append(base + head)
            deps.append(dep)
            pos.append(coarse)
            tags.append(fine or TAGS[coarse])
            lemmas.append(lemma)
            ents.append(rest[0] if rest else "O")
            starts.append(k == 0)
    return make_doc(words, heads, deps, pos, lemmas, ents, tags=tags, sent_starts=starts)


def article_for(doc: Doc, published: dt.date | None) -> Article:
    """An article file whose body is the doc's text, after front matter (so body
    offsets are not file offsets)."""
    head = f"---\ntitle: Hand-built article\npublished: {published}\n---\n"
    text = head + doc.text
    return Article(id=article_id(text), text=text, title="Hand-built article",
                   published=published, offset=len(head))
