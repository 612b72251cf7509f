"""Turn an :class:`~kgraph.model.Extraction` into quads in the article's named graph.

Everything an article says, and its provenance, goes into one named graph, so an
article can be replaced or removed as a unit. The terms for types, roles, statuses
and predicates come from the schema (:mod:`kgraph.schema`); an event's date is
written at its precision, with the datatype the schema gives it (``2025-10`` as
``xsd:gYearMonth``, ``2025`` as ``xsd:gYear``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad
from rdflib import URIRef

from kgraph.iri import Minter, fact_id, slug
from kgraph.model import Evidence, Extraction
from kgraph.names import look_up_keys, name_keys, part_keys
from kgraph.namespace import DCTERMS, KG, ORG, OWL, PROV, RDF, SCHEMA, SEM, SKOS, XSD
from kgraph.schema import schema

__all__ = ["ACTOR_CLASSES", "EVENT_CLASSES", "PREDICATE_TERMS", "ROLE_TERMS", "STATUS_TERMS",
           "event_date", "to_quads"]

_SCHEMA = schema()
#: Actor type name -> its class (every actor is a kg:Actor too).
ACTOR_CLASSES: dict[str, URIRef] = {a.name: URIRef(a.iri) for a in _SCHEMA.actor_types}
#: Event type name -> its class in kg:.
EVENT_CLASSES: dict[str, URIRef] = {e.name: KG[e.term] for e in _SCHEMA.event_types}
#: Role name -> its concept in kg:.
ROLE_TERMS: dict[str, URIRef] = {r.name: KG[r.term] for r in _SCHEMA.roles}
#: Status name -> its concept in kg:.
STATUS_TERMS: dict[str, URIRef] = {s.name: KG[s.term] for s in _SCHEMA.statuses}
#: Predicate name (the gold format's) -> its property in kg:.
PREDICATE_TERMS: dict[str, URIRef] = {p.name: KG[p.term] for p in _SCHEMA.predicates}
#: Date precision -> (how it is written, the datatype).
_PRECISIONS = {p.name: p for p in _SCHEMA.date_precisions}


_NODES: dict[str, NamedNode] = {}


def _n(iri: object) -> NamedNode:
    """A NamedNode; vocabulary terms (repeated in every article) are made once."""
    if not isinstance(iri, URIRef):  # minted instance IRIs: plain strings
        return NamedNode(str(iri))
    node = _NODES.get(iri)
    if node is None:
        node = _NODES[iri] = NamedNode(str(iri))
    return node


def _decimal(value: float) -> Literal:
    """An xsd:decimal in canonical form (as Oxigraph stores it), two places at most.

    >>> _decimal(0.9).value, _decimal(1.0).value, _decimal(0.456).value
    ('0.9', '1', '0.46')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=_n(XSD.decimal))


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=_n(XSD.date))


def event_date(value: dt.date, precision: str | None = None) -> Literal:
    """An event's date at its precision (``day`` when not given), with the schema's
    datatype for it.

    >>> d = dt.date(2025, 10, 5)
    >>> [(x.value, x.datatype.value.rsplit("#")[1]) for x in (event_date(d), event_date(d, "month"),
    ...                                                    event_date(d, "year"))]
    [('2025-10-05', 'date'), ('2025-10', 'gYearMonth'), ('2025', 'gYear')]
    """
    try:
        p = _PRECISIONS[precision or "day"]
    except KeyError:
        raise ValueError(f"unknown date precision {precision!r} "
                         f"(known: {', '.join(_PRECISIONS)})") from None
    return Literal(p.lexical(value), datatype=_n(URIRef(p.datatype_iri)))


