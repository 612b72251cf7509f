"""Assembling event mentions into the events of an article: delegations, dates,
cross-sentence merging, places and labels.

Dates are attached per sentence: a date phrase belongs to the trigger it depends on
("the meeting commenced on Sunday" dates the meeting); the other events of the
sentence may take it as a weaker candidate. "A week earlier" counts from the last
day-precise date before it. An event's date is its strongest candidate (direct
before inherited, day before week before month); none means null.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from kgraph.extract import dates as dates_mod
from kgraph.extract.events import (
    PLACE_PREPS,
    Context,
    EventMention,
    _planned,
    _pobjs,
    _with_conj,
    subject_of,
)

PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}
#: TIME entities that name a day ("later today", "tomorrow morning").
_DAY_WORDS = {"today", "tonight", "yesterday", "tomorrow"} | set(dates_mod.WEEKDAYS)
_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}
#: A date after these words bounds something (a deadline, a state) and dates no event.
_BOUND_WORDS = {"by", "until", "till", "since"}
#: "09:05 ET", "14:30", "9.15 am GMT": the time stamp of a live-blog entry.
_TIMESTAMP = re.compile(
    r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5})?\s*$", re.IGNORECASE | re.MULTILINE
)


def date_spans(ctx: Context, sent: int) -> list[Any]:
    """The date phrases of a sentence: DATE entities, TIME entities that name a day
    ("later today", "late this afternoon") and bare weekdays the model missed. Quoted
    phrases and bounds ("by November 27", "since 2022") are left out."""
    s = ctx.d.sentences[sent]
    spans = [e for e in ctx.doc.ents if s.span.start <= e.start < s.span.end and (
        e.label_ == "DATE" or (e.label_ == "TIME" and _names_a_day(e)))]
    covered = {t for e in spans for t in range(e.start, e.end)}
    for tok in s.span:
        if tok.i not in covered and tok.lower_ in dates_mod.WEEKDAYS:
            spans.append(ctx.doc[tok.i : tok.i + 1])
    out = []
    for span in sorted(spans, key=lambda sp: sp.start):
        if span.start in ctx.quoted:
            continue
        first = span[0] if span[0].lower_ in _BOUND_WORDS else (
            ctx.doc[span.start - 1] if span.start > s.span.start else None)
        if first is not None and first.lower_ in _BOUND_WORDS:
            continue
        out.append(span)
    return out


def _names_a_day(span: Any) -> bool:
    words = {t.lower_ for t in span}
    return bool(_DAY_WORDS & words) or ("this" in words and bool(_PARTS_OF_DAY & words))


def _phrase(span: Any, ctx: Context) -> str:
    """A date span with a following "earlier"/"ago" ("a week" + "earlier")."""
    text = span.text
    nxt = ctx.doc[span.end] if span.end < len(ctx.doc) else None
    if nxt is not None and nxt.lower_ in ("earlier", "prior", "before", "ago", "later"):
        text += " " + nxt.text
    return text


@dataclass
class Delegation:
    """One sentence's report of who led or joined a country's delegation."""

    sent: int
    country: str | None
    heads: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    tokens: set[int] = field(default_factory=set)
    visit_to: str | None = None


def delegations(ctx: Context, sent: int, last: Delegation | None) -> list[Delegation]:
    """Delegation reports in sentence ``sent`` ("The U.S. delegation was led by A,
    who was joined by B"; "The team also included C")."""
    s = ctx.d.sentences[sent]
    if s.headline:
        return []
    trig = ctx.lex.triggers
    dnouns, lead, member = trig["delegation_nouns"], trig["lead_verbs"], trig["member_verbs"]
    side = None
    for tok in s.span:
        if tok.lemma_ == "side" and tok.i not in ctx.quoted:
            found = [a for c in tok.children if c.dep_ in ("amod", "compound", "poss")
                     for a in ctx.actors_in(c) if ctx.kinds.get(a) == "Country"]
            side = found[0] if found else side
    out: list[Delegation] = []

    def country_of_noun(dn: Any) -> tuple[str | None, list[str]]:
        country, heads = None, []
        for c in dn.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod"):
                for a in ctx.actors_in(c):
                    kind = ctx.kinds.get(a)
                    if kind == "Country":
                        country = country or a
                    elif kind == "Person" and c.dep_ == "poss":
                        heads.append(a)
        return country, heads

    for tok in s.span:
        if tok.i in ctx.quoted:
            continue
        lemma = tok.lemma_
        if lemma in lead and tok.pos_ == "VERB":
            dn, leaders = None, []
            agents = _pobjs(tok, {"by"})
            if tok.dep_ == "acl" and tok.head.lemma_ in dnouns:
                dn, leaders = tok.head, agents
            elif any(c.dep_ == "nsubjpass" for c in tok.children):
                sp = next(c for c in tok.children if c.dep_ == "nsubjpass")
                dn = sp if sp.lemma_ in dnouns else None
                leaders = agents
            else:
                obj = [c for c in tok.children if c.dep_ == "dobj"]
                dn = obj[0] if obj and obj[0].lemma_ in dnouns else None
                leaders = subject_of(tok)
            if dn is None:
                continue
            country, poss_heads = country_of_noun(dn)
            rec = Delegation(sent, country or side, tokens={tok.i, dn.i})
            for t in _with_conj(leaders):
                a = ctx.actor(t)
                if a and ctx.kinds.get(a) == "Person":
                    rec.heads.append(a)
            rec.heads += [h for h in poss_heads if h not in rec.heads]
            for p in _pobjs(tok, {"to"}):
                key = ctx.place(p)
                if key:
                    rec.visit_to = key
            out.append(rec)
        elif lemma in member and tok.pos_ == "VERB":
            agents = _pobjs(tok, {"by"})
            if agents:  # "joined by B", "flanked by B"
                members = agents
                owner = [c for c in tok.children if c.dep_ == "nsubjpass"] or subject_of(tok)
            else:  # "The team also included C"
                members = [c for c in tok.children if c.dep_ == "dobj"]
                owner = subject_of(tok)
            if not members:
                continue
            rec = _owner_delegation(ctx, owner, out, last, side, dnouns, country_of_noun, sent)
            rec.tokens.add(tok.i)
            for t in _with_conj(members):
                # "joined by his adviser Yuri Ushakov": the name may hang on the title.
                direct = ctx.actor(t)
                for a in [direct] if direct else ctx.actors_in(t)[:1]:
                    if a and ctx.kinds.get(a) == "Person" and a not in rec.heads + rec.members:
                        rec.members.append(a)
            if rec not in out:
                out.append(rec)
    return [r for r in out if r.heads or r.members]


def _owner_delegation(ctx, owner, out, last, side, dnouns, country_of_noun, sent):
    """The delegation a member joins: the owner's (a delegation noun or its head)."""
    for o in owner:
        if o.lemma_ in dnouns:
            country, heads = country_of_noun(o)
            rec = Delegation(sent, country or side or (last.country if last else None),
                             heads=heads, tokens={o.i})
            return rec
        a = ctx.actor(o)
        if a and ctx.kinds.get(a) == "Person":
            for r in out:
                if a in r.heads or a in r.members:
                    return r
            country = ctx.person_country.get(a) or side
            return Delegation(sent, country, heads=[a], tokens={o.i})
    if out:
        return out[-1]
    return Delegation(sent, side or (last.country if last else None))


# ------------------------------------------------------------------ dates
def attach_dates(ctx: Context, sent: int, ems: list[EventMention], last_day: list) -> None:
    """Date candidates for the events of one sentence (see module doc)."""
    s = ctx.d.sentences[sent]
    if s.headline or not ems:
        return
    for span in date_spans(ctx, sent):
        owner = _owner(span, ems, ctx)
        text = _phrase(span, ctx)
        for em in ems:
            strength = 2 if em is owner else 1
            if owner is not None and em is not owner and (
                em.type == owner.type or em.planned != owner.planned
            ):
                continue  # "said ... they would meet again in January": the meeting's
            res = dates_mod.resolve(
                text, ctx.d.article.published, future=em.planned,
                anchor=last_day[0] if last_day else None,
            )
            if res is None:
                continue
            em.dates.append((res[0], res[1], strength))
        res = dates_mod.resolve(
            text, ctx.d.article.published, future=bool(owner and owner.planned),
            anchor=last_day[0] if last_day else None,
        )
        if res is not None and res[1] == "day":
            last_day[:] = [res[0]]


@dataclass
class Scene:
    """Where a sentence's narrative stands: the day, and the sentence that set it."""

    date: dt.date | None = None
    setter: int | None = None


def scene_dates(ctx: Context, per_sentence: list[list[EventMention]]) -> list[Scene]:
    """The date of the scene each sentence belongs to (narrative time).

    A paragraph opens in the article's lead scene: the first day its opening paragraph
    dates a happened event with (the publication date for a live blog, whose
    time-stamped entries report the day's events). A day-precise date of a happened
    event then sets the scene for the rest of its paragraph ("On Tuesday he was in Rome.
    He also met ..."); planned dates ("will travel on Friday") and coarser ones ("last
    week") leave it as it was.
    """
    d = ctx.d
    pub = d.article.published
    out = [Scene() for _ in d.sentences]
    if pub is None:
        return out
    live = len(_TIMESTAMP.findall(d.article.body)) >= 2
    lead = Scene(pub) if live else Scene()
    scene = lead
    para = None
    lede: int | None = None  # the first paragraph with a non-headline sentence
    for s in d.sentences:
        if s.headline:
            continue
        if lede is None:
            lede = s.paragraph
        if s.paragraph != para:
            para, scene = s.paragraph, lead
        for span in date_spans(ctx, s.index):
            owner = _owner(span, per_sentence[s.index], ctx)
            planned = owner.planned if owner is not None else _planned(span.root, ctx)
            if planned:
                continue
            res = dates_mod.resolve(_phrase(span, ctx), pub, anchor=scene.date)
            if res is None or res[1] != "day":
                continue
            scene = Scene(res[0], s.index)
            if lead.date is None and s.paragraph == lede:
                lead = scene
        out[s.index] = scene
    return out


def scene_place(ctx: Context, sent: int) -> str | None:
    """The named place a scene-setting sentence puts its events in ("negotiators spent
    Sunday in Geneva"): the first place (not a country) after "in"/"at"."""
    for tok in ctx.d.sentences[sent].span:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and tok.i not in ctx.quoted:
            m = ctx.mention(tok)
            if m is not None and m.kind == "Place" and m.key:
                return m.key
    return None


def _owner(span: Any, ems: list[EventMention], ctx: Context) -> EventMention | None:
    """The event whose trigger (or support verb) the date depends on."""
    tok = span.root
    for _ in range(8):
        for em in ems:
            if tok.i in em.anchors:
                return em
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def best_date(em: EventMention) -> tuple[dt.date | None, str | None]:
    if not em.dates:
        return None, None
    d, p, _ = max(em.dates, key=lambda x: (x[2], PRECISION_RANK[x[1]]))
    return d, p


# ------------------------------------------------------------------ merging
def merge_events(
    per_sentence: list[list[EventMention]], within: dict[str, str | None]
) -> list[EventMention]:
    """Cross-sentence assembly (see :mod:`kgraph.extract.events`)."""
    drafts: list[EventMention] = []
    for ems in per_sentence:
        for em in ems:
            target = _target(em, drafts, within)
            if target is None:
                drafts.append(em)
            else:
                target.merge(em)
    return drafts


def _places_of(em: EventMention) -> set[str]:
    return {k for k, _ in em.places}


def _compatible(a: EventMention, b: EventMention, within: dict[str, str | None]) -> bool:
    pa, pb = _places_of(a), _places_of(b)
    if not pa or not pb:
        return True
    if pa & pb:
        return True

    def chain(k: str) -> set[str]:
        out, seen = {k}, 0
        while within.get(k) and seen < 5:
            k = within[k]  # type: ignore[assignment]
            out.add(k)
            seen += 1
        return out

    return any(chain(x) & pb for x in pa) or any(chain(y) & pa for y in pb)


def _top(k: str, within: dict[str, str | None]) -> tuple[str, int]:
    n = 0
    while within.get(k) and n < 5:
        k = within[k]  # type: ignore[assignment]
        n += 1
    return k, n


def _apart(a: EventMention, b: EventMention, within: dict[str, str | None]) -> bool:
    """Places known to be in different countries (or different countries)."""
    pa, pb = _places_of(a), _places_of(b)
    if not pa or not pb:
        return False
    tops_a = {_top(k, within) for k in pa}
    tops_b = {_top(k, within) for k in pb}
    known_a = {t for t, _ in tops_a if t not in within}  # chains ending in a country
    known_b = {t for t, _ in tops_b if t not in within}
    return bool(known_a) and bool(known_b) and not (known_a & known_b)


def _target(
    em: EventMention, drafts: list[EventMention], within: dict[str, str | None]
) -> EventMention | None:
    same = [d for d in reversed(drafts) if d.type == em.type]
    if em.type == "Statement":
        sp = em.speaker()
        for d in same:
            if d.speaker() == sp:
                dd, pd = best_date(d)
                de, pe = best_date(em)
                if dd and de and pd == pe == "day" and dd != de and max(
                    x[2] for x in d.dates) == max(x[2] for x in em.dates) == 2:
                    continue
                return d
        return None
    if em.distinct or not same:
        return None
    if em.definite:
        fits = [d for d in same if _compatible(em, d, within) or not _apart(em, d, within)]
        if not fits:
            return None
        if _places_of(em):
            return fits[0]
        # "the meeting" with no place: the most reported one (earliest on ties).
        return max(reversed(fits), key=lambda d: len(set(d.sents)))
    return _indefinite(em, same, within)


def _indefinite(
    em: EventMention, same: list[EventMention], within: dict[str, str | None]
) -> EventMention | None:
    for d in same:
        if d.planned and not em.planned and _realises(em, d):
            return d  # "is due at X later today" ... "has arrived"
        if not _compatible(em, d, within) or em.planned != d.planned:
            continue
        de, _ = best_date(em)
        dd, _ = best_date(d)
        if de and dd and (de.year, de.month) != (dd.year, dd.month):
            continue
        if _places_of(em) and _places_of(d):
            return d
        shared = {a for a, r in em.participants.items() if d.participants.get(a) == r}
        if shared and not _places_of(em):
            return d
        if not em.participants and not _places_of(em):
            return d
    return None


def _realises(em: EventMention, plan: EventMention) -> bool:
    """A happened visit or meeting with no place of its own that one of the plan's
    named participants takes part in, on the plan's day (or with no day of its own)."""
    if em.type not in ("Visit", "Meeting") or _places_of(em) or not _places_of(plan):
        return False
    shared = {a for a in em.participants if a in plan.participants}
    if not shared:
        return False
    de, pe = best_date(em)
    dp, pp = best_date(plan)
    return de is None or (pe == pp == "day" and de == dp)


def best_place(em: EventMention, within: dict[str, str | None]) -> str | None:
    """The most specific place: highest score, then one contained in the others."""
    if not em.places:
        return None
    scores: dict[str, int] = {}
    for k, s in em.places:
        scores[k] = max(scores.get(k, 0), s)
    for k in scores:
        if any(within.get(k) == o for o in scores if o != k):
            scores[k] += 2
    return max(scores, key=lambda k: scores[k])


def place_candidates_from(tok: Any, ctx: Context) -> list[str]:
    out = []
    for p in _pobjs(tok, PLACE_PREPS):
        k = ctx.place(p)
        if k:
            out.append(k)
    return out
