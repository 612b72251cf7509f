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
import re
from bisect import bisect_left
from typing import Any

from kgraph.extract.context import Lookups
from kgraph.extract.lang.en import dates as en_dates
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.types import Frame, Frames

#: TIME entities that name a day ("later today", "tomorrow morning").
_DAY_WORDS = {"today", "tonight", "yesterday", "tomorrow"} | set(en_dates.WEEKDAYS)
_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}
#: An explicit year, and how far before publication a date must be to be past.
_YEAR = re.compile(r"\b\d{4}\b")
_PAST = dt.timedelta(days=31)
#: Subordinators of a clause set at the same time as the one it hangs on.
_AT_ONCE = {"as", "when", "while", "once"}


def dates(frames: Frames, lex: Lexicon) -> Frames:
    """Each frame with the dates its own clause gives it."""
    ctx = Lookups(frames.entities, lex)
    pub = ctx.parsed.article.published
    anchor: list[dt.date] = []
    out: list[tuple[Frame, ...]] = []
    ents = tuple(ctx.doc.ents)  # once: each doc.ents builds them all (quadratic per sentence)
    starts = [e.start for e in ents]
    for s, ems in zip(ctx.parsed.sentences, frames.per_sentence, strict=True):
        if s.skip:
            out.append(ems)
            continue
        found: dict[int, list[tuple[dt.date, str, int]]] = {}
        past: set[int] = set()
        ahead: set[int] = set()  # dated after publication: not yet happened
        mine = ents[bisect_left(starts, s.tok_start) : bisect_left(starts, s.tok_end)]
        for span in date_spans(ctx, s.index, mine):
            owned = owner_and_strength(span, ems, ctx.lex.words.bound_words,
                                       ctx.lex.events.support_verbs)
            owner, strength = owned if owned is not None else (None, 2)
            if span.start in ctx.quoted and (owner is None or "quoted" not in ems[owner].cues):
                continue  # a date inside a quotation dates only the quoted account's event
            text = _phrase(span, ctx)
            res = en_dates.resolve(
                text, pub, future=bool(owner is not None and ems[owner].planned),
                anchor=anchor[0] if anchor else None,
            )
            if res is None:
                continue
            if owner is not None:
                found.setdefault(owner, []).append((res[0], res[1], strength))
                if pub is not None and _YEAR.search(text) and pub - res[0] > _PAST:
                    past.add(owner)  # "the October 7, 2023 attack": it has happened
                elif pub is not None and res[1] == "day" and res[0] > pub:
                    ahead.add(owner)  # "begins a visit ... the day after tomorrow"
            if res[1] == "day":
                anchor[:] = [res[0]]
        _share_during(ems, found, ctx.doc)
        out.append(tuple(
            em.but(dates=em.dates + tuple(found.get(k, ())),
                   planned=(em.planned or k in ahead) and k not in past)
            for k, em in enumerate(ems)
        ))
    return Frames(entities=frames.entities, per_sentence=tuple(out), facts=frames.facts,
                  serves=frames.serves)


def date_spans(ctx: Lookups, sent: int, ents: Any = None) -> list[Any]:
    """The date phrases of a sentence: DATE entities, TIME entities that name a day
    and bare weekdays the model missed; not bounds. ``ents`` are the doc's entities
    (those starting in the sentence are enough), looked up once by the caller."""
    s = ctx.parsed.sentences[sent]
    bounds = ctx.lex.words.bound_words
    spans = [e for e in (ctx.doc.ents if ents is None else ents) if s.tok_start <= e.start < s.tok_end and (
        e.label_ == "DATE" or (e.label_ == "TIME" and _names_a_day(e)))]
    covered = {t for e in spans for t in range(e.start, e.end)}
    for tok in ctx.sent_span(sent):
        if tok.i not in covered and tok.lower_ in en_dates.WEEKDAYS:
            spans.append(ctx.doc[tok.i : tok.i + 1])
    out: list[Any] = []
    for span in _joined(sorted(spans, key=lambda sp: sp.start), ctx.doc):
        first = span[0] if span[0].lower_ in bounds else (
            ctx.doc[span.start - 1] if span.start > s.tok_start else None)
        if first is not None and first.lower_ in bounds:
            continue
        out.append(span)
    return out