class _Writer:
    def __init__(self, extraction: Extraction, minter: Minter) -> None:
        self.x = extraction
        self.m = minter
        self.aid = extraction.article.id
        self.graph = _n(minter.graph(self.aid))
        self.article = _n(minter.article(self.aid))
        self.activity = _n(minter.extraction(self.aid))
        self.quads: list[Quad] = []

    def add(self, s: object, p: object, o: object) -> None:
        s = s if isinstance(s, NamedNode) else _n(s)
        p = p if isinstance(p, NamedNode) else _n(p)
        o = o if isinstance(o, (NamedNode, Literal)) else _n(o)
        self.quads.append(Quad(s, p, o, self.graph))

    def text(self, s: object, p: object, value: str) -> None:
        self.add(s, p, Literal(value))

    def entity(self, key: str) -> NamedNode:
        """The IRI of an actor, place or event key (events by their article key)."""
        if key in self.x.actors:
            return _n(self.m.actor(self.aid, key))
        if key in self.x.places:
            return _n(self.m.place(key))
        if any(event.key == key for event in self.x.events):
            return _n(self.m.event(self.aid, key))
        return _n(self.m.place(key))

    def keys(self, node: NamedNode, names: Iterable[str], parts: str = "") -> None:
        """The look-up keys of a node's names (:func:`kgraph.names.look_up_keys`), and
        with ``parts`` (``actor``) the keys of their parts (:func:`~kgraph.names.part_keys`)."""
        names = list(names)
        for key in look_up_keys(names):
            self.text(node, KG.key, key)
        for key in part_keys(names, parts) if parts else ():
            self.text(node, KG.partKey, key)

    def fact(self, node: NamedNode, kind: str, *says: str) -> str:
        """Give a fact its short stable ID (:func:`kgraph.iri.fact_id`)."""
        fid = fact_id(kind, self.aid, *says)
        self.text(node, KG.factId, fid)
        return fid

    def evidence(self, fact: NamedNode, items: Iterable[Evidence]) -> None:
        for ev in items:
            node = _n(self.m.evidence(self.aid, fact.value, ev.start, ev.end))
            self.add(fact, KG.evidence, node)
            self.add(node, RDF.type, KG.Evidence)
            self.text(node, KG.sentence, ev.sentence)
            self.add(node, KG.startOffset, Literal(str(ev.start), datatype=_n(XSD.integer)))
            self.add(node, KG.endOffset, Literal(str(ev.end), datatype=_n(XSD.integer)))
            self.add(node, KG.confidence, _decimal(ev.confidence))
            if ev.mention:
                self.text(node, KG.mentionText, ev.mention)
            # the extraction run is recorded once, for the article (prov:used)
            self.add(node, PROV.wasDerivedFrom, self.article)

    def write(self) -> list[Quad]:
        self.provenance()
        self.actors()
        self.places()
        self.positions()
        self.events()
        self.relations()
        return self.quads

    def provenance(self) -> None:
        a, x = self.x.article, self.x
        self.add(self.article, RDF.type, SCHEMA.NewsArticle)
        self.add(self.article, RDF.type, PROV.Entity)
        self.text(self.article, DCTERMS.title, a.title)
        self.text(self.article, DCTERMS.identifier, a.id)
        if a.published:
            self.add(self.article, DCTERMS.issued, _date(a.published))
        if a.source:
            self.text(self.article, DCTERMS.source, a.source)
        if a.path:
            self.text(self.article, KG.sourceFile, a.path)
        agent = _n(self.m.extractor(x.extractor, x.version))
        self.add(agent, RDF.type, KG.Extractor)
        self.text(agent, SKOS.prefLabel, x.extractor)
        self.text(agent, KG.extractorVersion, x.version)
        self.add(self.activity, RDF.type, KG.Extraction)
        self.add(self.activity, PROV.used, self.article)
        self.add(self.activity, PROV.wasAssociatedWith, agent)
        if x.fingerprint:
            self.text(self.activity, KG.extractorFingerprint, x.fingerprint)
        if x.min_confidence is not None:
            self.add(self.activity, KG.minConfidence, _decimal(x.min_confidence))
        self.add(self.graph, PROV.wasDerivedFrom, self.article)
        self.add(self.graph, PROV.wasGeneratedBy, self.activity)

    def actors(self) -> None:
        for actor in self.x.actors.values():
            node = _n(self.m.actor(self.aid, actor.key))
            self.add(node, RDF.type, KG.Actor)
            self.add(node, RDF.type, ACTOR_CLASSES[actor.type])
            self.text(node, SKOS.prefLabel, actor.label)
            self.fact(node, "actor", actor.key)
            for alias in sorted(actor.aliases - {actor.label}):
                self.text(node, SKOS.altLabel, alias)
            self.keys(node, [actor.label, *actor.aliases], "actor")
            for key in name_keys(actor.label, actor.aliases, person=actor.type == "Person"):
                self.text(node, KG.nameKey, key)
            if actor.wikidata:
                self.add(node, OWL.sameAs, self.m.wikidata(actor.wikidata))
            self.add(node, PROV.wasDerivedFrom, self.article)
            self.evidence(node, actor.evidence)

    def places(self) -> None:
        for place in self.x.places.values():
            node = _n(self.m.place(place.key))
            self.add(node, RDF.type, SCHEMA.Place)
            self.add(node, RDF.type, SEM.Place)
            self.text(node, SKOS.prefLabel, place.label)
            for alias in sorted(place.aliases - {place.label}):
                self.text(node, SKOS.altLabel, alias)
            self.keys(node, [place.label, *place.aliases])
            if place.within:
                self.add(node, SCHEMA.containedInPlace, self.entity(place.within))
            if place.wikidata:
                self.add(node, OWL.sameAs, self.m.wikidata(place.wikidata))
            self.add(node, PROV.wasDerivedFrom, self.article)
            self.evidence(node, place.evidence)

    def positions(self) -> None:
        for pos in self.x.positions:
            actor = _n(self.m.actor(self.aid, pos.actor))
            post = _n(self.m.post(self.aid, pos.actor, pos.title))
            self.add(post, RDF.type, ORG.Post)
            self.text(post, SKOS.prefLabel, pos.title)
            self.fact(post, "position", pos.actor, slug(pos.title))
            self.add(post, ORG.heldBy, actor)
            self.add(actor, ORG.holds, post)
            if self.x.article.published:
                self.add(post, DCTERMS.date, _date(self.x.article.published))
            self.evidence(post, pos.evidence)

    def events(self) -> None:
        for event in self.x.events:
            node = _n(self.m.event(self.aid, event.key))
            self.add(node, RDF.type, SEM.Event)
            self.add(node, RDF.type, EVENT_CLASSES[event.type])
            self.text(node, SKOS.prefLabel, event.label)
            self.keys(node, [event.label])
            where = min(((ev.start, ev.end) for ev in event.evidence), default=None)
            fid = self.fact(node, "event", event.type, f"{where[0]}-{where[1]}" if where else event.key)
            self.add(node, KG.status, STATUS_TERMS["planned" if event.planned else "happened"])
            if event.place:
                self.add(node, SEM.hasPlace, self.entity(event.place))
            if event.date:
                precision = event.date_precision or "day"
                self.add(node, SEM.hasTimeStamp, event_date(event.date, precision))
                self.text(node, KG.datePrecision, precision)
            if event.quote:
                self.text(node, KG.quote, event.quote)
            for part in event.participants:
                actor = self.entity(part.actor)
                role = _n(self.m.participation(node.value, part.actor))
                self.add(node, SEM.hasActor, actor)
                self.add(node, KG.participation, role)
                self.add(role, RDF.type, KG.Participation)
                self.add(role, RDF.value, actor)
                self.add(role, SEM.roleType, ROLE_TERMS[part.role])
                self.fact(role, "participation", fid, part.actor, part.role)
            self.add(node, PROV.wasDerivedFrom, self.article)
            self.evidence(node, event.evidence)

    def relations(self) -> None:
        for rel in self.x.relations:
            s, o = self.entity(rel.subject), self.entity(rel.object)
            p = _n(PREDICATE_TERMS[rel.predicate])
            self.add(s, p, o)
            node = _n(self.m.relation(self.aid, s.value, p.value, o.value))
            self.add(node, RDF.type, KG.RelationStatement)
            self.add(node, RDF.subject, s)
            self.add(node, RDF.predicate, p)
            self.add(node, RDF.object, o)
            self.fact(node, "relation", rel.subject, rel.predicate, rel.object)
            self.evidence(node, rel.evidence)


def to_quads(extraction: Extraction, minter: Minter | None = None) -> list[Quad]:
    """All quads for one article, in its named graph, without duplicates.

    >>> from kgraph.model import Actor, Article
    >>> art = Article(id="a1", text="Rubio spoke.", title="T", published=None)
    >>> x = Extraction(art, "test", "0")
    >>> x.actors["marco-rubio"] = Actor("marco-rubio", "Marco Rubio", "Person", {"Rubio"})
    >>> quads = to_quads(x, Minter("http://x/"))
    >>> {q.graph_name.value for q in quads}
    {'http://x/graph/a1'}
    """
    quads = _Writer(extraction, minter or Minter()).write()
    return list(dict.fromkeys(quads))
