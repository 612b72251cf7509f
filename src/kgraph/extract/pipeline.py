"""The extraction pipeline: article -> :class:`kgraph.model.Extraction`.

Stages, in order (each a module of this package): ``document`` (sentences, headlines)
-> ``mentions`` (NER + lexicons + rules) -> ``resolve`` (actors, places, aliases) ->
``events`` + ``assemble`` (triggers, roles, delegations, dates, merging) ->
``relations`` (patterns) -> model objects with evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kgraph.extract import NAME, VERSION
from kgraph.extract.assemble import (
    Delegation,
    attach_dates,
    best_date,
    best_place,
    delegations,
    merge_events,
    scene_dates,
    scene_place,
)
from kgraph.extract.document import Document, build, mask_datelines
from kgraph.extract.events import Context, EventMention, _merge_in_sentence, mention_events
from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.mentions import find_mentions
from kgraph.extract.relations import Rel, positions_and_relations
from kgraph.extract.resolve import Cluster, resolve
from kgraph.iri import slug
from kgraph.model import (
    Actor,
    Article,
    Event,
    Evidence,
    Extraction,
    Participant,
    Place,
    Position,
    Relation,
)


class Extractor:
    """Turns articles into :class:`~kgraph.model.Extraction` objects.

    ``gazetteer`` switches the curated known actors and places on or off (the
    linguistic lexicons are always used); ``model`` names a spaCy pipeline (default:
    :func:`kgraph.extract.nlp.default_model_name`). The model loads at first use.

    >>> ex = Extractor(gazetteer=False)
    >>> ex.gazetteer
    False
    """

    name = NAME
    version = VERSION

    def __init__(self, gazetteer: bool = True, model: str | None = None) -> None:
        self.gazetteer = gazetteer
        self.model = model
        self._nlp: Any = None
        self._lex: Lexicon | None = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from kgraph.extract.nlp import load

            self._nlp = load(self.model)
        return self._nlp

    @property
    def lexicon(self) -> Lexicon:
        if self._lex is None:
            self._lex = load_lexicon(self.gazetteer)
        return self._lex

    def extract(self, article: Article) -> Extraction:
        """Extract one article."""
        return self._from_doc(article, self.nlp(mask_datelines(article.body)))

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Extraction]:
        """Extract many articles with one model and batched parsing."""
        pending: list[Article] = []
        for art in articles:
            pending.append(art)
            if len(pending) >= batch_size:
                yield from self._batch(pending, batch_size)
                pending = []
        if pending:
            yield from self._batch(pending, batch_size)

    def _batch(self, arts: list[Article], batch_size: int) -> Iterator[Extraction]:
        docs = self.nlp.pipe((mask_datelines(a.body) for a in arts), batch_size=batch_size)
        for art, doc in zip(arts, docs, strict=True):
            yield self._from_doc(art, doc)

    def _from_doc(self, article: Article, doc: Any) -> Extraction:
        lex = self.lexicon
        d = build(article, doc)
        d.mentions = find_mentions(d, self.nlp, lex)
        clusters = resolve(d, lex)
        return _assemble(d, lex, clusters)


# ----------------------------------------------------------------------------
def _assemble(d: Document, lex: Lexicon, clusters: list[Cluster]) -> Extraction:
    ex = Extraction(article=d.article, extractor=NAME, version=VERSION)
    by_key = {c.key: c for c in clusters}
    country_keys = {c.label: c.key for c in clusters if c.kind == "Country"}
    ctx = Context(d, lex, country_keys)
    for c in clusters:
        if c.kind == "Person" and c.country and c.country in country_keys:
            ctx.person_country[c.key] = country_keys[c.country]

    # Actors and places.
    for c in clusters:
        evidence = _mention_evidence(d, c)
        label = c.label
        aliases = {m.text for m in c.mentions} | {
            f"{m.title} {m.text}" for m in c.mentions if m.title
        }
        aliases = {a for a in aliases if a != label and a}
        if c.kind == "Place":
            ex.places[c.key] = Place(c.key, label, aliases, None, c.wikidata, evidence)
        else:
            ex.actors[c.key] = Actor(c.key, label, c.kind, aliases, c.wikidata, evidence)  # type: ignore[arg-type]
    _containment(d, ctx, by_key, ex)

    # Events.
    rels: list[Rel] = []
    per_sentence = mention_events(ctx)
    last: Delegation | None = None
    last_day: list = []
    for s in d.sentences:
        recs = delegations(ctx, s.index, last)
        ems = per_sentence[s.index]
        for r in recs:
            ems.append(_delegation_event(r, ctx, rels))
            last = r
        if recs:
            per_sentence[s.index] = ems = _merge_in_sentence(ems, ctx)
        attach_dates(ctx, s.index, ems, last_day)
    scenes = scene_dates(ctx, per_sentence)
    within = {k: p.within for k, p in ex.places.items()}
    drafts = merge_events(per_sentence, within)
    _emit_events(drafts, ctx, ex, within, scenes)

    # Relations.
    poss, prels = positions_and_relations(ctx)
    rels.extend(prels)
    rels.extend(_implied(ctx, rels))
    rels.extend(_excluded(ctx, ex))
    for p in poss:
        s = d.sentences[p.sent]
        ex.positions.append(Position(p.actor, p.title, [s.evidence(p.confidence, p.mention)]))
    _dedupe_positions(ex)
    ex.relations = _relations(d, ex, rels)
    return ex


def _entity_confidence(ex: Extraction) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, a in [*ex.actors.items(), *ex.places.items()]:
        out[k] = max((e.confidence for e in a.evidence), default=0.5)
    for e in ex.events:
        out[e.key] = max((ev.confidence for ev in e.evidence), default=0.5)
    return out


def _relations(d: Document, ex: Extraction, rels: list[Rel]) -> list[Relation]:
    """Relations with evidence. A cue's confidence is its pattern's weight scaled by
    how sure the two ends are (gazetteer + NER + rules agreeing, or one weak cue);
    cues that agree (several patterns or sentences) combine as a noisy-or."""
    ends = _entity_confidence(ex)
    cues: dict[tuple[str, str, str], list[tuple[Rel, float]]] = {}
    for r in rels:
        if r.subject == r.object or r.subject not in ends or r.object not in ends:
            continue
        c = r.confidence * (0.6 + 0.4 * min(ends[r.subject], ends[r.object]))
        cues.setdefault((r.subject, r.predicate, r.object), []).append((r, c))
    out = []
    for (subj, pred, obj), found in cues.items():
        miss = 1.0
        for _, c in found:
            miss *= 1.0 - c
        conf = min(1.0 - miss, 0.98)
        evidence: list[Evidence] = []
        for r, _ in found:
            ev = d.sentences[r.sent].evidence(conf, r.mention)
            if all(e.start != ev.start for e in evidence):
                evidence.append(ev)
        out.append(Relation(subj, pred, obj, evidence))  # type: ignore[arg-type]
    return out


def _implied(ctx: Context, rels: list[Rel]) -> list[Rel]:
    """Relations that follow from others: "Putin's envoy X" represents the country
    Putin leads or serves; the parties to a call are in contact."""
    out: list[Rel] = []
    for person, owner, sent, wording in ctx.via:
        country = next((r.object for r in rels if r.subject == owner and r.predicate in (
            "leads", "represents") and ctx.kinds.get(r.object) == "Country"), None)
        country = country or ctx.person_country.get(owner)
        if country:
            out.append(Rel(person, "represents", country, sent, wording, 0.6))
    for a, pred, b, sent, wording in ctx.implied:
        out.append(Rel(a, pred, b, sent, wording, 0.6))  # type: ignore[arg-type]
    return out


def _mention_evidence(d: Document, c: Cluster) -> list[Evidence]:
    out: dict[int, Evidence] = {}
    for m in c.mentions:
        s = d.sentences[m.sent]
        conf = m.confidence()
        if m.sent not in out or out[m.sent].confidence < conf:
            out[m.sent] = s.evidence(conf, m.text)
    return [out[k] for k in sorted(out)]


def _containment(d: Document, ctx: Context, by_key: dict[str, Cluster], ex: Extraction) -> None:
    """``within``: "a club in Hallandale Beach" and the gazetteer's containment."""
    for m in d.mentions:
        if m.kind != "Place" or not m.key or m.key not in ex.places:
            continue
        root = d.doc[m.j - 1]
        if m.i > 1 and d.doc[m.i - 1].tag_ == "POS" and ex.places[m.key].within is None:
            owner = ctx.mention(d.doc[m.i - 2])  # "Russia's Krasnodar region"
            if owner is not None and owner.kind in ("Country", "Place") and owner.key != m.key:
                ex.places[m.key].within = owner.key
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for g in c.children:
                    other = ctx.mention(g)
                    if (
                        g.dep_ == "pobj" and other is not None
                        and other.kind in ("Place", "Country")
                        and other.key != m.key and ex.places[m.key].within is None
                    ):
                        ex.places[m.key].within = other.key
        # Apposition of a facility to its name: "Shell Bay, a private golf club in X".
        for c in root.children:
            if c.dep_ == "appos":
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ == "in":
                        for g in cc.children:
                            other = ctx.mention(g)
                            if other is not None and other.kind in ("Place", "Country") and (
                                ex.places[m.key].within is None and other.key != m.key
                            ):
                                ex.places[m.key].within = other.key
    for key, place in ex.places.items():
        c = by_key.get(key)
        if place.within is None and c is not None and c.within:
            place.within = slug(c.within)


