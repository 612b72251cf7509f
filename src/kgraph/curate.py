"""An analyst's corrections, kept in their own named graph (``<base>curation/``).

Each correction is a ``kg:Curation`` (a ``prov:Activity``): its operation, the fact IDs
it is about (:func:`kgraph.iri.fact_id`), who made it (``prov:wasAssociatedWith``),
when (``prov:startedAtTime``) and why (``kg:reason``). Curations point at what a fact
says and where, never at a minted node, so they outlive a re-ingest and a new
extractor; one whose facts are gone is *orphaned* (:meth:`Curator.actions`).

How each operation is applied:

- ``reject``: every reader leaves the fact out (stored queries, the projection for
  the map, timeline and analysis, and exports) through the live ``kg:rejects`` IDs
  of the rejects in force; rejected actor and event nodes are left out of identity.
  Rejecting an actor or an event rejects every article's node of the real-world one.
- ``merge``/``split``: must-link and cannot-link pairs for the identity rules
  (:func:`kgraph.resolve.rules.cluster_actors`, ``cluster_events``).
- ``set``/``alias``: the article nodes are read with the new value (an event's type,
  date, place or status; an actor's type) or the added name, so the real-world node
  shows it and the identity rules use it.
- ``restore`` and ``undo`` withdraw curations (``kg:withdrawnBy``); they are kept in
  the log.

>>> parse_date("2025-10")
('2025-10', 'month')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from kgraph.errors import KGraphError
from kgraph.iri import Minter, fact_kind
from kgraph.names import norm
from kgraph.namespace import KG, PROV, RDF, SCHEMA, SEM, SKOS, XSD
from kgraph.store import GraphStore, select

__all__ = ["FIELDS", "OPERATIONS", "Action", "Curator", "State", "parse_date", "read_state"]

OPERATIONS = ("reject", "restore", "merge", "split", "set", "alias", "undo")
#: What ``set`` may change, by the kind of fact.
FIELDS = {"event": ("type", "date", "place", "status"), "actor": ("type",)}


def check_value(kind: str, field_: str, value: str) -> str:
    """The value ``set`` gives a field of an actor or event, checked and in its
    canonical form (a one-line error otherwise).

    >>> check_value("event", "type", "meeting"), check_value("event", "status", "Planned")
    ('Meeting', 'planned')
    """
    from kgraph.schema import schema

    fields = FIELDS.get(kind, ())
    if field_ not in fields:
        raise KGraphError(f"set {field_!r}: an {kind} has {', '.join(fields) or 'nothing to set'}")
    value = " ".join(value.split())
    if field_ == "type":
        names = [t.name for t in (schema().event_types if kind == "event" else schema().actor_types)]
        match = next((n for n in names if n.lower() == value.lower()), None)
        if match is None:
            raise KGraphError(f"unknown {kind} type {value!r} (known: {', '.join(names)})")
        return match
    if field_ == "date":
        return parse_date(value)[0]
    if field_ == "status":
        names = [s.name for s in schema().statuses]
        if value.lower() not in names:
            raise KGraphError(f"unknown status {value!r} (known: {', '.join(names)})")
        return value.lower()
    if not value:
        raise KGraphError("set place: give the place's name")
    return value


def parse_date(text: str) -> tuple[str, str]:
    """A date as an analyst writes it, with its precision.

    >>> parse_date("2025"), parse_date("2025-10-05")
    (('2025', 'year'), ('2025-10-05', 'day'))
    >>> parse_date("5 Oct")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: not a date: '5 Oct' (give YYYY, YYYY-MM or YYYY-MM-DD)
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return text, "year"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            dt.date.fromisoformat(text + "-01")
            return text, "month"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
            return text, "day"
    except ValueError:
        pass
    raise KGraphError(f"not a date: {text!r} (give YYYY, YYYY-MM or YYYY-MM-DD)")


@dataclass(frozen=True)
class Action:
    """One curation as the log holds it."""

    iri: str
    sequence: int
    operation: str
    targets: tuple[str, ...]
    others: tuple[str, ...] = ()
    field: str | None = None
    value: str | None = None
    reason: str | None = None
    by: str | None = None
    at: str | None = None
    withdrawn: bool = False

    def row(self) -> list[Any]:
        what = " ".join(x for x in (self.field, self.value) if x)
        targets = ", ".join(self.targets) + (" / " + ", ".join(self.others) if self.others else "")
        return [self.sequence, self.operation, targets, what, self.reason or "", self.by or "",
                self.at or "", "withdrawn" if self.withdrawn else "in force"]


