"""The parsed article every stage works on: sentences with file offsets, headline
flags, and the mentions found so far.

>>> is_headline("Florida Meeting Sets Stage for Critical Diplomacy")
True
>>> is_headline("The talks took place in Geneva.")
False
>>> is_headline('"Most productive day so far"')
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kgraph.model import Article, Evidence

#: Lines longer than this many words are never headlines.
HEADLINE_MAX_WORDS = 16


def is_headline(line: str) -> bool:
    """A short line without final punctuation (quotes and brackets aside)."""
    stripped = line.strip().rstrip("\"'”’)]»").rstrip()
    if not stripped:
        return False
    return stripped[-1] not in ".!?;:,…" and len(stripped.split()) <= HEADLINE_MAX_WORDS


@dataclass
class Sentence:
    """One sentence: ``start``/``end`` are offsets into ``Article.text``."""

    index: int
    span: Any  # spacy.tokens.Span
    start: int
    end: int
    text: str
    headline: bool
    paragraph: int

    def evidence(self, confidence: float, mention: str | None = None) -> Evidence:
        return Evidence(
            sentence=self.text, start=self.start, end=self.end,
            confidence=round(min(max(confidence, 0.0), 1.0), 2), mention=mention,
        )


@dataclass
class Mention:
    """A name in the text. ``i``/``j`` is the token range; ``start``/``end`` are
    offsets in ``Article.text``; ``name`` is what resolution clusters on (a country's
    canonical name for "Ukrainian"); ``kind`` is an actor type or ``Place``."""

    i: int
    j: int
    start: int
    end: int
    text: str
    sent: int
    kind: str
    name: str
    cues: set[str] = field(default_factory=set)
    title: str | None = None
    key: str | None = None

    def confidence(self) -> float:
        """More agreeing cues, more confidence."""
        score = 0.45
        score += 0.2 if "ner" in self.cues else 0.0
        score += 0.25 if "gazetteer" in self.cues else 0.0
        score += 0.2 if "lexicon" in self.cues else 0.0
        score += 0.1 if {"title", "pattern", "propagated"} & self.cues else 0.0
        score -= 0.1 if "relabelled" in self.cues else 0.0
        return min(score, 0.98)


@dataclass
class Document:
    """An article and its spaCy ``Doc`` (over the body), with per-token lookups."""

    article: Article
    doc: Any
    sentences: list[Sentence]
    sent_of: list[int]  # token index -> sentence index
    mentions: list[Mention] = field(default_factory=list)

    @property
    def base(self) -> int:
        return self.article.offset

    def char(self, token_i: int) -> int:
        return self.base + self.doc[token_i].idx

    def mention_at(self, token_i: int) -> Mention | None:
        for m in self.mentions:
            if m.i <= token_i < m.j:
                return m
        return None

    def index(self) -> dict[int, Mention]:
        """Token index -> mention."""
        out: dict[int, Mention] = {}
        for m in self.mentions:
            for t in range(m.i, m.j):
                out.setdefault(t, m)
        return out


def build(article: Article, doc: Any) -> Document:
    """Wrap a parsed body: sentences with offsets, headline flags, paragraphs."""
    body = article.body
    sentences: list[Sentence] = []
    sent_of = [0] * len(doc)
    paragraph = 0
    for span in doc.sents:
        text = span.text
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        start = span.start_char + lead
        if not stripped:
            for tok in span:
                sent_of[tok.i] = max(len(sentences) - 1, 0)
            if "\n" in text:
                paragraph += 1
            continue
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", start)
        line_end = len(body) if line_end < 0 else line_end
        line = body[line_start:line_end]
        whole_line = line.strip() == stripped
        headline = whole_line and is_headline(stripped)
        idx = len(sentences)
        sentences.append(
            Sentence(
                index=idx, span=span, start=article.offset + start,
                end=article.offset + start + len(stripped), text=stripped,
                headline=headline, paragraph=paragraph,
            )
        )
        for tok in span:
            sent_of[tok.i] = idx
        if "\n" in text[lead:]:
            paragraph += 1
    return Document(article=article, doc=doc, sentences=sentences, sent_of=sent_of)


#: "KYIV, Dec 3 (Reuters) -", "WASHINGTON (AP) —" at the start of a line.
_DATELINE = re.compile(
    r"^(?P<d>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s[A-Z][A-Za-z.]+)?"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*[-–—]+)\s",
    re.MULTILINE,
)


#: Markdown markup: heading hashes, bullets, quote marks at line start, emphasis.
_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}|[-*+>]|\d+\.)(?=[ \t])|\*\*|__", re.MULTILINE)


def mask_datelines(body: str) -> str:
    r"""The body with wire datelines and Markdown markup blanked (same length, so
    offsets hold): a dateline is no sentence and its agency is no actor; "##" is no
    word.

    >>> mask_datelines("BERLIN, Dec 15 (Wire) - Talks ended.").lstrip()
    'Talks ended.'
    >>> mask_datelines("## The exchange\n**Kyiv** said so.")
    '   The exchange\n  Kyiv   said so.'
    >>> mask_datelines("NATO said so.")
    'NATO said so.'
    """
    body = _DATELINE.sub(lambda m: " " * len(m.group("d")) + m.group(0)[len(m.group("d")) :], body)
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), body)


_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of text, spaces collapsed.

    >>> clean("Hallandale\\n Beach ")
    'Hallandale Beach'
    """
    return _WS.sub(" ", text).strip()