def _delegation_event(r: Delegation, ctx: Context, rels: list[Rel]) -> EventMention:
    """A delegation report as a Meeting (or Visit, "lead a delegation to Russia")."""
    trig = min(r.tokens) if r.tokens else ctx.d.sentences[r.sent].span.start
    tok = ctx.doc[trig]
    em = EventMention(
        type="Visit" if r.visit_to else "Meeting", trigger=trig, sents=[r.sent],
        anchors=set(r.tokens), definite=True,
    )
    em.mentions.append(tok.text)
    em.evidence_sents[r.sent] = tok.text
    from kgraph.extract.events import _planned

    em.planned = any(_planned(ctx.doc[t], ctx) for t in r.tokens)
    country = r.country
    if country is None:
        for h in r.heads + r.members:
            country = country or ctx.person_country.get(h)
    for h in r.heads:
        em.add(h, "head_of_delegation")
        if country:
            rels.append(Rel(h, "leads", country, r.sent, tok.text, 0.75))
            ctx.person_country.setdefault(h, country)
    for mbr in r.members:
        em.add(mbr, "member")
        if country:
            rels.append(Rel(mbr, "represents", country, r.sent, tok.text, 0.7))
            ctx.person_country.setdefault(mbr, country)
    if r.visit_to:
        em.places.append((r.visit_to, 3))
        if ctx.kinds.get(r.visit_to) == "Country":
            em.add(r.visit_to, "host")
        em.definite = False
    elif country:
        em.add(country, "participant")
    # A delegation somewhere else is its own meeting ("led the team in Geneva").
    for t in r.tokens:
        for c in ctx.doc[t].children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at"):
                for g in c.children:
                    k = ctx.place(g)
                    if k and g.dep_ == "pobj":
                        em.places.append((k, 2))
    return em