ACTION_COLUMNS = ["seq", "operation", "facts", "value", "reason", "by", "at", "state"]


@dataclass
class State:
    """The curations in force, by fact ID, as the identity rules apply them."""

    rejected: frozenset[str] = frozenset()
    must: tuple[tuple[str, str], ...] = ()
    cannot: tuple[tuple[str, str], ...] = ()
    aliases: dict[str, frozenset[str]] = field(default_factory=dict)
    sets: dict[str, dict[str, str]] = field(default_factory=dict)

    def constrained(self) -> frozenset[str]:
        """Fact IDs in a merge, a split, a set or an alias (their nodes take the
        identity rules' slow path)."""
        pairs = {x for pair in (*self.must, *self.cannot) for x in pair}
        return frozenset(pairs | set(self.aliases) | set(self.sets))

    def partners(self, fids: Iterable[str]) -> set[str]:
        """The fact IDs merged with any of ``fids``."""
        fids = set(fids)
        return {b if a in fids else a for a, b in self.must if a in fids or b in fids} - fids


_PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX prov: <{PROV}>\nPREFIX skos: <{SKOS}>\n"


def _rows(store: Any, sparql: str) -> list[dict[str, Any]]:
    """:func:`kgraph.store.select` with the prefixes written out (a pyoxigraph ``Store``
    holding an imported file has none predefined)."""
    return select(store, _PREFIXES + sparql)


def _lit(text: str) -> str:
    return str(Literal(text))


def fact_nodes(store: Any, fids: Iterable[str]) -> dict[str, set[str]]:
    """Fact ID -> the article nodes that carry it (one index look-up per ID)."""
    fids = sorted(set(fids))
    if not fids:
        return {}
    values = " ".join(_lit(f) for f in fids)
    out: dict[str, set[str]] = {}
    q = f"SELECT ?f ?n WHERE {{ VALUES ?f {{ {values} }} GRAPH ?g {{ ?n kg:factId ?f }} }}"
    for r in _rows(store, q):
        out.setdefault(r["f"], set()).add(r["n"])
    return out


def read_actions(store: GraphStore, minter: Minter) -> list[Action]:
    """Every curation in the store, in order."""
    g = f"<{minter.curation()}>"
    rows = _rows(store, f"""SELECT ?a ?seq ?op ?reason ?at ?by ?field ?value ?w WHERE {{ GRAPH {g} {{
        ?a a kg:Curation ; kg:sequence ?seq ; kg:operation ?op .
        OPTIONAL {{ ?a kg:reason ?reason }} OPTIONAL {{ ?a prov:startedAtTime ?at }}
        OPTIONAL {{ ?a prov:wasAssociatedWith/skos:prefLabel ?by }}
        OPTIONAL {{ ?a kg:field ?field }} OPTIONAL {{ ?a kg:newValue ?value }}
        OPTIONAL {{ ?a kg:withdrawnBy ?w }} }} }}""")
    targets: dict[str, dict[str, list[str]]] = {}
    for r in _rows(store, f"""SELECT ?a ?p ?t WHERE {{ GRAPH {g} {{
            ?a a kg:Curation ; ?p ?t . FILTER (?p IN (kg:target, kg:otherTarget)) }} }}"""):
        side = "targets" if r["p"] == str(KG.target) else "others"
        targets.setdefault(r["a"], {"targets": [], "others": []})[side].append(r["t"])
    out = {}
    for r in rows:
        t = targets.get(r["a"], {"targets": [], "others": []})
        out[r["a"]] = Action(r["a"], int(r["seq"]), r["op"], tuple(sorted(t["targets"])),
                             tuple(sorted(t["others"])), r["field"], r["value"], r["reason"],
                             r["by"], r["at"], r["w"] is not None)
    return sorted(out.values(), key=lambda a: (a.sequence, a.iri))


