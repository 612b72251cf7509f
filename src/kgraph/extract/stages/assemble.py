"""Stage ``assemble``: the dated :class:`~kgraph.extract.types.Frames` ->
:class:`~kgraph.extract.types.Happenings`: one frame per happening in the article.

- a definite trigger ("the talks", "the meeting") refers back to the latest event of
  its type whose place agrees;
- statements by one speaker are one event (unless dated on two different days);
- other frames join an earlier event of their type when places agree and
  participants overlap; "separate talks" never join; a happened meeting with no
  place of its own realises a planned one it shares people with;
- an event no participant is linked to is dropped;
- a call puts its parties in contact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.stages.events import occasion_type
from kgraph.extract.types import Fact, Frame, Frames, Happenings
from kgraph.schema import role_rank

PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}


def assemble(frames: Frames, lex: Lexicon) -> Happenings:
    """Merge the frames of the article into happenings."""
    within = {c.key: (_key_of(c.within, frames) if c.within else None)
              for c in frames.entities.clusters if c.kind == "Place"}
    # an event needs someone who takes part: a host alone names no one at "talks in the
    # US" (a visit to a host is still a visit)
    people = frozenset(c.key for c in frames.entities.clusters if c.kind == "Person")
    drafts = at_occasions([d for d in merge_events(frames.per_sentence, within, people)
                           if any(r != "host" or d.type == "Visit" for _, r in d.participants)],
                          frames.entities.parsed.doc, lex, within)
    kinds = {c.key: c.kind for c in frames.entities.clusters}
    first = {m.key: m.i for m in reversed(frames.entities.mentions) if m.key}
    implied: list[Fact] = []
    for em in drafts:
        if em.type != "Call":
            continue
        people = sorted((a for a, _ in em.participants if kinds.get(a) == "Person"),
                        key=lambda a: first.get(a, 0))
        wording = dict(em.evidence_sents).get(em.sents[0], "call")
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                implied.append(Fact(a, "in_contact_with", b, em.sents[0], wording, 0.6))
    return Happenings(frames=frames, events=tuple(drafts), implied=tuple(implied))


def at_occasions(drafts: list[Frame], doc: Any, lex: Lexicon,
                 within: dict[str, str | None] | None = None) -> list[Frame]:
    """An event said to happen at another ("remarks at the signing", "told reporters
    once the session was over") is on that event's day and in its place: the one
    without a date or place takes the other's. The occasion is the event whose words
    name it, else the only happened event of its type."""
    out = list(drafts)
    for n, d in enumerate(drafts):
        if not d.occasions:
            continue
        host = next((h for h in drafts if h is not d and d.occasions & h.anchors), None)
        if host is None:
            types = {occasion_type(doc[i], lex) for i in d.occasions} - {None}
            words = {_stem(doc[i]) for i in d.occasions}
            cands = [h for h in drafts if h is not d and h.type in types and not h.planned]
            # "the signing": an event whose words include "sign"; else the only one
            named = [h for h in cands if words & {_stem(doc[a]) for a in h.anchors}]
            mine = [h for h in cands if set(h.roles()) & set(d.roles())]
            host = (named[0] if len(named) == 1 else cands[0] if len(cands) == 1
                    else mine[0] if len(mine) == 1 else None)
        if host is None or d.planned != host.planned:
            continue
        k = next(i for i, h in enumerate(drafts) if h is host)
        out[n], out[k] = _share(out[n], out[k], within or {}), _share(out[k], out[n], within or {})
    return out


def _share(a: Frame, b: Frame, within: dict[str, str | None]) -> Frame:
    """``a`` with ``b``'s day and (most specific) place where ``a`` has none."""
    date, prec = best_date(b)
    if not a.dates and date is not None and prec == "day" and max(x[2] for x in b.dates) >= 2:
        a = a.but(dates=((date, prec, 1),))
    place = best_place(b, within)
    if not a.places and place is not None:
        a = a.but(places=((place, 1),))
    return a


def _stem(tok: Any) -> str:
    """A word's lemma, "-ing" nouns as their verb ("signing" -> "sign")."""
    w = tok.lemma_.casefold()
    return w[:-3] if tok.pos_ == "NOUN" and w.endswith("ing") and len(w) > 5 else w


def _key_of(name: str, frames: Frames) -> str | None:
    for c in frames.entities.clusters:
        if c.label == name:
            return c.key
    from kgraph.iri import slug

    return slug(name)


def best_date(em: Frame) -> tuple[dt.date | None, str | None]:
    if not em.dates:
        return None, None
    d, p, _ = max(em.dates, key=lambda x: (x[2], PRECISION_RANK[x[1]]))
    return d, p


# ------------------------------------------------------------------ merging
def merge_events(
    per_sentence: tuple[tuple[Frame, ...], ...], within: dict[str, str | None],
    people: frozenset[str] = frozenset(),
) -> list[Frame]:
    """Cross-sentence assembly: each frame joins the earlier event it refers to, or
    starts a new one."""
    drafts: list[Frame] = []
    for ems in per_sentence:
        for em in ems:
            k = _target(em, drafts, within, people)
            if k is None:
                drafts.append(em)
            else:
                drafts[k] = merged(drafts[k], em)
    return drafts


def merged(a: Frame, b: Frame) -> Frame:
    """One frame from two reports of the same event (roles: the higher rank wins)."""
    roles = dict(a.participants)
    for actor, role in b.participants:
        if actor not in roles or role_rank(role) > role_rank(roles[actor]):
            roles[actor] = role
    return a.but(
        participants=tuple(roles.items()), places=a.places + b.places, dates=a.dates + b.dates,
        # a plan stays a plan unless a report says it happened ("the visit" alone does
        # not); "the talks" referred back to keep their status
        planned=a.planned if (b.definite and "noun" in b.cues and "past" not in b.cues) else (
            (a.planned and b.planned) or (a.planned and "past" not in b.cues)
            or (b.planned and "past" not in a.cues)),
        quotes=a.quotes + tuple(q for q in b.quotes if q not in a.quotes),
        sents=a.sents + tuple(s for s in b.sents if s not in a.sents),
        evidence_sents=tuple(sorted({**dict(b.evidence_sents), **dict(a.evidence_sents)}.items())),
        anchors=a.anchors | b.anchors, cues=a.cues | b.cues | {"merged"},
        occasions=a.occasions | b.occasions,
    )


def _places_of(em: Frame) -> set[str]:
    return {k for k, _ in em.places}


def _compatible(a: Frame, b: Frame, within: dict[str, str | None]) -> bool:
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


def _apart(a: Frame, b: Frame, within: dict[str, str | None]) -> bool:
    """Places known to be in different countries (or different countries)."""
    pa, pb = _places_of(a), _places_of(b)
    if not pa or not pb:
        return False
    tops_a = {_top(k, within) for k in pa}
    tops_b = {_top(k, within) for k in pb}
    known_a = {t for t, _ in tops_a if t not in within}  # chains ending in a country
    known_b = {t for t, _ in tops_b if t not in within}
    return bool(known_a) and bool(known_b) and not (known_a & known_b)


def _target(em: Frame, drafts: list[Frame], within: dict[str, str | None],
            people: frozenset[str] = frozenset()) -> int | None:
    """The index of the draft ``em`` reports again, if any."""
    found = _target_frame(em, drafts, within, people)
    return None if found is None else next(k for k, d in enumerate(drafts) if d is found)


def _target_frame(
    em: Frame, drafts: list[Frame], within: dict[str, str | None],
    people: frozenset[str] = frozenset(),
) -> Frame | None:
    same = [d for d in reversed(drafts) if d.type == em.type and _kind(d) == _kind(em)]
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
    ordinal = {c for c in em.cues if c.startswith("ordinal:")}
    if ordinal:  # "the second round" again: the one already called so
        return next((d for d in same if ordinal & d.cues and not _other_day(em, d)), None)
    if em.distinct or not same:
        return None
    if em.definite:
        fits = [d for d in same if (_compatible(em, d, within) or not _apart(em, d, within))
                and not _other_day(em, d)]
        if not fits:
            return None
        # "the meeting" is the one the report is about, not one it looks back to as
        # the last or previous one
        back = {"ordinal:last", "ordinal:previous", "ordinal:latest"}
        fits = [d for d in fits if not back & d.cues] or fits
        # "the meeting was held" is the one that happened, not the follow-up planned
        if "past" in em.cues:
            fits = [d for d in fits if not d.planned] or fits
        if _places_of(em):
            return fits[0]
        # "the meeting" with no place: the most reported one (earliest on ties).
        return max(reversed(fits), key=lambda d: len(set(d.sents)))
    return _indefinite(em, same, within, people)


def _indefinite(
    em: Frame, same: list[Frame], within: dict[str, str | None],
    people: frozenset[str] = frozenset(),
) -> Frame | None:
    for d in same:
        if d.planned and not em.planned and _realises(em, d):
            return d  # "is due at X later today" ... "has arrived"
        if not _compatible(em, d, within) or em.planned != d.planned:
            continue
        de, _ = best_date(em)
        dd, _ = best_date(d)
        if de and dd and (de.year, de.month) != (dd.year, dd.month):
            continue
        pe, pd = set(em.roles()) & people, set(d.roles()) & people
        if len(pe) >= 2 and len(pd) >= 2 and not (pe <= pd or pd <= pe):
            continue  # "X will meet Y" and "Z will meet Y": two meetings
        if _places_of(em) and _places_of(d):
            return d
        shared = {a for a, r in em.participants if d.roles().get(a) == r}
        if shared and not _places_of(em):
            return d
        if not em.participants and not _places_of(em):
            return d
    return None


def _kind(em: Frame) -> frozenset[str]:
    """What an ``Other`` event is (its trigger lemmas): a release and a withdrawal are
    two events."""
    return frozenset(c for c in em.cues if c.startswith("lemma:"))


def _other_day(a: Frame, b: Frame) -> bool:
    """Both dated to the day by their own words, on different days."""
    da = {d for d, p, s in a.dates if p == "day" and s >= 2}
    db = {d for d, p, s in b.dates if p == "day" and s >= 2}
    return bool(da) and bool(db) and not da & db


def _realises(em: Frame, plan: Frame) -> bool:
    """A happened visit or meeting with no place of its own that one of the plan's
    named participants takes part in, on the plan's day (or with no day of its own)."""
    if em.type not in ("Visit", "Meeting") or _places_of(em) or not _places_of(plan):
        return False
    shared = {a for a, _ in em.participants if a in plan.roles()}
    if not shared:
        return False
    de, pe = best_date(em)
    dp, pp = best_date(plan)
    return de is None or (pe == pp == "day" and de == dp)


def best_place(em: Frame, within: dict[str, str | None]) -> str | None:
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


