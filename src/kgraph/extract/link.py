"""Cross-article linking: the actors of a new article resolved against actors already
known (in the store, or earlier in the same batch), so one person is one IRI.

A pure function over plain data: :func:`link_across` rewrites the keys of an
:class:`~kgraph.model.Extraction` in place (actors, positions, events, relations). The
caller loads the known actors once (one SPARQL query per ingest) and keeps the list up
to date with :func:`known_from` as it writes articles.

Rules, in order, per actor of the new article (types must agree):

1. its key is known: nothing to do;
2. one of its names equals (normalised) a name of exactly one known actor;
3. people only: a full name that is a transliteration variant of exactly one known
   full name ("Volodymyr Zelensky" = "Volodymyr Zelenskyy", "Serhiy" = "Sergiy");
4. people only: a surname alone ("Witkoff") that is the surname of exactly one known
   person.

Ambiguity (two known candidates) links nothing.

>>> from kgraph.model import Actor, Article, Extraction
>>> x = Extraction(Article("a", "", "t", None), "kgraph.extract", "0")
>>> x.actors["zelensky"] = Actor("zelensky", "Zelensky", "Person")
>>> link_across(x, [KnownActor("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "Person")])
{'zelensky': 'volodymyr-zelenskyy'}
>>> sorted(x.actors)
['volodymyr-zelenskyy']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kgraph.model import Actor, Extraction, Participant
from kgraph.names import fold, norm, same_name, similar_word

__all__ = ["KnownActor", "key_from_iri", "known_from", "link_across"]


@dataclass
class KnownActor:
    """An actor already in the store: its key (the IRI's last segment), labels, type."""

    key: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        return {self.label, *self.aliases}


def key_from_iri(iri: str) -> str:
    """The actor key an IRI was minted from (:meth:`kgraph.iri.Minter.actor`).

    >>> key_from_iri("https://kgraph.example/id/actor/steve-witkoff")
    'steve-witkoff'
    """
    return iri.rsplit("/actor/", 1)[-1]


def known_from(extraction: Extraction) -> list[KnownActor]:
    """The actors of an extraction as known actors (to link later articles)."""
    return [KnownActor(a.key, a.label, a.type, set(a.aliases)) for a in extraction.actors.values()]


def _full(name: str) -> bool:
    """A given name and a surname: "Sheikh Mohamed" or "Prince Faisal" is a form of
    address with one name, not a full name."""
    from kgraph.extract.lexicon import load_lexicon

    words = fold(name).split()
    t = load_lexicon(False).titles
    return len([w for w in words if w not in t.honorifics and w not in t.royal]) > 1


def _candidates(actor: Actor, known: list[KnownActor]) -> list[KnownActor]:
    same_type = [k for k in known if k.type == actor.type]
    names = {actor.label, *actor.aliases}
    normed = {norm(n) for n in names}
    exact = [k for k in same_type if normed & {norm(n) for n in k.names()}]
    if exact or actor.type != "Person":
        return exact
    fulls = [n for n in names if _full(n)]
    if fulls:
        return [
            k for k in same_type
            if any(same_name(a, b) for a in fulls for b in k.names() if _full(b))
        ]
    # A surname alone: the one known person with that surname.
    surnames = {fold(n).split()[-1] for n in names if fold(n)}
    return [
        k for k in same_type
        if any(similar_word(s, fold(b).split()[-1]) for s in surnames for b in k.names()
               if _full(b))
    ]


def link_across(extraction: Extraction, known: Iterable[KnownActor]) -> dict[str, str]:
    """Rewrite the actor keys of ``extraction`` that denote a known actor; returns the
    mapping old key -> known key. The known label becomes the actor's label (the new
    article's own wording stays an alias), so the shared IRI keeps one preferred
    label."""
    known = list(known)
    by_key = {k.key: k for k in known}
    mapping: dict[str, str] = {}
    for key, actor in list(extraction.actors.items()):
        if key in by_key:
            continue
        found = _candidates(actor, known)
        if len({k.key for k in found}) == 1:
            mapping[key] = found[0].key
    if not mapping:
        return mapping
    _rewrite(extraction, mapping, by_key)
    return mapping


def _rewrite(x: Extraction, mapping: dict[str, str], by_key: dict[str, KnownActor]) -> None:
    actors: dict[str, Actor] = {}
    for key, actor in x.actors.items():
        new = mapping.get(key, key)
        if new != key:
            k = by_key[new]
            actor.aliases = (actor.aliases | {actor.label}) - {k.label}
            actor.key, actor.label = new, k.label
        if new in actors:  # two actors of the article are one known actor
            kept = actors[new]
            kept.aliases |= (actor.aliases | {actor.label}) - {kept.label}
            kept.evidence.extend(e for e in actor.evidence if e not in kept.evidence)
            kept.wikidata = kept.wikidata or actor.wikidata
        else:
            actors[new] = actor
    x.actors = actors
    for pos in x.positions:
        pos.actor = mapping.get(pos.actor, pos.actor)
    for event in x.events:
        seen: dict[str, Participant] = {}
        for p in event.participants:
            p.actor = mapping.get(p.actor, p.actor)
            seen.setdefault(p.actor, p)
        event.participants = list(seen.values())
    relations = []
    keys: set[tuple[str, str, str]] = set()
    for r in x.relations:
        r.subject = mapping.get(r.subject, r.subject)
        r.object = mapping.get(r.object, r.object)
        k = (r.subject, r.predicate, r.object)
        if r.subject != r.object and k not in keys:
            keys.add(k)
            relations.append(r)
    x.relations = relations