def read_state(store: GraphStore, minter: Minter) -> State:
    """The curations in force (none withdrawn), as :class:`State`."""
    if not store.query(f"ASK {{ GRAPH <{minter.curation()}> {{ ?s ?p ?o }} }}"):  # type: ignore[truthy-bool]
        return State()
    live = [a for a in read_actions(store, minter) if not a.withdrawn]
    # what every reader filters on: the live kg:rejects IDs (not only those of kg:Curation records)
    rejected = {r["f"] for r in _rows(store, f"SELECT ?f WHERE {{ GRAPH <{minter.curation()}> "
                                             "{ ?a kg:rejects ?f } }")}
    state = State(rejected=frozenset(rejected))
    must, cannot = [], []
    for a in live:
        if a.operation == "merge":
            must += [(x, y) for x in a.targets for y in a.others]
        elif a.operation == "split":
            cannot += [(x, y) for x in a.targets for y in a.others]
        elif a.operation == "alias" and a.value:
            for x in a.targets:
                state.aliases[x] = state.aliases.get(x, frozenset()) | {a.value}
        elif a.operation == "set" and a.field and a.value:
            for x in a.targets:  # a later set of the same field wins
                state.sets.setdefault(x, {})[a.field] = a.value
    state.must, state.cannot = tuple(must), tuple(cannot)
    return state


