"""Stage ``finish``: :class:`~kgraph.extract.types.Relations` ->
:class:`~kgraph.model.Extraction`: actors, places, positions, events and relations,
each with its evidence sentences and a confidence built from its cues; facts under
the extractor's minimum confidence are left out.
"""

from __future__ import annotations

import re
from typing import Any

from kgraph.extract.context import Lookups
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.stages.assemble import best_date, best_place
from kgraph.extract.stages.relations import EVENT
from kgraph.extract.types import Cluster, Frame, Relations
from kgraph.iri import slug
from kgraph.model import (
    Actor,
    Event,
    Evidence,
    Extraction,
    Participant,
    Place,
    Position,
    Relation,
)


def finish(r: Relations, lex: Lexicon, *, name: str, version: str, min_confidence: float = 0.0,
           fingerprint: str | None = None) -> Extraction:
    """The article's facts, with evidence and confidence, above ``min_confidence``."""
    h = r.happenings
    entities = h.frames.entities
    d = entities.parsed
    ctx = Lookups(entities, lex)
    ex = Extraction(article=d.article, extractor=name, version=version)
    ex.fingerprint, ex.min_confidence = fingerprint, min_confidence
    for c in entities.clusters:
        evidence = _mention_evidence(ctx, c)
        aliases = {m.text for m in c.mentions} | {f"{m.title} {m.text}" for m in c.mentions if m.title}
        aliases |= {f"{w} {m.text}" for m in c.mentions if (w := _address(d.doc, m.i, lex))}
        aliases = {a for a in aliases if a and a != c.label}
        if c.kind == "Place":
            ex.places[c.key] = Place(c.key, c.label, aliases, None, c.wikidata, evidence)
        else:
            ex.actors[c.key] = Actor(c.key, c.label, c.kind, aliases, c.wikidata, evidence)  # type: ignore[arg-type]
    within = _containment(ctx, ex)
    for k, w in within.items():
        ex.places[k].within = w
    keys = _events(h.events, ctx, ex, within)
    for p in r.positions:
        s = d.sentences[p.sent]
        ex.positions.append(Position(p.actor, p.title, [s.evidence(p.confidence, p.mention)]))
    _dedupe_positions(ex)
    ex.relations = _relations(ctx, ex, r, keys)
    return _above(ex, min_confidence)


def _address(doc: Any, i: int, lex: Lexicon) -> str | None:
    """The form of address right before a name ("Prince" Faisal, "Sheikh" Mohammed),
    which names the person with it."""
    if i == 0:
        return None
    w = doc[i - 1]
    if w.lower_ in lex.titles.honorifics or w.lower_ in lex.titles.royal:
        return w.text
    return None


def confidence(items: list[Evidence]) -> float:
    return max((e.confidence for e in items), default=0.0)


def _above(ex: Extraction, threshold: float) -> Extraction:
    """The extraction without facts under ``threshold`` (nor facts that hang on them)."""
    if threshold <= 0:
        return ex
    ex.actors = {k: a for k, a in ex.actors.items() if confidence(a.evidence) >= threshold}
    ex.places = {k: p for k, p in ex.places.items() if confidence(p.evidence) >= threshold}
    for p in ex.places.values():
        if p.within and p.within not in ex.places and p.within not in ex.actors:
            p.within = None
    ex.positions = [p for p in ex.positions if p.actor in ex.actors and confidence(p.evidence) >= threshold]
    events = []
    for e in ex.events:
        e.participants = [p for p in e.participants if p.actor in ex.actors]
        if e.place and e.place not in ex.places and e.place not in ex.actors:
            e.place = None
        if e.participants and confidence(e.evidence) >= threshold:
            events.append(e)
    ex.events = events
    ends = set(ex.actors) | set(ex.places) | {e.key for e in ex.events}
    ex.relations = [r for r in ex.relations if r.subject in ends and r.object in ends
                    and confidence(r.evidence) >= threshold]
    return ex


