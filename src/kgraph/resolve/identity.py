"""Cross-article identity kept in the store, in its own named graph.

The identity graph (:meth:`kgraph.iri.Minter.identity`) holds, for every actor and
event node of every article graph:

- ``<node> kg:canonical <C>``: the real-world actor or event it denotes (a node alone
  has a canonical node of its own, so readers always join through it);
- its look-up keys (``kg:nameKey`` on actors, ``kg:matchKey`` on events) and the same
  keys on ``<C>``, so candidates are found by exact index look-ups, never by scanning;
- ``<C>``'s summary: types, ``skos:prefLabel``, every name as ``skos:altLabel``,
  Wikidata IDs; for events the status (happened when any report says so), the most
  reported date at the finest precision and the most reported place;
- a ``kg:IdentityJudgement`` per joined node: the two nodes, reasons, a confidence and
  the rule version (:data:`kgraph.resolve.rules.RULES`); it stays while its two nodes
  stay in one cluster (which member a judgement cites depends on the order of arrival);
- ``<article graph> kg:resolvedBy RULES``.

Everything is SPARQL 1.1 against the store, so any server holds it and a second
process sees it. :meth:`Identity.add` resolves new article graphs incrementally;
:meth:`Identity.rebuild` resolves the whole store again, with the same result.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from typing import Any, NamedTuple

from pyoxigraph import NamedNode, Quad

from kgraph.curate import fact_nodes
from kgraph.iri import Minter
from kgraph.names import look_up_keys, norm, part_keys
from kgraph.namespace import DCTERMS, KG, OWL, PROV, RDF, SCHEMA, SEM, SKOS, XSD, local_name
from kgraph.resolve.rules import (
    RULES,
    ActorNode,
    EventNode,
    Summary,
    cluster_actors,
    cluster_events,
    date_span,
    link_actors,
    link_events,
    summarise_actors,
    summarise_events,
)
from kgraph.store import GraphStore, select

__all__ = ["ArticleNodes", "Identity"]


class _Terms:
    """A vocabulary whose terms are each looked up once: rdflib's look-up of a term
    costs a microsecond, and the identity graph of a large load names millions."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._namespace, name)
        self.__dict__[name] = value
        return value

    def __str__(self) -> str:
        return str(self._namespace)


DCTERMS, KG, OWL, PROV, RDF, SCHEMA, SEM, SKOS, XSD = map(  # type: ignore[assignment]
    _Terms, (DCTERMS, KG, OWL, PROV, RDF, SCHEMA, SEM, SKOS, XSD))


class _Written(_Terms):
    """A vocabulary's terms as N-Triples writes them: ``_Written(KG).key`` is
    ``<https://kgraph.example/ns#key>``."""

    def __getattr__(self, name: str) -> str:
        value = f"<{getattr(self._namespace, name)}>"
        self.__dict__[name] = value
        return value


_kg, _owl, _prov, _rdf, _sem, _skos = map(_Written, (KG, OWL, PROV, RDF, SEM, SKOS))
_RDF_JSON, _XSD_DECIMAL, _XSD_INTEGER = str(RDF.JSON), str(XSD.decimal), str(XSD.integer)

# Node data is read one property at a time, for a set of nodes bound by VALUES inside
# the GRAPH block: Oxigraph evaluates OPTIONALs (and bindings from outside a GRAPH
# block with OPTIONALs) before it joins, which costs a pass over the store per look-up.
_ACTOR_BASE = str(KG.Actor)
_ACTOR_PROPS = {"label": f"?n <{SKOS.prefLabel}> ?x", "alias": f"?n <{SKOS.altLabel}> ?x",
                "wd": f"?n <{OWL.sameAs}> ?x", "fid": f"?n <{KG.factId}> ?x"}
_EVENT_BASE = str(SEM.Event)
_EVENT_PROPS = {"label": f"?n <{SKOS.prefLabel}> ?x", "date": f"?n <{SEM.hasTimeStamp}> ?x",
                "prec": f"?n <{KG.datePrecision}> ?x", "pl": f"?n <{SEM.hasPlace}> ?x",
                "status": f"?n <{KG.status}> ?x", "a": f"?n <{SEM.hasActor}> ?x",
                "fid": f"?n <{KG.factId}> ?x",
                # a place's label as the event's own article gives it (a shared place
                # is labelled in every article that names it)
                "plabel": f"?n <{SEM.hasPlace}> ?p . ?p <{SKOS.prefLabel}> ?x",
                "within": f"?n <{SEM.hasPlace}> ?p . ?p <{SCHEMA.containedInPlace}> ?w . "
                          f"?w <{SKOS.prefLabel}> ?x"}


_SLOW = object()