class Curator:
    """The curation verbs over one store (``kgraph curate ...``); each writes one
    update, then resolves identity again around the facts it touches.

    >>> from kgraph.store import open_store
    >>> Curator(open_store("memory"), Minter("http://x/")).actions()
    []
    """

    def __init__(self, store: GraphStore, minter: Minter, identity: Any = None) -> None:
        self.store = store
        self.m = minter
        self.graph = minter.curation()
        if identity is None:
            from kgraph.resolve.identity import Identity

            identity = Identity(store, minter)
        self.identity = identity

    # ------------------------------------------------------------ facts
    def nodes(self, fids: Iterable[str]) -> dict[str, set[str]]:
        """Fact ID -> the article nodes that carry it (:func:`fact_nodes`)."""
        return fact_nodes(self.store, fids)

    def _fact(self, fid: str, kinds: Iterable[str] | None = None) -> str:
        """The kind of a fact that is in the store (a one-line error if not)."""
        kind = fact_kind(fid)
        if kind is None:
            raise KGraphError(f"not a fact ID: {fid!r} (IDs look like e-4k2m9qxrtz; see kgraph show)")
        kinds = list(kinds or [])
        if kinds and kind not in kinds:
            raise KGraphError(f"{fid} is a {kind}; this works on {' or '.join(k + 's' for k in kinds)}")
        if not self.nodes([fid]):
            raise KGraphError(f"no fact {fid} in the store")
        return kind

    def fact_id(self, text: str, *, stored: bool = True, member: bool = False) -> str:
        """The fact ID ``text`` is, or the actor it names (a label or alias of a
        real-world actor, any case: the least of its articles' fact IDs). ``stored``:
        the fact must be in the store; ``member``: a name will not do (one article's
        node is wanted)."""
        if fact_kind(text) is not None:
            if stored:
                self._fact(text)
            return text
        if member:
            raise KGraphError(f"{text!r}: give one article's fact ID (see kgraph show ARTICLE)")
        rows = _rows(self.store, f"""SELECT ?c (MIN(?f) AS ?id) WHERE {{
            GRAPH <{self.m.identity()}> {{ ?c kg:key {_lit(norm(text))} ; a kg:Canonical, kg:Actor .
              ?m kg:canonical ?c }}
            GRAPH ?g {{ ?m kg:factId ?f }} }} GROUP BY ?c""")
        if not rows:  # a rejected actor has no real-world node: its articles' names
            rows = _rows(self.store, f"""SELECT ?id WHERE {{ {{ SELECT (MIN(?f) AS ?id) WHERE {{
                GRAPH ?g {{ ?m kg:key {_lit(norm(text))} ; a kg:Actor ; kg:factId ?f }}
                GRAPH ?c {{ ?r kg:rejects ?f }} }} }} FILTER (BOUND(?id)) }}""")
        if not rows:
            raise KGraphError(f"{text!r} is neither a fact ID (like e-4k2m9qxrtz) nor an actor's name")
        if len(rows) > 1:
            ids = ", ".join(sorted(str(r["id"]) for r in rows))
            raise KGraphError(f"{text!r} names {len(rows)} actors ({ids}); give a fact ID")
        return str(rows[0]["id"])

    def same_real(self, fids: Iterable[str]) -> list[str]:
        """The fact IDs of every article's node of the real-world actors or events
        the given facts are nodes of (the given ones too)."""
        fids = set(fids)
        nodes = {n for ns in self.nodes(fids).values() for n in ns}
        if not nodes:
            return sorted(fids)
        values = " ".join(f"<{n}>" for n in sorted(nodes))
        rows = _rows(self.store, f"""SELECT ?f WHERE {{
            GRAPH <{self.m.identity()}> {{ VALUES ?n {{ {values} }} ?n kg:canonical ?c . ?m kg:canonical ?c }}
            GRAPH ?g {{ ?m kg:factId ?f }} }}""")
        return sorted(fids | {r["f"] for r in rows})

    # ------------------------------------------------------------ writing
    def _record(self, operation: str, targets: Iterable[str], *, others: Iterable[str] = (),
                field_: str | None = None, value: str | None = None, reason: str | None = None,
                by: str | None = None, rejects: bool = False,
                then: Any = None) -> Action:
        """Write one new curation, and what ``then(action)`` gives (an update to run
        after :data:`_PREFIXES`), in one update: one transaction."""
        targets, others = sorted(set(targets)), sorted(set(others))
        by, at, seq = by or _user(), _now(), self._next()
        iri = self.m.curation_action(operation, *targets, "/", *others, field_ or "", value or "",
                                     by, at, str(seq))
        action = Action(iri, seq, operation, tuple(targets), tuple(others), field_, value, reason, by, at)
        update = self._insert_data(self._quads(action, rejects=rejects))
        self.store.update(_PREFIXES + update + (" ;\n" + then(action) if then else ""))
        return action

    def _quads(self, a: Action, *, rejects: bool = False, withdrawn_by: str | None = None) -> list[Quad]:
        """What the curation graph holds of one curation (its analyst, and the place a
        ``set place`` names, under this store's base)."""
        g, node = NamedNode(self.graph), NamedNode(a.iri)
        by = a.by or "unknown"
        agent = NamedNode(self.m.curator(by))

        def q(p: object, o: Any) -> Quad:
            return Quad(node, NamedNode(str(p)), o, g)

        quads = [q(RDF.type, NamedNode(str(KG.Curation))), q(RDF.type, NamedNode(str(PROV.Activity))),
                 q(KG.operation, Literal(a.operation)), q(KG.sequence, _integer(a.sequence)),
                 q(PROV.wasAssociatedWith, agent),
                 Quad(agent, NamedNode(str(RDF.type)), NamedNode(str(PROV.Agent)), g),
                 Quad(agent, NamedNode(str(SKOS.prefLabel)), Literal(by), g)]
        if a.at:
            quads.append(q(PROV.startedAtTime, Literal(a.at, datatype=NamedNode(str(XSD.dateTime)))))
        quads += [q(KG.target, Literal(t)) for t in a.targets]
        quads += [q(KG.otherTarget, Literal(t)) for t in a.others]
        if rejects and withdrawn_by is None:
            quads += [q(KG.rejects, Literal(t)) for t in a.targets]
        if withdrawn_by is not None:
            quads += [q(KG.withdrawnBy, NamedNode(withdrawn_by)),
                      q(PROV.invalidatedAtTime, Literal(_now(), datatype=NamedNode(str(XSD.dateTime))))]
        for p, x in ((KG.field, a.field), (KG.newValue, a.value), (KG.reason, a.reason)):
            if x:
                quads.append(q(p, Literal(x)))
        if a.operation == "set" and a.field == "place" and a.value:
            quads += self._place(a.value)
        return quads

    def _insert_data(self, quads: Iterable[Quad]) -> str:
        """The update adding ``quads`` to the curation graph."""
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        return f"INSERT DATA {{ GRAPH <{self.graph}> {{\n{lines}\n}} }}"

    def _next(self) -> int:
        rows = _rows(self.store, f"SELECT (MAX(?s) AS ?top) WHERE {{ GRAPH <{self.graph}> "
                                 "{ ?a kg:sequence ?s } }")
        top = rows[0]["top"] if rows else None
        return int(top) + 1 if top is not None else 1

    def _refresh(self, fids: Iterable[str]) -> None:
        """Resolve identity again around the actor and event nodes of ``fids``."""
        nodes = {n for ns in self.nodes(fids).values() for n in ns}
        self.identity.refresh(nodes)

    # ------------------------------------------------------------ verbs
    def reject(self, fid: str, reason: str | None = None, by: str | None = None) -> Action:
        """Hide a fact; an actor or event with every article's node of it."""
        kind = self._fact(fid)
        targets = self.same_real([fid]) if kind in ("actor", "event") else [fid]
        live = set(read_state(self.store, self.m).rejected)
        if set(targets) <= live:
            raise KGraphError(f"{fid} is already rejected")
        action = self._record("reject", targets, reason=reason, by=by, rejects=True)
        self._refresh(targets)
        return action

    def restore(self, fid: str, reason: str | None = None, by: str | None = None) -> Action:
        """Take back every reject in force that hides ``fid``."""
        if fact_kind(fid) is None:
            raise KGraphError(f"not a fact ID: {fid!r}")
        found = [a for a in read_actions(self.store, self.m)
                 if a.operation == "reject" and not a.withdrawn and fid in a.targets]
        if not found:
            raise KGraphError(f"{fid} is not rejected")
        targets = sorted({t for a in found for t in a.targets})
        action = self._record("restore", targets, reason=reason, by=by,
                              then=lambda a: self._withdrawal(found, a.iri))
        self._refresh(targets)
        return action

    def merge(self, a: str, b: str, reason: str | None = None, by: str | None = None) -> Action:
        """Two actors (or two events) are one."""
        kind = self._fact(a, ["actor", "event"])
        self._fact(b, [kind])
        if a == b:
            raise KGraphError("merge needs two different facts")
        self._live(a, b)
        for x in read_actions(self.store, self.m):
            if x.operation == "split" and not x.withdrawn and {a, b} & set(x.targets) \
                    and {a, b} & set(x.others):
                raise KGraphError(f"{a} and {b} were split by curation #{x.sequence}; "
                                  f"take it back first (kgraph curate undo {x.sequence})")
        action = self._record("merge", [a], others=[b], reason=reason, by=by)
        self._refresh([a, b])
        return action

    def split(self, a: str, others: Iterable[str] = (), reason: str | None = None,
              by: str | None = None) -> Action:
        """``a`` is not the same actor (or event) as ``others``; with none given, not
        the same as any other article's node it is joined with now."""
        kind = self._fact(a, ["actor", "event"])
        others = [o for o in others]
        for o in others:
            self._fact(o, [kind])
        if not others:
            others = [f for f in self.same_real([a]) if f != a]
            if not others:
                raise KGraphError(f"{a} is not joined with any other article's {kind}")
        if a in others:
            raise KGraphError("split needs two different facts")
        self._live(a, *others)
        action = self._record("split", [a], others=others, reason=reason, by=by)
        self._refresh([a, *others])
        return action

    def set(self, fid: str, field_: str, value: str, reason: str | None = None,
            by: str | None = None) -> Action:
        """Give an event (every article's node of it) a type, date, place or status,
        or an actor a type."""
        kind = self._fact(fid, ["actor", "event"])
        self._live(fid)
        value = check_value(kind, field_, value)
        targets = self.same_real([fid])
        action = self._record("set", targets, field_=field_, value=value, reason=reason, by=by)
        self._refresh(targets)
        return action

    def _place(self, value: str) -> list[Quad]:
        """A place an analyst named (``set ID place NAME``), labelled in the curation
        graph, under this store's base."""
        place, g = NamedNode(self.m.place(value)), NamedNode(self.graph)
        return [Quad(place, NamedNode(str(RDF.type)), NamedNode(str(SCHEMA.Place)), g),
                Quad(place, NamedNode(str(RDF.type)), NamedNode(str(SEM.Place)), g),
                Quad(place, NamedNode(str(SKOS.prefLabel)), Literal(value), g)]

    def _live(self, *fids: str) -> None:
        """A one-line error when a fact is rejected (restore it first)."""
        rejected = read_state(self.store, self.m).rejected
        for f in fids:
            if f in rejected:
                raise KGraphError(f"{f} is rejected; restore it first")

    def alias(self, fid: str, name: str, reason: str | None = None, by: str | None = None) -> Action:
        """Another name of an actor: found by it, and matched by it in new articles."""
        self._fact(fid, ["actor"])
        self._live(fid)
        name = " ".join(name.split())
        if not name:
            raise KGraphError("alias: give a name")
        action = self._record("alias", [fid], value=name, reason=reason, by=by)
        self._refresh([fid])
        return action

    def undo(self, sequence: int | None = None, by: str | None = None) -> Action:
        """Take back the last curation in force, or the one numbered ``sequence`` (an
        undone restore hides its facts again). Returns the curation taken back."""
        live = [a for a in read_actions(self.store, self.m)
                if not a.withdrawn and a.operation != "undo"]
        if sequence is not None:
            live = [a for a in live if a.sequence == sequence]
            if not live:
                raise KGraphError(f"no curation #{sequence} in force to undo (see kgraph curate list)")
        if not live:
            raise KGraphError("nothing to undo")
        last = live[-1]
        self._record("undo", last.targets, others=last.others, by=by,
                     reason=f"undo #{last.sequence} ({last.operation})",
                     then=lambda a: self._withdrawal([last], a.iri) + " ;\n" + self._reinstatement(last.iri))
        self._refresh([*last.targets, *last.others])
        return last

    def _withdrawal(self, actions: list[Action], by: str) -> str:
        """The update taking curations back (``by``: the restore or undo that does),
        to run after :data:`_PREFIXES`."""
        g = f"<{self.graph}>"
        values = " ".join(f"<{a.iri}>" for a in actions)
        return f"""
            DELETE {{ GRAPH {g} {{ ?a kg:rejects ?f }} }}
            INSERT {{ GRAPH {g} {{ ?a kg:withdrawnBy <{by}> ;
                                  prov:invalidatedAtTime "{_now()}"^^<{XSD.dateTime}> }} }}
            WHERE {{ GRAPH {g} {{ VALUES ?a {{ {values} }} ?a a kg:Curation .
                                 OPTIONAL {{ ?a kg:rejects ?f }} }} }}"""

    def _reinstatement(self, by: str) -> str:
        """The update putting back in force what ``by`` took back (a reject hides its
        facts again), to run after :data:`_PREFIXES`."""
        g = f"<{self.graph}>"
        return f"""
            DELETE {{ GRAPH {g} {{ ?r kg:withdrawnBy <{by}> ; prov:invalidatedAtTime ?t }} }}
            INSERT {{ GRAPH {g} {{ ?r kg:rejects ?f }} }}
            WHERE {{ GRAPH {g} {{ ?r kg:withdrawnBy <{by}> . OPTIONAL {{ ?r prov:invalidatedAtTime ?t }}
                                 OPTIONAL {{ ?r kg:operation "reject" ; kg:target ?f }} }} }}"""

    # ------------------------------------------------------------ reading
    def actions(self, *, all_: bool = False, orphaned: bool = False) -> list[Action]:
        """The curations in force (``all_``: withdrawn ones too); ``orphaned``: only
        those in force whose facts are no longer in the store (all of them, for a
        reject or a set; either side, for a merge or a split)."""
        found = [a for a in read_actions(self.store, self.m) if all_ or not a.withdrawn]
        if orphaned:
            live = [a for a in found if not a.withdrawn and a.operation not in ("undo", "restore")]
            present = set(self.nodes({f for a in live for f in (*a.targets, *a.others)}))
            found = [a for a in live if not present & set(a.targets)
                     or (a.others and not present & set(a.others))]
        return found

    def export(self, fmt: str = "turtle") -> bytes:
        """The curation graph (the log, with who, when and why), to share."""
        from kgraph.export import RDF_FORMATS

        if fmt.lower() not in RDF_FORMATS:
            raise KGraphError(f"curate export: unknown format {fmt!r}; choose turtle, ntriples, "
                              "nquads, trig or jsonld")
        if self.graph not in self.store.graphs():
            return b""
        return self.store.dump(RDF_FORMATS[fmt.lower()], self.graph)

    def import_(self, data: bytes, fmt: str = "turtle", name: str = "input") -> int:
        """Add a colleague's curations (from :meth:`export`) after this store's own, in
        their order, and take back (or put back) those already here as the file has
        them. Every curation is checked before anything is written; only what the
        curations say is kept (their analysts and places are made again under this
        store's base). Returns how many were added."""
        import pyoxigraph as ox

        from kgraph.export import RDF_FORMATS

        if fmt.lower() not in RDF_FORMATS:
            raise KGraphError(f"{name}: unknown format {fmt!r}; choose turtle, ntriples, nquads, trig "
                              "or jsonld")
        mem, g = ox.Store(), NamedNode(self.graph)
        try:
            mem.extend(Quad(t.subject, t.predicate, t.object, g)
                       for t in ox.parse(data, format=RDF_FORMATS[fmt.lower()]))
        except (SyntaxError, ValueError) as exc:
            raise KGraphError(f"{name}: not {fmt}: {str(exc).splitlines()[0]}") from None
        theirs = self._checked(mem, name)
        withdrawer = {r["a"]: r["w"] for r in _rows(mem, f"SELECT ?a ?w WHERE {{ GRAPH <{self.graph}> "
                                                      "{ ?a kg:withdrawnBy ?w } }")}
        mine = {a.iri: a for a in read_actions(self.store, self.m)}
        updates: list[str] = []
        new: list[Action] = []
        for a in theirs:
            here = mine.get(a.iri)
            if here is None:
                new.append(a)
            elif a.withdrawn and not here.withdrawn:
                updates.append(self._withdrawal([here], withdrawer[a.iri]))
            elif here.withdrawn and not a.withdrawn and withdrawer.get(
                    mine_withdrawer := self._withdrawer(here.iri)) is not None:
                updates.append(self._reinstatement(mine_withdrawer))  # they undid its withdrawal
        start = self._next()
        quads: list[Quad] = []
        for i, a in enumerate(new):
            a = replace(a, sequence=start + i)
            quads += self._quads(a, rejects=a.operation == "reject", withdrawn_by=withdrawer.get(a.iri))
        if quads:
            updates.append(self._insert_data(quads))
        if updates:
            self.store.update(_PREFIXES + " ;\n".join(updates))  # one transaction
            self._refresh({f for a in theirs for f in (*a.targets, *a.others)})
        return len(new)

    def _withdrawer(self, iri: str) -> str | None:
        rows = _rows(self.store, f"SELECT ?w WHERE {{ GRAPH <{self.graph}> "
                                 f"{{ <{iri}> kg:withdrawnBy ?w }} }}")
        return rows[0]["w"] if rows else None

    def _checked(self, mem: Any, name: str) -> list[Action]:
        """The curations of a file, each checked as the verbs check them (a one-line
        error for the first that is not right)."""
        g = f"<{self.graph}>"
        subjects = {r["a"] for r in _rows(mem, f"SELECT ?a WHERE {{ GRAPH {g} {{ ?a a kg:Curation }} }}")}
        stray = _rows(mem, f"""SELECT ?s WHERE {{ GRAPH {g} {{ ?s kg:rejects ?f
                                FILTER NOT EXISTS {{ ?s a kg:Curation }} }} }} LIMIT 1""")
        if stray or (not subjects and len(mem)):
            raise KGraphError(f"{name}: holds triples that are not curations (kg:Curation)")
        try:
            actions = read_actions(mem, self.m)
        except ValueError:
            raise KGraphError(f"{name}: a curation's kg:sequence is not a number") from None
        if len(actions) != len(subjects):
            raise KGraphError(f"{name}: {len(subjects) - len(actions)} curations lack "
                              "kg:operation or kg:sequence")
        for a in actions:
            where = f"{name}: curation #{a.sequence} ({a.operation})"
            if a.operation not in OPERATIONS:
                raise KGraphError(f"{where}: unknown operation")
            kinds = {fact_kind(f) for f in (*a.targets, *a.others)}
            if not a.targets or None in kinds:
                raise KGraphError(f"{where}: its facts are not fact IDs")
            if a.operation in ("merge", "split") and (not a.others or len(kinds) != 1):
                raise KGraphError(f"{where}: wants two facts of one kind")
            if a.operation == "set":
                check_value(fact_kind(a.targets[0]) or "", a.field or "", a.value or "")
            if a.operation == "alias" and not (a.value or "").strip():
                raise KGraphError(f"{where}: no name")
        return actions


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(str(XSD.integer)))


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return "unknown"