def _share_during(ems: tuple[Frame, ...], found: dict[int, list[Any]], doc: Any) -> None:
    """An event that happened at another one of the sentence ("said on Monday during
    a meeting") is on its day: the one without a date of its own takes the other's."""
    for k, em in enumerate(ems):
        for h, host in enumerate(ems):
            if h == k or not (em.occasions & host.anchors):
                continue
            if found.get(h) and not found.get(k) and not em.dates:
                found[k] = list(found[h])
            elif found.get(k) and not found.get(h) and not host.dates:
                found[h] = list(found[k])


def _joined(spans: list[Any], doc: Any) -> list[Any]:
    """Spans with a year split off by a comma joined back ("October 7" ", 2023")."""
    out: list[Any] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and span.start == prev.end + 1 and doc[prev.end].text == "," and (
                len(span) == 1 and span[0].text.isdigit() and len(span[0].text) == 4):
            out[-1] = doc[prev.start : span.end]
        else:
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


def _owner(span: Any, ems: tuple[Frame, ...], bounds: frozenset[str] = frozenset()) -> int | None:
    """The index of the frame whose trigger, support verb or participle clause the
    date depends on (climbing the date's heads, not crossing into a governing
    clause's other events)."""
    found = owner_and_strength(span, ems, bounds)
    return None if found is None else found[0]


def owner_and_strength(span: Any, ems: tuple[Frame, ...], bounds: frozenset[str] = frozenset(),
                       support: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """:func:`_owner` with how directly the date is the event's: 2, or 1 through a
    clause on a noun ("the agreement, which was initialled on June 18": the
    initialling's day more than the agreement's)."""
    tok = span.root
    clause = None
    for _ in range(8):
        for k, em in enumerate(ems):
            if tok.i in em.anchors:
                # "talks held in Geneva on Sunday" (a support verb) are dated so
                on_noun = tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN") and (
                    tok.lemma_ not in support)
                return k, 1 if on_noun and tok.i != em.trigger else 2
        if tok.i != span.root.i and tok.dep_ in ("prep", "mark") and tok.lower_ in bounds:
            return None  # "since the start of the war in 2022": the date is the bound's
        if tok.pos_ in ("VERB", "AUX") and tok.i != span.root.i:
            # "Speaking on Tuesday, X called it useful but said ...": the verbs sharing
            # the clause's subject and adverbials
            conj = [k for k, em in enumerate(ems) for c in tok.children
                    if c.dep_ == "conj" and c.i in em.anchors
                    and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
            if len(conj) == 1:
                return conj[0], 2
        if clause is None and tok.pos_ in ("VERB", "AUX"):
            clause = tok
        if tok.head.i == tok.i:
            break
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("advcl", "ccomp", "conj", "parataxis") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and not any(
                c.dep_ == "mark" and c.lower_ in _AT_ONCE for c in tok.children):
            break  # "..., although Rubio suggested on Sunday": that clause's own time
            # (but "as they wrapped up on Friday, X said": the same time)
        if tok.dep_ in ("relcl", "acl") and not any(
                tok.head.i in em.anchors and em.type != "Agreement" for em in ems):
            # "met X, who left on Friday": the relative clause's own time; "a ceasefire
            # starting on Sunday": the terms of an agreement, not the day it was made
            break
        tok = tok.head
    if clause is None:
        return None
    # The date's clause carries no event of its own: the one event whose trigger is
    # in that clause (not inside a clause below it) takes it.
    inside = [k for k, em in enumerate(ems) if _clause_of(em.trigger, span.doc) == clause.i]
    return (inside[0], 2) if len(inside) == 1 else None


def _clause_of(i: int, doc: Any) -> int:
    """The verb heading the clause token ``i`` is in (a verb heads its own)."""
    t = doc[i]
    if t.pos_ in ("VERB", "AUX"):
        return t.i
    for _ in range(10):
        if t.head.i == t.i:
            return t.i
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t.i
    return t.i