#: Event types that take the date of their scene when the text gives them none (a
#: proposal's date is when it was made, which the scene does not tell).
SCENE_DATED = {"Meeting", "Visit", "Statement", "Attack", "Agreement", "Call", "Other"}
#: Event types that happen where their scene is, when their own sentence names no place.
#: (Not statements: the store shares events by type, day and place across articles,
#: which would fuse two speakers' statements made at one scene.)
SCENE_PLACED = {"Meeting", "Agreement"}


def _scene_place(
    em: EventMention, parts: list[Participant], setter: int, ctx: Context,
    scene_actors: dict[int, set[str]],
) -> str | None:
    """The scene's place, for an event whose participants are part of the scene: named
    in the scene-setting sentence, or taking part in an event placed there before."""
    place = scene_place(ctx, setter)
    if place is None:
        return None
    actors = scene_actors.setdefault(setter, set(ctx.d.sentences[setter] and {
        m.key for m in ctx.d.mentions if m.sent == setter and m.key and m.kind != "Place"}))
    mine = {p.actor for p in parts}
    if not mine & actors:
        return None
    actors |= mine
    return place


def _emit_events(
    drafts: list[EventMention], ctx: Context, ex: Extraction, within: dict[str, str | None],
    scenes: list | None = None,
) -> None:
    used: set[str] = set()
    scene_actors: dict[int, set[str]] = {}
    last_meeting: EventMention | None = None
    for em in drafts:
        if em.type == "Meeting":
            last_meeting = em
        if "__joint__" in em.participants:
            del em.participants["__joint__"]
            if last_meeting is not None:
                for a, _ in last_meeting.participants.items():
                    if ctx.kinds.get(a) == "Country":
                        em.add(a, "speaker")
        parts = [
            Participant(a, r)  # type: ignore[arg-type]
            for a, r in em.participants.items() if a in ex.actors
        ]
        place = best_place(em, within)
        if place is not None and place not in ex.places and place not in ex.actors:
            place = None
        if not parts and not (em.type == "Meeting" and place):
            continue
        date, precision = best_date(em)
        scene = scenes[min(em.sents)] if scenes else None
        if date is None and scene and not em.planned and em.type in SCENE_DATED:
            date = scene.date  # narrative time: the scene's day
            precision = "day" if date else None
        if place is None and scene and scene.setter is not None and date == scene.date and (
            not em.planned and em.type in SCENE_PLACED
        ):
            place = _scene_place(em, parts, scene.setter, ctx, scene_actors)
        if em.type == "Attack" and place and not any(p.role == "target" for p in parts):
            # "missiles at Kyiv": the country the place is in is the target.
            top = _top_country(place, within, ctx)
            if top and top in ex.actors and all(p.actor != top for p in parts):
                parts.append(Participant(top, "target"))
        if em.type == "Call":
            first = {m.key: m.i for m in reversed(ctx.d.mentions) if m.key}
            people = sorted((p.actor for p in parts if ctx.kinds.get(p.actor) == "Person"),
                            key=lambda a: first.get(a, 0))
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    ctx.implied.append((a, "in_contact_with", b, em.sents[0],
                                        em.evidence_sents.get(em.sents[0], "call")))
        label = _label(em, parts, place, ex)
        key = slug(label)
        n = 2
        while key in used:
            key = f"{slug(label)}-{n}"
            n += 1
        used.add(key)
        conf = 0.4 + 0.1 * min(em.cues, 3) + (0.1 if parts else 0) + (0.05 if place else 0)
        conf += 0.05 if date else 0
        evidence = [
            ctx.d.sentences[s].evidence(conf, em.evidence_sents.get(s))
            for s in sorted(set(em.sents))
        ]
        quote = " … ".join(em.quotes) if em.quotes else None
        ex.events.append(
            Event(
                key=key, type=em.type, label=label, participants=parts,  # type: ignore[arg-type]
                place=place, date=date, date_precision=precision,  # type: ignore[arg-type]
                planned=em.planned, quote=quote, evidence=evidence,
            )
        )