def _mention_evidence(ctx: Lookups, c: Cluster) -> list[Evidence]:
    out: dict[int, Evidence] = {}
    for m in c.mentions:
        s = ctx.parsed.sentences[m.sent]
        conf = m.confidence()
        if m.sent not in out or out[m.sent].confidence < conf:
            out[m.sent] = s.evidence(conf, m.text)
    return [out[k] for k in sorted(out)]


def _containment(ctx: Lookups, ex: Extraction) -> dict[str, str]:
    """``within``: "a club in Hallandale Beach", "Russia's Krasnodar region", and the
    gazetteer's containment."""
    doc = ctx.doc
    within: dict[str, str] = {}
    for m in ctx.entities.mentions:
        if m.kind != "Place" or not m.key or m.key not in ex.places or m.key in within:
            continue
        root = doc[m.j - 1]
        if m.i > 1 and doc[m.i - 1].tag_ == "POS":
            owner = ctx.mention(doc[m.i - 2])
            if owner is not None and owner.kind in ("Country", "Place") and owner.key != m.key:
                within[m.key] = owner.key
                continue
        heads = [root, *(c for c in root.children if c.dep_ == "appos")]
        for t in heads:
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "in" and m.key not in within:
                    for g in c.children:
                        other = ctx.mention(g)
                        if g.dep_ == "pobj" and other is not None and other.kind in ("Place", "Country") \
                                and other.key != m.key:
                            within[m.key] = other.key
        # "Budapest, Hungary": a place, then its country or region in apposition.
        if m.key not in within and m.j + 1 < len(doc) and doc[m.j].text == ",":
            other = ctx.mention(doc[m.j + 1])
            after = doc[other.j] if other is not None and other.j < len(doc) else None
            if other is not None and other.kind in ("Place", "Country") and other.key != m.key \
                    and other.i == m.j + 1 and doc[other.j - 1].dep_ not in ("nsubj", "nsubjpass") \
                    and (after is None or after.is_punct or after.is_space):
                within[m.key] = other.key  # not "in Istanbul, Russia handed over .."
    for c in ctx.entities.clusters:
        if c.kind == "Place" and c.key not in within and c.within:
            key = slug(c.within)
            if key in ex.places or key in ex.actors:
                within[c.key] = key
    return within


def event_confidence(em: Frame, parts: list[Participant], place: str | None, date: Any) -> float:
    """From the cues that licensed the event: a verb trigger with its arguments is
    surer than a noun; agreeing reports (merged frames), a place and a date add."""
    conf = 0.5 if "verb" in em.cues or "delegation" in em.cues else 0.4
    conf += 0.1 if len(parts) >= 2 else 0.0
    conf += 0.05 if "merged" in em.cues else 0.0
    conf += 0.05 if place else 0.0
    conf += 0.05 if date else 0.0
    conf += 0.1 if em.type == "Statement" and em.quotes else 0.0
    return min(conf, 0.95)


def _events(
    drafts: tuple[Frame, ...], ctx: Lookups, ex: Extraction, within: dict[str, str]
) -> dict[int, str]:
    used: set[str] = set()
    keys: dict[int, str] = {}
    for k, em in enumerate(drafts):
        parts = [Participant(a, r) for a, r in em.participants if a in ex.actors]  # type: ignore[arg-type]
        if not parts:
            continue
        place = best_place(em, within)
        if place is not None and place not in ex.places and place not in ex.actors:
            place = None
        date, precision = best_date(em)
        label = _label(em, parts, place, ex)
        key = slug(label)
        n = 2
        while key in used:
            key = f"{slug(label)}-{n}"
            n += 1
        used.add(key)
        keys[k] = key
        conf = event_confidence(em, parts, place, date)
        words = dict(em.evidence_sents)
        evidence = [ctx.parsed.sentences[s].evidence(conf, words.get(s)) for s in sorted(set(em.sents))]
        ex.events.append(Event(
            key=key, type=em.type, label=label, participants=parts,  # type: ignore[arg-type]
            place=place, date=date, date_precision=precision,  # type: ignore[arg-type]
            planned=em.planned, quote=" … ".join(em.quotes) if em.quotes else None,
            evidence=evidence,
        ))
    return keys


