"""Stage ``dates``: :class:`~kgraph.extract.types.Frames` -> the same frames with
their date candidates.

A date phrase dates the event whose trigger (or support verb, or participle clause)
it depends on: "the meeting commenced on Sunday" dates the meeting, and no other
event of the sentence. "A week earlier" counts from the last day-precise date stated
before it (an explicit anchor). A phrase resolves at its own precision (day, week,
month, year); without a publication date only what the text fixes resolves
(:func:`kgraph.extract.lang.en.dates.resolve`). Quoted phrases and bounds ("by
November 27", "since 2022") date nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kgraph.extract.context import Lookups
from kgraph.extract.lang.en import dates as en_dates
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.types import Frame, Frames

#: TIME entities that name a day ("later today", "tomorrow morning").
_DAY_WORDS = {"today", "tonight", "yesterday", "tomorrow"} | set(en_dates.WEEKDAYS)
_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}


def dates(frames: Frames, lex: Lexicon) -> Frames:
    """Each frame with the dates its own clause gives it."""
    ctx = Lookups(frames.entities, lex)
    pub = ctx.parsed.article.published
    anchor: list[dt.date] = []
    out: list[tuple[Frame, ...]] = []
    for s, ems in zip(ctx.parsed.sentences, frames.per_sentence, strict=True):
        if s.skip:
            out.append(ems)
            continue
        found: dict[int, list[tuple[dt.date, str, int]]] = {}
        for span in date_spans(ctx, s.index):
            owner = _owner(span, ems)
            text = _phrase(span, ctx)
            res = en_dates.resolve(
                text, pub, future=bool(owner is not None and ems[owner].planned),
                anchor=anchor[0] if anchor else None,
            )
            if res is None:
                continue
            if owner is not None:
                found.setdefault(owner, []).append((res[0], res[1], 2))
            if res[1] == "day":
                anchor[:] = [res[0]]
        out.append(tuple(
            em.but(dates=em.dates + tuple(found.get(k, ()))) for k, em in enumerate(ems)
        ))
    return Frames(entities=frames.entities, per_sentence=tuple(out), facts=frames.facts,
                  serves=frames.serves)


def date_spans(ctx: Lookups, sent: int) -> list[Any]:
    """The date phrases of a sentence: DATE entities, TIME entities that name a day
    and bare weekdays the model missed; not quoted ones, not bounds."""
    s = ctx.parsed.sentences[sent]
    bounds = ctx.lex.words.bound_words
    spans = [e for e in ctx.doc.ents if s.tok_start <= e.start < s.tok_end and (
        e.label_ == "DATE" or (e.label_ == "TIME" and _names_a_day(e)))]
    covered = {t for e in spans for t in range(e.start, e.end)}
    for tok in ctx.sent_span(sent):
        if tok.i not in covered and tok.lower_ in en_dates.WEEKDAYS:
            spans.append(ctx.doc[tok.i : tok.i + 1])
    out = []
    for span in sorted(spans, key=lambda sp: sp.start):
        if span.start in ctx.quoted:
            continue
        first = span[0] if span[0].lower_ in bounds else (
            ctx.doc[span.start - 1] if span.start > s.tok_start else None)
        if first is not None and first.lower_ in bounds:
            continue
        out.append(span)
    return out


def _names_a_day(span: Any) -> bool:
    words = {t.lower_ for t in span}
    return bool(_DAY_WORDS & words) or ("this" in words and bool(_PARTS_OF_DAY & words))


def _phrase(span: Any, ctx: Lookups) -> str:
    """A date span with a following "earlier"/"ago" ("a week" + "earlier")."""
    text = span.text
    nxt = ctx.doc[span.end] if span.end < len(ctx.doc) else None
    if nxt is not None and nxt.lower_ in ctx.lex.words.relative_after:
        text += " " + nxt.text
    return text


def _owner(span: Any, ems: tuple[Frame, ...]) -> int | None:
    """The index of the frame whose trigger, support verb or participle clause the
    date depends on (climbing the date's heads, not crossing into a governing
    clause's other events)."""
    tok = span.root
    clause = None
    for _ in range(8):
        for k, em in enumerate(ems):
            if tok.i in em.anchors:
                return k
        if clause is None and tok.pos_ in ("VERB", "AUX"):
            clause = tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if clause is None:
        return None
    # The date's clause carries no event of its own: the one event whose trigger is
    # in that clause (not inside a clause below it) takes it.
    inside = [k for k, em in enumerate(ems) if _clause_of(em.trigger, span.doc) == clause.i]
    return inside[0] if len(inside) == 1 else None


def _clause_of(i: int, doc: Any) -> int:
    """The verb heading the clause token ``i`` is in."""
    t = doc[i]
    for _ in range(10):
        if t.head.i == t.i:
            return t.i
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t.i
    return t.i