def _top_country(place: str, within: dict[str, str | None], ctx: Context) -> str | None:
    k, n = place, 0
    while n < 6:
        if ctx.kinds.get(k) == "Country":
            return k
        nxt = within.get(k)
        if not nxt:
            return None
        k, n = nxt, n + 1
    return None


def _name(key: str, ex: Extraction) -> str:
    if key in ex.actors:
        return ex.actors[key].label
    if key in ex.places:
        return ex.places[key].label
    return key


def _label(em: EventMention, parts: list[Participant], place: str | None, ex: Extraction) -> str:
    """A short readable label: "Meeting in Geneva", "Statement by Marco Rubio"."""
    ranked = sorted(parts, key=lambda p: -_rank(p.role))
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


def _rank(role: str) -> int:
    from kgraph.extract.events import ROLE_RANK

    return ROLE_RANK.get(role, 0)


def _excluded(ctx: Context, ex: Extraction) -> list[Rel]:
    """"a process that excluded Ukraine and its European allies" -> excluded_from the
    proposal or meeting of the sentence (else the latest one before)."""
    out: list[Rel] = []
    doc = ctx.doc
    for tok in doc:
        shut = tok.lemma_ == "shut" and any(c.lower_ == "out" for c in tok.children)
        if tok.lemma_ not in ("exclude", "sideline", "bypass", "sidestep") and not shut:
            continue
        if tok.i in ctx.quoted:
            continue
        sent = ctx.d.sent_of[tok.i]
        if shut or any(c.dep_ == "nsubjpass" for c in tok.children):
            objs = [c for c in tok.children if c.dep_ == "nsubjpass"]
        else:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
        actors: list[str] = []
        for o in objs:
            for t in [o, *o.conjuncts]:
                a = ctx.actor(t)
                if a is None:
                    found = ctx.actors_in(t)
                    a = found[0] if found else None
                if a and a not in actors:
                    actors.append(a)
        target = _event_for(sent, ex, ctx)
        for a in actors:
            if target:
                out.append(Rel(a, "excluded_from", target, sent, tok.text, 0.65))
    return out


def _event_for(sent: int, ex: Extraction, ctx: Context) -> str | None:
    start = ctx.d.sentences[sent].start
    best = None
    for e in ex.events:
        if e.type not in ("Proposal", "Meeting", "Agreement"):
            continue
        starts = [ev.start for ev in e.evidence]
        if start in starts:
            return e.key
        if any(s < start for s in starts) and (best is None or e.type == "Proposal"):
            best = e.key
    return best


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