def _name(key: str, ex: Extraction) -> str:
    if key in ex.actors:
        return ex.actors[key].label
    if key in ex.places:
        return ex.places[key].label
    return key


def _label(em: Frame, parts: list[Participant], place: str | None, ex: Extraction) -> str:
    """A short readable label: "Meeting in Geneva", "Statement by Marco Rubio"."""
    from kgraph.schema import role_rank

    ranked = sorted(parts, key=lambda p: -role_rank(p.role))
    names = [_name(p.actor, ex) for p in ranked]
    where = f" in {_name(place, ex)}" if place else ""
    if em.type == "Statement":
        return f"Statement by {names[0]}" if names else "Statement"
    if em.type == "Visit":
        visitor = next((_name(p.actor, ex) for p in ranked if p.role != "host"), None)
        to = f" to {_name(place, ex)}" if place else ""
        return f"Visit by {visitor}{to}" if visitor else f"Visit{to}"
    if em.type == "Attack":
        att = [_name(p.actor, ex) for p in parts if p.role == "attacker"]
        tgt = [_name(p.actor, ex) for p in parts if p.role == "target"]
        label = "Attack" + (f" by {att[0]}" if att else "") + (f" on {tgt[0]}" if tgt else "")
        return label + (where if not tgt else "")
    if em.type == "Proposal":
        by = [_name(p.actor, ex) for p in parts if p.role == "proposer"] or names
        return f"Proposal by {' and '.join(by[:2])}" if by else "Proposal"
    if em.type == "Meeting" and place:
        return f"Meeting{where}"
    if len(names) >= 2:
        return f"{em.type} between {names[0]} and {names[1]}{where}"
    if names:
        return f"{em.type} with {names[0]}{where}"
    return f"{em.type}{where}"


def _relations(ctx: Lookups, ex: Extraction, r: Relations, keys: dict[int, str]) -> list[Relation]:
    """Relations with evidence. A cue's confidence is its pattern's weight scaled by
    how sure the two ends are; cues that agree combine as a noisy-or."""
    ends: dict[str, float] = {}
    for k, a in [*ex.actors.items(), *ex.places.items()]:
        ends[k] = confidence(a.evidence) or 0.5
    for e in ex.events:
        ends[e.key] = confidence(e.evidence) or 0.5
    cues: dict[tuple[str, str, str], list[tuple[Any, float]]] = {}
    for f in r.facts:
        obj = keys.get(int(f.object[len(EVENT):]), "") if f.object.startswith(EVENT) else f.object
        if f.subject == obj or f.subject not in ends or obj not in ends:
            continue
        c = f.confidence * (0.6 + 0.4 * min(ends[f.subject], ends[obj]))
        cues.setdefault((f.subject, f.predicate, obj), []).append((f, c))
    out = []
    for (subj, pred, obj), found in cues.items():
        miss = 1.0
        for _, c in found:
            miss *= 1.0 - c
        conf = min(1.0 - miss, 0.98)
        evidence: list[Evidence] = []
        for f, _ in found:
            ev = ctx.parsed.sentences[f.sent].evidence(conf, f.mention)
            if all(e.start != ev.start for e in evidence):
                evidence.append(ev)
        out.append(Relation(subj, pred, obj, evidence))  # type: ignore[arg-type]
    return out


def _dedupe_positions(ex: Extraction) -> None:
    merged: dict[tuple[str, str], Position] = {}
    for p in ex.positions:
        title = re.sub(r"^(the|a|an)\s+", "", p.title, flags=re.IGNORECASE).strip()
        if not title:
            continue
        k = (p.actor, title.casefold())
        if k in merged:
            merged[k].evidence.extend(
                e for e in p.evidence if all(e.start != x.start for x in merged[k].evidence)
            )
        else:
            merged[k] = Position(p.actor, title, list(p.evidence))
    ex.positions = list(merged.values())