# The identity graph is written as N-Triples lines made here, as Oxigraph writes its
# terms (so a line read back from the store is the same string): making a pyoxigraph
# term costs several times more than its text, and a large load writes millions.
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")
_ESCAPES = {**{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
            0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def _lit(text: str, datatype: str | None = None) -> str:
    """A literal in N-Triples, as Oxigraph writes it (``datatype``: an IRI; None for
    a plain string).

    >>> _lit('say "hi"\\n'), _lit("2", str(XSD.integer))
    ('"say \\\\"hi\\\\"\\\\n"', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if _CONTROL.search(text):  # (rare: a label's control character)
        text = text.translate(_ESCAPES)
    elif '"' in text or "\\" in text:  # (a record's JSON: many quotes)
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"' if datatype is None else f'"{text}"^^<{datatype}>'


def _json(text: str) -> str:
    """A record as stored: an ``rdf:JSON`` literal."""
    return _lit(text, _RDF_JSON)


@functools.cache
def _event_classes() -> dict[str, str]:
    """An event class's local name -> the class, written (``<...#Meeting>``)."""
    from kgraph.rdf import EVENT_CLASSES

    return {str(c).rsplit("#", 1)[-1]: f"<{c}>" for c in EVENT_CLASSES.values()}


def _t(s: str, p: str, o: str) -> str:
    """The N-Triples line of a triple whose terms are written already (how updates,
    and with the graph's name the bulk loader, take it)."""
    return f"{s} {p} {o} ."


class _Profile(NamedTuple):
    """A canonical actor as the fast path sees it: one node holding all its names,
    the least member IRI (which names it), the words that name a member alone (a
    surname that joined it), its look-up keys among those asked for and the least of
    its members' fact IDs (``kg:actorId``; "" for none, None in a record written
    before it was kept)."""

    node: ActorNode
    first: str
    single: frozenset[str]
    keys: frozenset[str]
    record: str | None = None  # as stored (kg:record)
    fid: str | None = ""

    def text(self) -> str:
        """The profile as stored on the canonical node (``kg:record``), as JSON."""
        p = self.node
        return json.dumps({"type": p.type, "label": p.label, "names": sorted(p.names | {p.label}),
                           "wikidata": sorted(p.wikidata), "first": self.first,
                           "single": sorted(self.single), "fid": self.fid},
                          sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def read(cls, c: str, text: str, keys: Iterable[str]) -> _Profile:
        d = json.loads(text)
        node = ActorNode(c, "canonical " + c, d["type"], d["label"], frozenset(d["names"]),
                         frozenset(d["wikidata"]))
        return cls(node, d["first"], frozenset(d["single"]), frozenset(keys), text, d.get("fid"))


def _surname_only_of(single: frozenset[str], n: ActorNode) -> bool:
    """Whether a canonical actor whose members named by one word alone are ``single``
    holds one that ``n``'s surname fits, and that the clustering compares with ``n``
    (they share the surname's :func:`~kgraph.names.skeleton` key)."""
    from kgraph.names import similar_word, skeleton, surname

    mine = {surname(x) for x in n.names | {n.label}} - {""}
    return any(similar_word(surname(x), s) and skeleton(surname(x)) == skeleton(s)
               for x in single for s in mine)


def _sharing(share: dict[Any, Any] | None) -> Any:
    """``x -> the value equal to x`` kept in ``share`` (``x`` itself with no ``share``)."""
    if share is None:
        return lambda x: x
    return lambda x: x if x is None else share.setdefault(x, x)


def _may_join(n: ActorNode, shared: set[str], canonical: ActorNode) -> bool:
    """Whether the clustering compares ``n`` with the members of a canonical actor
    with which it shares the look-up keys ``shared``: a name's key, or a surname's
    (``~``) when one of the two has a full name or both carry Wikidata IDs
    (:func:`~kgraph.resolve.rules.cluster_actors` compares no other pair in a
    surname's block: :func:`~kgraph.resolve.rules.link_actors` joins none), so
    a surname thousands share does not bring their clusters in.

    >>> one = lambda name: ActorNode("x", "g", "Person", name, frozenset({name}))
    >>> _may_join(one("Actr"), {"~actr"}, one("Actor")), _may_join(one("Actr"), {"~actr"}, one("Al Actor"))
    (False, True)
    """
    if not shared:
        return False
    return (any(not k.startswith("~") for k in shared) or n.full or canonical.full
            or bool(n.wikidata and canonical.wikidata))


def _joinable(n: ActorNode, profiles: dict[str, _Profile]) -> dict[str, _Profile]:
    """The canonical actors among ``profiles`` that the clustering compares with ``n``
    (:func:`_may_join` on the look-up keys they share)."""
    mine = set(n.lookup_keys())
    return {c: p for c, p in profiles.items() if _may_join(n, p.keys & mine, p.node)}


def _term(x: object) -> str:
    return str(x)


def _record(e: EventNode) -> str:
    """An event node as the rules see it, as JSON: stored on the node in the identity
    graph (``kg:record``), so a candidate is read with one look-up, not one per
    property in its article graph.

    >>> e = EventNode("http://x/e", "http://x/g", "Meeting", "Talks", date="2025-11")
    >>> _from_record(_record(e)) == e
    True
    """
    # the fields one by one (dataclasses.asdict deep-copies them: most of the time of
    # writing the identity graph of a large load)
    d = {f: getattr(e, f) for f in _EVENT_FIELDS}
    d["within"] = sorted(e.within)
    d["participants"] = [{**{f: getattr(p, f) for f in _ACTOR_FIELDS}, "names": sorted(p.names),
                          "wikidata": sorted(p.wikidata)} for p in e.participants]
    return json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


_EVENT_FIELDS = tuple(f.name for f in fields(EventNode))
_ACTOR_FIELDS = tuple(f.name for f in fields(ActorNode))


def _from_record(text: str) -> EventNode:
    d = json.loads(text)
    d["within"] = frozenset(d["within"])
    d["participants"] = tuple(ActorNode(**{**p, "names": frozenset(p["names"]),
                                           "wikidata": frozenset(p["wikidata"])})
                              for p in d["participants"])
    return EventNode(**d)


class Identity:
    """The identity graph of one store.

    >>> from kgraph.store import open_store
    >>> ident = Identity(open_store("memory"), Minter("http://x/"))
    >>> ident.graph
    'http://x/identity/'
    """

    def __init__(self, store: GraphStore, minter: Minter) -> None:
        self.store = store
        self.m = minter
        self.graph = minter.identity()
        self._pending: list[str] = []  # updates gathered for one transaction
        self._state: Any = None  # the analyst's curations in force (kgraph.curate.State)
        from kgraph.schema import schema

        self._actor_types = {a.iri: a.name for a in schema().actor_types}
        self._event_terms = {e.name: e.term for e in schema().event_types}

    # ------------------------------------------------------------ reading
    def curation(self) -> Any:
        """The analyst's curations in force (:class:`kgraph.curate.State`), read once."""
        if self._state is None:
            from kgraph.curate import read_state

            self._state = read_state(self.store, self.m)
        return self._state

    def _select(self, sparql: str, source: Any = None) -> list[dict[str, Any]]:
        return select(source or self.store, sparql.replace("$identity", f"<{self.graph}>"))

    @staticmethod
    def _values(var: str, iris: Iterable[str]) -> str:
        return f"VALUES ?{var} {{ {' '.join(_term(NamedNode(i)) for i in sorted(set(iris)))} }}"

    def _facts(self, base: str, props: dict[str, str], graphs: Iterable[str],
               nodes: Iterable[str], source: Any = None) -> dict[str, dict[str, Any]]:
        """For the nodes of class ``base`` (in some article graphs, or among some
        nodes): their graph, their ``types`` and each property's values, one query
        per property."""
        graphs, nodes = sorted(set(graphs)), sorted(set(nodes))
        found: dict[str, dict[str, Any]] = {}
        if len(graphs) == 1:
            g = _term(NamedNode(graphs[0]))
            q = f"SELECT ?n ?g ?x WHERE {{ GRAPH {g} {{ ?n a <{base}> ; a ?x }} BIND ({g} AS ?g) }}"
        elif graphs:
            q = f"SELECT ?n ?g ?x WHERE {{ {self._values('g', graphs)} GRAPH ?g {{ ?n a <{base}> ; a ?x }} }}"
        else:  # from the nodes: a class first would be planned as a scan of that class
            q = f"SELECT ?n ?g ?x WHERE {{ GRAPH ?g {{ {self._values('n', nodes)} ?n a ?x }} }}"
        types: dict[str, tuple[str, set[str]]] = {}
        for r in self._select(q, source):
            if r["g"] != self.graph:
                types.setdefault(r["n"], (r["g"], set()))[1].add(r["x"])
        for n, (g_, ts) in types.items():
            if base in ts:
                found[n] = {"g": g_, "types": ts}
        if not found:
            return found
        for name, pattern in props.items():
            q = f"SELECT ?n ?x WHERE {{ GRAPH ?g {{ {self._values('n', found)} {pattern} }} }}"
            for r in self._select(q, source):
                if r["n"] in found:
                    found[r["n"]].setdefault(name, set()).add(r["x"])
        return found

    def actors(self, *, graphs: Iterable[str] = (), nodes: Iterable[str] = (),
               source: Any = None) -> dict[str, ActorNode]:
        """The actor nodes of some article graphs, or some actor nodes, by IRI (read
        from ``source``, a store holding the article graphs: by default this one)."""
        return self._actor_nodes(self._facts(_ACTOR_BASE, _ACTOR_PROPS, graphs, nodes, source))

    def _actor_nodes(self, facts: dict[str, dict[str, Any]],
                     share: dict[Any, Any] | None = None) -> dict[str, ActorNode]:
        """Actor nodes from what :meth:`_facts` (or :class:`ArticleNodes`) read of them,
        with the analyst's curations. Values equal to one in ``share`` are that one
        (the names of an actor many articles name, kept once)."""
        one = _sharing(share)
        out = {}
        state = self.curation()
        for n, d in facts.items():
            kinds = [self._actor_types[t] for t in sorted(d["types"]) if t in self._actor_types]
            kind = kinds[0] if kinds else None
            fid = min(d["fid"]) if d.get("fid") else None
            if kind is None or not d.get("label") or fid in state.rejected:
                continue
            label = min(d["label"])
            kind = next((t for t in [state.sets.get(fid, {}).get("type")]
                         if t in self._actor_types.values()), kind)
            names = d.get("alias", set()) | {label} | state.aliases.get(fid, set())
            out[n] = ActorNode(n, d["g"], kind, label, one(frozenset(names)),
                               one(frozenset(local_name(w) for w in d.get("wd", ()))), fid)
        return out

    def events(self, *, graphs: Iterable[str] = (), nodes: Iterable[str] = (),
               source: Any = None) -> dict[str, EventNode]:
        """The event nodes of some article graphs, or some event nodes, with their
        participants, place and publication date, by IRI."""
        facts = self._facts(_EVENT_BASE, _EVENT_PROPS, graphs, nodes, source)
        facts = {n: d for n, d in facts.items() if d.get("label")}
        if not facts:
            return {}
        parts = sorted(f for f in self.curation().rejected if f.startswith("p-"))
        if parts:  # an analyst's rejected participations: not participants
            values = " ".join(map(_lit, parts))
            q = (f"SELECT ?n ?a WHERE {{ GRAPH ?g {{ {self._values('n', facts)} VALUES ?f {{ {values} }} "
                 f"?n <{KG.participation}> ?p . ?p <{KG.factId}> ?f ; <{RDF.value}> ?a }} }}")
            for r in self._select(q, source):
                facts[r["n"]].get("a", set()).discard(r["a"])
        people = self.actors(nodes={a for d in facts.values() for a in d.get("a", ())}, source=source)
        published: dict[str, str] = {}
        graphs_of = {d["g"] for d in facts.values()}
        q = (f"SELECT ?g ?x WHERE {{ GRAPH ?g {{ {self._values('g', graphs_of)} "
             f"?g <{PROV.wasDerivedFrom}> ?art . ?art <http://purl.org/dc/terms/issued> ?x }} }}")
        for r in self._select(q, source):
            published[r["g"]] = r["x"]
        return self._event_nodes(facts, people, published)

    def _event_nodes(self, facts: dict[str, dict[str, Any]], people: dict[str, ActorNode],
                     published: dict[str, str], share: dict[Any, Any] | None = None) -> dict[str, EventNode]:
        """Event nodes from what :meth:`_facts` (or :class:`ArticleNodes`) read of them,
        their participants among ``people`` and their graphs' publication dates, with
        the analyst's curations (and values shared as in :meth:`_actor_nodes`)."""
        from kgraph.schema import date_text

        one = _sharing(share)
        out = {}
        state = self.curation()
        for n, d in facts.items():
            cls = next((t for t in sorted(d["types"]) if t.startswith(str(KG))), None)
            fid = min(d["fid"]) if d.get("fid") else None
            if cls is None or fid in state.rejected:
                continue
            date = min(d["date"]) if d.get("date") else None
            prec = min(d["prec"]) if d.get("prec") else None
            place = min(d["pl"]) if d.get("pl") else None
            node = EventNode(
                n, d["g"], one(local_name(cls)), min(d["label"]),
                date=one(date_text(date, prec)), precision=one(prec) if date else None,
                place=one(place), place_label=one(min(d["plabel"])) if d.get("plabel") else None,
                within=one(frozenset(d.get("within", ()))),
                status=one(local_name(min(d["status"])).lower()) if d.get("status") else "happened",
                participants=tuple(people[a] for a in sorted(d.get("a", ())) if a in people),
                published=published.get(d["g"]), fid=fid)
            out[n] = self._curated(node, state.sets.get(fid)) if fid in state.sets else node
        return out

    def _curated(self, e: EventNode, values: dict[str, str]) -> EventNode:
        """An event node with an analyst's values (``kgraph curate set``)."""
        from kgraph.curate import parse_date

        changes: dict[str, Any] = {}
        if values.get("type") in self._event_terms:
            changes["type"] = self._event_terms[values["type"]]
        if "date" in values:
            changes["date"], changes["precision"] = parse_date(values["date"])
        if "status" in values:
            changes["status"] = values["status"]
        if "place" in values:
            changes["place"], changes["place_label"] = self.m.place(values["place"]), values["place"]
            changes["within"] = frozenset()
        return replace(e, **changes)

    def _article_graphs(self) -> list[str]:
        return [g for g in self.store.graphs() if self.m.is_article_graph(g)]

    def canonical_of(self, nodes: Iterable[str]) -> dict[str, str]:
        """Each node's canonical node (nodes not yet resolved are left out)."""
        nodes = list(nodes)
        if not nodes:
            return {}
        q = (f"SELECT ?n ?c WHERE {{ GRAPH $identity {{ {self._values('n', nodes)} "
             f"?n <{KG.canonical}> ?c }} }}")
        return {r["n"]: r["c"] for r in self._select(q)}

    def members(self, canonicals: Iterable[str]) -> dict[str, list[str]]:
        """The article nodes of canonical nodes."""
        canonicals = list(canonicals)
        if not canonicals:
            return {}
        q = (f"SELECT ?n ?c WHERE {{ GRAPH $identity {{ {self._values('c', canonicals)} "
             f"?n <{KG.canonical}> ?c }} }}")
        out: dict[str, list[str]] = {}
        for r in self._select(q):
            out.setdefault(r["c"], []).append(r["n"])
        return out

    def _by_key(self, prop: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """Nodes of the identity graph carrying any of ``keys`` under ``prop`` (name
        keys are on canonical actors, match keys on article events) -> their keys."""
        keys = sorted(set(keys))
        if not keys:
            return {}
        values = " ".join(map(_lit, keys))
        q = f"SELECT ?n ?k WHERE {{ GRAPH $identity {{ VALUES ?k {{ {values} }} ?n <{prop}> ?k }} }}"
        out: dict[str, set[str]] = {}
        for r in self._select(q):
            out.setdefault(r["n"], set()).add(r["k"])
        return out

    # ------------------------------------------------------------ writing
    def _summary_lines(self, c: str, kind: str, s: Summary, first: str, keys: Iterable[str],
                       fid: str = "") -> list[str]:
        from kgraph.rdf import ACTOR_CLASSES, STATUS_TERMS, event_date

        node = f"<{c}>"
        q = [_t(node, _rdf.type, _kg.Canonical), _t(node, _skos.prefLabel, _lit(s.label)),
             _t(node, _prov.wasDerivedFrom, f"<{first}>"), _t(node, _kg.rule, _lit(RULES))]
        key = _kg.nameKey if kind == "actor" else _kg.matchKey
        q += [_t(node, key, _lit(k)) for k in sorted(set(keys))]
        q += self._key_lines(node, s.names | {s.label}, kind)
        if kind == "actor":
            q.append(_t(node, _rdf.type, _kg.Actor))
            q.append(_t(node, _rdf.type, f"<{ACTOR_CLASSES[s.type]}>"))
            q += [_t(node, _skos.altLabel, _lit(n)) for n in sorted(s.names - {s.label})]
            q += [_t(node, _owl.sameAs, f"<{self.m.wikidata(w)}>") for w in sorted(s.wikidata)]
            if fid:
                q.append(_t(node, _kg.actorId, _lit(fid)))
            profile = _Profile(ActorNode(c, "", s.type, s.label, frozenset(s.names), frozenset(s.wikidata)),
                               first, frozenset(k[2:] for k in keys if k.startswith("1:")), frozenset(),
                               fid=fid)
            q.append(_t(node, _kg.record, _json(profile.text())))
            return q
        q.append(_t(node, _rdf.type, _sem.Event))
        q += [_t(node, _skos.altLabel, _lit(n)) for n in sorted(s.names - {s.label})]  # every report's label
        q.append(_t(node, _rdf.type, _event_classes()[s.type]))
        q.append(_t(node, _kg.status, f"<{STATUS_TERMS[s.status or 'happened']}>"))
        span = date_span(s.date, s.precision)
        if span:
            q.append(_t(node, _sem.hasTimeStamp, str(event_date(span[0], s.precision))))
            q.append(_t(node, _kg.datePrecision, _lit(s.precision or "day")))
        if s.place:  # places are shared by name: their labels are in the article graphs
            q.append(_t(node, _sem.hasPlace, f"<{s.place}>"))
        return q

    @staticmethod
    def _key_lines(node: str, names: Iterable[str], kind: str) -> list[str]:
        """A real-world node's look-up keys: every name's (``kg:key``) and its parts'
        (``kg:partKey``), so stored queries find it by any of its articles' names."""
        names = list(names)
        return ([_t(node, _kg.key, _lit(k)) for k in look_up_keys(names)]
                + [_t(node, _kg.partKey, _lit(k)) for k in part_keys(names, kind)])

    def _member_lines(self, n: str, c: str, keys: Iterable[str], kind: str,
                      judged: tuple[str, Any] | None, record: str | None = None) -> list[str]:
        node = f"<{n}>"
        q = [_t(node, _kg.canonical, f"<{c}>")]
        if kind == "event":  # an actor's name keys are on its canonical node
            q += [_t(node, _kg.matchKey, _lit(k)) for k in sorted(set(keys))]
        if record is not None:
            q.append(_t(node, _kg.record, _json(record)))
        if judged is not None:
            other, link = judged
            j = f"<{self.m.judgement(n, other)}>"
            confidence = f"{link.confidence:.2f}".rstrip("0").rstrip(".")
            q += [_t(j, _rdf.type, _kg.IdentityJudgement), _t(j, _kg.judges, node),
                  _t(j, _kg.judges, f"<{other}>"), _t(j, _kg.confidence, _lit(confidence, _XSD_DECIMAL)),
                  _t(j, _kg.rule, _lit(RULES))]
            q += [_t(j, _kg.reason, _lit(r)) for r in link.reasons]
        return q

    @staticmethod
    def _event_digest(c: str, s: Summary, members: list[EventNode]) -> list[str]:
        """What listings of events show, on the real-world event itself: its type's
        name, its ID (the least of its reports' fact IDs), its number of sources, its
        place's name and the actor nodes its reports name as participants (less
        rejected participations: a member's participants), so a query reads them in
        one pass instead of joining every report."""
        node = f"<{c}>"
        fids = sorted(m.fid for m in members if m.fid)
        q = [_t(node, _kg.sources, _lit(str(s.sources), _XSD_INTEGER)),
             _t(node, _kg.eventType, _lit(s.type))]
        q += [_t(node, _kg.reportedParticipant, f"<{a}>")
              for a in sorted({p.iri for m in members for p in m.participants})]
        if fids:
            q.append(_t(node, _kg.eventId, _lit(fids[0])))
        if s.place_label:
            q.append(_t(node, _kg.placeName, _lit(s.place_label)))
        return q

    def _cluster_lines(self, kind: str, members: list, judged: Iterable[str] = ()) -> list[str]:
        """Everything the identity graph says about one cluster, as N-Triples lines;
        the members in ``judged`` keep the judgement they have (:meth:`_kept`) and get
        no new one."""
        first = min(m.iri for m in members)
        summary = summarise_actors(members) if kind == "actor" else summarise_events(members)
        first_label = next(m.label for m in members if m.iri == first)
        c = self.m.canonical(kind, first_label, first)
        keys = {k for m in members for k in m.lookup_keys()} if kind == "actor" else set()
        fid = min((m.fid for m in members if m.fid), default="")
        quads = self._summary_lines(c, kind, summary, first, keys, fid)
        if kind == "event":
            quads += self._event_digest(c, summary, members)
        link = link_actors if kind == "actor" else link_events
        ordered = sorted(members, key=lambda x: x.iri)
        judged = set(judged)
        for m in members:
            judgement = None
            for other in ordered if m.iri not in judged else ():
                found = link(m, other) if other is not m else None
                if found is not None:
                    judgement = (other.iri, found)
                    break
            quads += self._member_lines(m.iri, c, m.lookup_keys(), kind, judgement,
                                        _record(m) if kind == "event" else None)
        return quads

    def _stored(self, nodes: Iterable[str], canonicals: Iterable[str]) -> set[str]:
        """What the identity graph says of these nodes (their links, keys,
        judgements) and of these canonical nodes (their summaries), as N-Triples
        lines."""
        subjects = sorted(set(nodes) | set(canonicals))
        if not subjects:
            return set()
        g = f"<{self.graph}>"
        found = [f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ {self._values('s', subjects)} ?s ?p ?o }} }}"]
        if nodes:
            found.append(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ {self._values('n', set(nodes))} "
                         f"?s <{KG.judges}> ?n . ?s ?p ?o }} }}")
        lines = set()
        for q in found:
            for row in self.store.query(q):  # type: ignore[attr-defined]
                lines.add(f"{row['s']} {row['p']} {row['o']} .")
        return lines

    def _change(self, delete: set[str], insert: set[str]) -> None:
        """Delete, then insert, N-Triples lines, at the next :meth:`_commit`."""
        for op, lines in (("DELETE", delete), ("INSERT", insert)):
            if lines:
                self._pending.append(f"{op} DATA {{ GRAPH <{self.graph}> {{\n" + "\n".join(sorted(lines))
                                     + "\n} }")

    def _commit(self) -> None:
        """Write what :meth:`_replace` gathered, in one update (one transaction)."""
        parts, self._pending = self._pending, []
        if parts:
            self.store.update(" ;\n".join(parts))

    # ------------------------------------------------------------ resolving
    def add_article(self, graph: str, quads: Iterable[Quad]) -> None:
        """Resolve one article graph just written with ``quads``: its own nodes are
        read from the quads (a store of one article in memory), the candidates from
        the store."""
        from pyoxigraph import Store

        own = Store()
        own.extend(Quad(q.subject, q.predicate, q.object, NamedNode(graph)) for q in quads)
        self.add([graph], source=own)

    def add(self, graphs: Iterable[str], *, source: Any = None) -> None:
        """Resolve the nodes of new article graphs against the store, one article
        after the other: each joins the canonical nodes the rules link it to. What
        one article changes in the identity graph (its actors, its events, its
        ``kg:resolvedBy`` mark) is written in one update, so it is all there or not
        at all. ``source`` is a store holding the article graphs, if not this one."""
        self._state = None  # the analyst's curations, read again (another process may curate)
        for graph in graphs:
            try:  # an article's identity is one transaction
                self._add_actors(self.actors(graphs=[graph], source=source))
                self._add_events(self.events(graphs=[graph], source=source))
                self._change(set(), {_t(f"<{graph}>", _kg.resolvedBy, _lit(RULES))})
                self._commit()
            finally:
                self._pending = []

    def _around(self, kind: str, nodes: dict[str, Any],
                profiles: dict[str, _Profile] | None = None) -> tuple[set[str], dict[str, Any]]:
        """The canonical nodes whose clusters ``nodes`` can change (those of every
        stored node sharing a look-up key with one of ``nodes``, and linked by the
        rules, for events), and the other stored nodes of those clusters, read (the
        candidates already read are not read again). ``profiles``: the canonical
        actors carrying the actors' keys, when already read (:meth:`_profiles`)."""
        read = self.actors if kind == "actor" else self._recorded
        known: dict[str, Any] = {}
        if kind == "actor":  # name keys are on canonical actors only
            if profiles is None:
                profiles = self._profiles({k for n in nodes.values() for k in n.lookup_keys()})
            touched = {c for n in nodes.values() for c in _joinable(n, profiles)}
            touched |= set(self.canonical_of(nodes).values())
        else:  # match keys are on the events of articles
            keys = {k for n in nodes.values() for k in n.query_keys()}
            found = set(self._by_key(str(KG.matchKey), keys)) - set(nodes)
            if found:
                known = self._recorded(found)
                found = {c for c, e in known.items() if any(link_events(n, e) for n in nodes.values())}
            touched = set(self.canonical_of(found | set(nodes)).values())
        partners = self.curation().partners(n.fid for n in nodes.values() if n.fid)
        if partners:  # an analyst merged them with nodes the rules do not reach
            found = fact_nodes(self.store, partners)
            touched |= set(self.canonical_of({n for ns in found.values() for n in ns}).values())
        members = {m for ms in self.members(touched).values() for m in ms} - set(nodes)
        others = {m: known[m] for m in members if m in known}
        if members - set(known):
            others.update(read(nodes=members - set(known)))
        return touched, others

    def _recorded(self, nodes: Iterable[str]) -> dict[str, EventNode]:
        """Stored event nodes, from their records in the identity graph (one look-up
        each); a node with no record (written by an older kgraph) from its article."""
        nodes = set(nodes)
        if not nodes:
            return {}
        q = (f"SELECT ?n ?r WHERE {{ GRAPH $identity {{ {self._values('n', nodes)} "
             f"?n <{KG.record}> ?r }} }}")
        out = {r["n"]: _from_record(r["r"]) for r in self._select(q)}
        if nodes - set(out):
            out.update(self.events(nodes=nodes - set(out)))
        return out

    def _add_actors(self, new: dict[str, ActorNode]) -> None:
        """Each new actor joins the one real-world actor its names lead to, read from
        the canonical nodes' summaries (so a person named in thousands of articles
        costs one look-up, not thousands); when a node would join two, change whom a
        surname alone denotes or rename its cluster, the clusters around it are made
        again (and only those: the article's other actors still take the fast path,
        so a country every article names is not rewritten with them)."""
        if not new:
            return
        profiles = self._profiles({k for a in new.values() for k in a.lookup_keys()})
        plan = {n.iri: self._fast_actor(n, profiles) for n in new.values()}
        slow = {i for i, target in plan.items() if target is _SLOW}
        if slow:
            slow, touched, others = self._slow_part(new, slow, profiles)
            self._rewrite("actor", [*others.values(), *(new[i] for i in slow)], touched)
            new = {i: n for i, n in new.items() if i not in slow}
        quads: list[str] = []
        delete: set[str] = set()
        joined: dict[str, str | None] = {}  # canonical -> its record as stored
        ids: dict[str, str] = {}  # canonical -> its kg:actorId as stored
        for n in sorted(new.values(), key=lambda a: a.iri):
            target = plan[n.iri]
            if target is None:
                quads += self._cluster_lines("actor", [n])
                continue
            c, profile, first = target
            link = link_actors(n, profile)
            quads += self._member_lines(n.iri, c, n.lookup_keys(), "actor", (first, link))
            quads += self._grow_summary(c, profile, n, delete)
            single = profiles[c].single | ({norm(x) for x in n.names} if not n.full else set())
            joined.setdefault(c, profiles[c].record)
            ids.setdefault(c, profiles[c].fid or "")
            fid = min(filter(None, (profiles[c].fid, n.fid)), default="")
            profiles[c] = _Profile(ActorNode(c, profile.graph, profile.type,
                                             summarise_actors([profile, n]).label,
                                             profile.names | n.names | {n.label},
                                             profile.wikidata | n.wikidata),
                                   first, frozenset(single), profiles[c].keys | set(n.lookup_keys()),
                                   fid=fid)
        for c, stored in joined.items():  # each joined canonical's record and ID, once
            node = f"<{c}>"
            if stored is not None:
                delete.add(_t(node, _kg.record, _json(stored)))
            quads.append(_t(node, _kg.record, _json(profiles[c].text())))
            if profiles[c].fid != ids[c]:  # the least of its members' fact IDs
                if ids[c]:
                    delete.add(_t(node, _kg.actorId, _lit(ids[c])))
                quads.append(_t(node, _kg.actorId, _lit(profiles[c].fid or "")))
        self._change(delete, set(quads))

    def _slow_part(self, new: dict[str, ActorNode], slow: set[str],
                   profiles: dict[str, _Profile]) -> tuple[set[str], set[str], dict[str, ActorNode]]:
        """The new actors whose clusters are made again (``slow`` and every other new
        actor that may join a cluster they change, or shares a look-up key with one
        of them), the canonical actors those clusters replace and their stored
        members (:meth:`_around`). ``profiles``: those read for all of ``new``."""
        while True:
            touched, others = self._around("actor", {i: new[i] for i in slow}, profiles)
            keys = {k for i in slow for k in new[i].lookup_keys()}
            more = {i for i, n in new.items() if i not in slow
                    and (touched.intersection(_joinable(n, profiles)) or keys & set(n.lookup_keys()))}
            if not more:
                return slow, touched, others
            slow |= more

    def _profiles(self, keys: set[str]) -> dict[str, _Profile]:
        """The canonical actors carrying any of ``keys``, as :class:`_Profile`."""
        found = self._by_key(str(KG.nameKey), keys)
        if not found:
            return {}
        q = f"SELECT ?c ?r WHERE {{ GRAPH $identity {{ {self._values('c', found)} ?c <{KG.record}> ?r }} }}"
        out = {r["c"]: _Profile.read(r["c"], r["r"], found[r["c"]]) for r in self._select(q)}
        rest = set(found) - set(out)  # written by an older kgraph: from the summary
        if rest:
            out.update(self._summaries(rest, found))
        return out

    def _summaries(self, canonicals: set[str], found: dict[str, set[str]]) -> dict[str, _Profile]:
        """Canonical actors with no record, as :class:`_Profile`, from their summaries."""
        rows: dict[str, dict[str, Any]] = {}
        head = f"SELECT ?c ?cls ?label ?first ?x WHERE {{ GRAPH $identity {{ {self._values('c', canonicals)} "
        parts = {  # one query per multi-valued property: no cross products
            "alt": f"?c <{SKOS.altLabel}> ?x",
            "wd": f"?c <{OWL.sameAs}> ?x",
            "single": f'?c <{KG.nameKey}> ?x FILTER (STRSTARTS(?x, "1:"))',
        }
        base = f"?c a ?cls ; <{SKOS.prefLabel}> ?label ; <{PROV.wasDerivedFrom}> ?first"
        for r in self._select(head + base + " } }"):
            d = rows.setdefault(r["c"], {"type": None, "label": r["label"], "names": {r["label"]},
                                         "wd": set(), "first": r["first"], "single": set()})
            d["type"] = d["type"] or self._actor_types.get(r["cls"])
        for part, pattern in parts.items():
            for r in self._select(head.replace("?cls ?label ?first ", "") + pattern + " } }"):
                d = rows.get(r["c"])
                if d is not None:
                    {"alt": d["names"], "wd": d["wd"], "single": d["single"]}[part].add(
                        local_name(r["x"]) if part == "wd" else r["x"][2:] if part == "single" else r["x"])
        return {c: _Profile(ActorNode(c, "canonical " + c, d["type"], d["label"], frozenset(d["names"]),
                                      frozenset(d["wd"])), d["first"], frozenset(d["single"]),
                            frozenset(found[c]), fid=None)
                for c, d in rows.items() if d["type"]}

    def _fast_actor(self, n: ActorNode, found: dict[str, _Profile]) -> Any:
        """Where ``n`` goes without remaking clusters: ``(canonical, profile, first)``,
        None for a node of its own, or ``_SLOW`` when the clusters around it must be
        made again (it joins two; it changes whom a surname alone denotes; it would
        rename its cluster). Only the canonical actors sharing a look-up key with
        ``n`` count, as in :func:`~kgraph.resolve.rules.cluster_actors` (the others
        were read for the article's other actors)."""
        if n.fid in self.curation().constrained():
            return _SLOW  # an analyst's merge, split, set or alias: the clusters are made again
        profiles = _joinable(n, found)
        strong, weak = [], []
        for c, x in profiles.items():
            link = link_actors(n, x.node)
            if link is not None:
                (strong if link.strong else weak).append(c)
        if n.full:
            if len(strong) > 1:
                return _SLOW
            for c in weak:  # a group of surnames alone that n may now be the one for
                if not strong or link_actors(profiles[c].node, profiles[strong[0]].node) is None:
                    return _SLOW
            others = [(x.node, x.single) for c, x in profiles.items()
                      if c not in strong and x.node.full and x.node.type == n.type]
            if n.type == "Person" and any(_surname_only_of(single, n) for _, single in others):
                return _SLOW  # a surname alone that joined another person now fits two
            target = strong[0] if strong else None
        else:
            targets = [c for c in weak if profiles[c].node.full]
            groups = [c for c in strong if not profiles[c].node.full]
            if len(targets) == 1 and not groups:
                target = targets[0]
            elif len(targets) != 1 and len(groups) <= 1:
                target = groups[0] if groups else None
            else:
                return _SLOW
        if target is None:
            return None
        profile, first = profiles[target].node, profiles[target].first
        if n.iri < first:
            return _SLOW  # the cluster's name changes: its members are linked again
        if profiles[target].fid is None:
            return _SLOW  # a summary written before kg:actorId: made again, with it
        return target, profile, first

    def _grow_summary(self, c: str, profile: ActorNode, n: ActorNode, delete: set[str]) -> list[str]:
        """The lines a canonical actor's summary gains when ``n`` joins it (and, in
        ``delete``, the lines it loses: a preferred label that is no longer the
        best)."""
        node = f"<{c}>"
        label = summarise_actors([profile, n]).label
        quads = []
        if label != profile.label:
            delete |= {_t(node, _skos.prefLabel, _lit(profile.label)), _t(node, _skos.altLabel, _lit(label))}
            quads.append(_t(node, _skos.prefLabel, _lit(label)))
        quads += [_t(node, _skos.altLabel, _lit(name))
                  for name in sorted((profile.names | n.names | {n.label}) - {label})]
        quads += [_t(node, _kg.nameKey, _lit(k)) for k in n.lookup_keys()]
        quads += self._key_lines(node, n.names | {n.label}, "actor")
        quads += [_t(node, _owl.sameAs, f"<{self.m.wikidata(w)}>") for w in sorted(n.wikidata)]
        return quads

    def _add_events(self, new: dict[str, EventNode]) -> None:
        if new:
            touched, others = self._around("event", new)
            self._rewrite("event", [*others.values(), *new.values()], touched)

    def _rewrite(self, kind: str, nodes: list, old: set[str], gone: Iterable[str] = ()) -> None:
        """Make the clusters of ``nodes`` again (with the analyst's merges and splits),
        in place of the canonical nodes ``old`` and of what the identity graph said
        of ``nodes`` and ``gone``."""
        groups = self._clusters(kind, nodes)
        stored = self._stored([n.iri for n in nodes] + list(gone), old)
        kept, judged = self._kept(stored, groups)
        lines = {line for group in groups for line in self._cluster_lines(kind, group, judged)}
        self._change(stored - kept - lines, lines - stored)

    def _kept(self, stored: set[str], groups: list[list[Any]]) -> tuple[set[str], set[str]]:
        """The stored judgements (N-Triples lines) whose two nodes stay in one cluster
        of ``groups``, made by these rules, and the nodes they cover: a cluster made
        again keeps why its members joined it, so a large one, made again for one new
        member or renamed, rewrites no judgement of the others."""
        group_of = {m.iri: i for i, group in enumerate(groups) for m in group}
        judges, rule = f"<{KG.judges}>", f"<{KG.rule}>"
        pairs: dict[str, list[str]] = {}
        current: set[str] = set()
        for line in stored:
            s, p, o = line[:-2].split(" ", 2)
            if p == judges:
                pairs.setdefault(s, []).append(o[1:-1])
            elif p == rule and o == _lit(RULES):
                current.add(s)
        held = {j: pair for j, pair in pairs.items() if j in current and len(pair) == 2
                and group_of.get(pair[0], -1) == group_of.get(pair[1], -2)}
        kept = {line for line in stored if line.split(" ", 1)[0] in held}
        return kept, {n for pair in held.values() for n in pair}

    def _clusters(self, kind: str, nodes: Iterable[Any]) -> list[list[Any]]:
        """The rules' clusters of ``nodes``, with the analyst's merges and splits."""
        cluster = cluster_actors if kind == "actor" else cluster_events
        nodes = list(nodes)
        state = self.curation()
        by_fid: dict[str, list[str]] = {}
        for n in nodes:
            if n.fid:
                by_fid.setdefault(n.fid, []).append(n.iri)

        def pairs(of: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
            return [(x, y) for a, b in of for x in by_fid.get(a, ()) for y in by_fid.get(b, ())]

        return cluster(nodes, pairs(state.must), pairs(state.cannot))

    # ------------------------------------------------------------ all at once
    def resolved(self) -> bool:
        """Whether any article graph is marked resolved (``kg:resolvedBy``). A store
        whose identity graph has no mark is resolved whole by :meth:`rebuild_from`,
        which writes the marks last: none means that nothing was resolved, or that a
        rebuild stopped half way."""
        return bool(self.store.query(f"ASK {{ GRAPH <{self.graph}> {{ ?g <{KG.resolvedBy}> ?r }} }}"))

    def rebuild_from(self, nodes: ArticleNodes, *, chunk: int = 100_000) -> dict[str, int]:
        """Make the identity graph again from ``nodes``, the nodes of every article graph
        of the store (read by a load as its quads went by): the rules applied to all
        of them at once, the clusters :meth:`rebuild` makes. The graph is written in
        parts of ``chunk`` quads (through the bulk loader where the store has one)
        and each article's ``kg:resolvedBy`` mark last, in one write: a rebuild that
        stops half way leaves no mark, and the next load or ``kgraph resolve`` makes
        it again. The analyst's curations are those ``nodes`` were read with (the
        clusters are made while the last bulk write goes on). Returns the counts of
        :meth:`counts`."""
        import itertools

        counts = {}

        def lines() -> Iterator[str]:
            for kind, found in (("actor", nodes.actors), ("event", nodes.events)):
                # clustered while the bulk loader writes what came before: the last
                # articles, the last whole part of the real-world actors
                groups = self._clusters(kind, found.values())
                counts[f"{kind}s"], counts[f"real_{kind}s"] = sum(map(len, groups)), len(groups)
                if kind == "actor":
                    self.store.remove_graph(self.graph)
                for group in groups:
                    yield from self._cluster_lines(kind, group)

        parts = lines()
        while part := list(itertools.islice(parts, chunk)):
            self._append(part)
        rules = _lit(RULES)
        self._append([_t(f"<{g}>", _kg.resolvedBy, rules) for g in sorted(nodes.graphs())])
        return counts

    def _append(self, lines: list[str]) -> None:
        """Add N-Triples lines to the identity graph: one bulk write (in the background:
        the next part is made meanwhile), or one update."""
        if not lines:
            return
        bulk = getattr(self.store, "bulk_load", None)
        if bulk is not None:  # N-Quads: each line with the graph's name
            graph = f" <{self.graph}> .\n"
            bulk("".join(line[:-2] + graph for line in lines).encode("utf-8"), background=True)
        else:
            self.store.update(f"INSERT DATA {{ GRAPH <{self.graph}> {{\n" + "\n".join(lines) + "\n} }")

    def refresh(self, nodes: Iterable[str]) -> None:
        """Resolve article nodes again after an analyst's curation changed (read
        again): the clusters around them are made again; a rejected node leaves its
        cluster and gets none."""
        self._state = None
        nodes = set(nodes)
        actors = sorted(n for n in nodes if self.m.member_kind(n) == "actor")
        # a participation's event: its participants changed
        nodes |= {e for e in map(self.m.event_of_participation, nodes) if e}
        if actors:  # the events they take part in: their participants changed
            q = (f"SELECT ?e WHERE {{ GRAPH ?g {{ {self._values('a', actors)} "
                 f"?e <{SEM.hasActor}> ?a }} }}")
            nodes |= {r["e"] for r in self._select(q)}
        try:  # one transaction
            for kind in ("actor", "event"):
                mine = {n for n in nodes if self.m.member_kind(n) == kind}
                if not mine:
                    continue
                live = self.actors(nodes=mine) if kind == "actor" else self.events(nodes=mine)
                touched, others = self._around(kind, live)
                touched |= set(self.canonical_of(mine).values())
                rest = {m for ms in self.members(touched).values() for m in ms} - mine - set(others)
                if rest:
                    read = self.actors if kind == "actor" else self._recorded
                    others.update(read(nodes=rest))
                others = {k: v for k, v in others.items() if k not in mine}
                self._rewrite(kind, [*others.values(), *live.values()], touched, mine - set(live))
            self._commit()
        finally:
            self._pending = []

    def remove(self, graphs: Iterable[str]) -> None:
        """Forget the nodes of article graphs about to be removed or replaced: the
        clusters they were in are made again without them."""
        graphs = list(graphs)
        if not graphs:
            return
        self._state = None
        try:  # one transaction
            for kind in ("actor", "event"):
                read = self.actors if kind == "actor" else self.events
                gone = read(graphs=graphs)
                if not gone:
                    continue
                touched, others = self._around(kind, gone)
                self._rewrite(kind, list(others.values()), touched, gone)
            ident, marks = f"<{self.graph}>", " ".join(_term(NamedNode(x)) for x in graphs)
            self._pending.append(f"DELETE {{ GRAPH {ident} {{ ?g <{KG.resolvedBy}> ?r }} }} WHERE "
                                 f"{{ GRAPH {ident} {{ VALUES ?g {{ {marks} }} ?g <{KG.resolvedBy}> ?r }} }}")
            self._commit()
        finally:
            self._pending = []

    def rebuild(self, progress: Any = None) -> dict[str, int]:
        """Resolve the whole store again from its article graphs: the identity graph
        is emptied and each article resolved in turn (in the order of their graph
        IRIs, which is not the order of ingest; the rules give the same result in any
        order). Memory stays that of one article; an interrupted rebuild is finished
        by the next ingest, which resolves the articles left unresolved. Returns the
        counts of article nodes and of real-world actors and events."""
        self.store.replace_graph(self.graph, [])
        for graph in sorted(self._article_graphs()):
            self.add([graph])
            if progress:
                progress(graph)
        return self.counts()

    def counts(self) -> dict[str, int]:
        """Article actor and event nodes, and the real-world actors and events they are."""
        q = f"""SELECT ?kind (COUNT(DISTINCT ?n) AS ?nodes) (COUNT(DISTINCT ?c) AS ?real) WHERE {{
          GRAPH $identity {{ ?n <{KG.canonical}> ?c . ?c a ?kind }}
          FILTER (?kind IN (<{KG.Actor}>, <{SEM.Event}>)) }} GROUP BY ?kind"""
        out = {"actors": 0, "real_actors": 0, "events": 0, "real_events": 0}
        for r in self._select(q):
            kind = "actors" if r["kind"] == str(KG.Actor) else "events"
            out[kind], out["real_" + kind] = int(r["nodes"]), int(r["real"])
        return out

    def unresolved(self, graphs: Iterable[str]) -> list[str]:
        """The article graphs among ``graphs`` not resolved by these rules."""
        graphs = list(graphs)
        if not graphs:
            return []
        q = (f"SELECT ?g WHERE {{ GRAPH $identity {{ {self._values('g', graphs)} "
             f"?g <{KG.resolvedBy}> {_lit(RULES)} }} }}")
        done = {r["g"] for r in self._select(q)}
        return [g for g in graphs if g not in done]


# What ArticleNodes keeps of an article's quads: predicate -> the key :meth:`Identity._facts` uses.
_READ = {str(RDF.type): "types", str(SKOS.prefLabel): "label", str(SKOS.altLabel): "alias",
         str(OWL.sameAs): "wd", str(KG.factId): "fid", str(SEM.hasTimeStamp): "date",
         str(KG.datePrecision): "prec", str(SEM.hasPlace): "pl", str(KG.status): "status",
         str(SEM.hasActor): "a", str(SCHEMA.containedInPlace): "in", str(KG.participation): "part",
         str(RDF.value): "value", str(PROV.wasDerivedFrom): "from", str(DCTERMS.issued): "issued"}


class ArticleNodes:
    """The actor and event nodes of article graphs, read from their quads with no
    query, as :meth:`Identity.actors` and :meth:`Identity.events` read them from a
    store holding one article (each article's nodes from its own graph): a load sees
    every quad go by, and a query per property and article would cost more than the
    load. The nodes then go to :meth:`Identity.rebuild_from`.

    >>> from pyoxigraph import Literal
    >>> from kgraph.store import open_store
    >>> ident = Identity(open_store("memory"), Minter("http://x/"))
    >>> nodes = ArticleNodes(ident)
    >>> g, a = NamedNode("http://x/graph/1"), NamedNode("http://x/actor/1")
    >>> nodes.add(g.value, [Quad(a, NamedNode(str(RDF.type)), NamedNode(str(KG.Actor)), g),
    ...                     Quad(a, NamedNode(str(RDF.type)), NamedNode(str(SCHEMA.Person)), g),
    ...                     Quad(a, NamedNode(str(SKOS.prefLabel)), Literal("Ann Lee"), g)])
    >>> nodes.actors["http://x/actor/1"].label, nodes.graphs()
    ('Ann Lee', ['http://x/graph/1'])
    """

    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.actors: dict[str, ActorNode] = {}
        self.events: dict[str, EventNode] = {}
        self._of: dict[str, tuple[list[str], list[str]]] = {}  # graph -> its actors, events
        self._share: dict[Any, Any] = {}  # values many nodes have, kept once

    def __contains__(self, graph: object) -> bool:
        return graph in self._of

    def graphs(self) -> list[str]:
        """The article graphs read."""
        return list(self._of)

    def add(self, graph: str, quads: Iterable[Quad]) -> None:
        """Read an article graph from all its quads (in place of what was read of it)."""
        import sys

        self.drop(graph)
        props: dict[str, dict[str, set[str]]] = {}
        read = _READ
        for q in quads:
            key = read.get(q.predicate.value)
            if key is not None:
                props.setdefault(q.subject.value, {}).setdefault(key, set()).add(q.object.value)
        for d in props.values():  # names and labels recur across articles: one copy each
            for key in ("label", "alias"):
                if key in d:
                    d[key] = {sys.intern(x) for x in d[key]}
        ident = self.identity
        actors = ident._actor_nodes({n: {**d, "g": graph} for n, d in props.items()
                                     if _ACTOR_BASE in d.get("types", ())}, self._share)
        events = {n: {**d, "g": graph} for n, d in props.items()
                  if _EVENT_BASE in d.get("types", ()) and d.get("label")}
        rejected = {f for f in ident.curation().rejected if f.startswith("p-")}
        for d in events.values():
            places = [props.get(p, {}) for p in d.get("pl", ())]
            d["plabel"] = {x for p in places for x in p.get("label", ())}
            d["within"] = {x for p in places for w in p.get("in", ())
                           for x in props.get(w, {}).get("label", ())}
            for part in d.get("part", ()) if rejected else ():  # an analyst's rejected participations
                if props.get(part, {}).get("fid", set()) & rejected:
                    d["a"] = d.get("a", set()) - props[part].get("value", set())
        issued = [x for art in props.get(graph, {}).get("from", ())
                  for x in props.get(art, {}).get("issued", ())]
        found = ident._event_nodes(events, actors, {graph: min(issued)} if issued else {}, self._share)
        self.actors.update(actors)
        self.events.update(found)
        self._of[graph] = (list(actors), list(found))

    def drop(self, graph: str) -> None:
        """Forget what was read of an article graph."""
        actors, events = self._of.pop(graph, ((), ()))
        for n in actors:
            self.actors.pop(n, None)
        for n in events:
            self.events.pop(n, None)
