"""Choosing what to draw: pure filters on the bipartite graph of
:func:`kgraph.project.bipartite` (actors, events and places as nodes; role, relation
and place edges). The input graph is never modified; each filter returns a new
``nx.MultiGraph`` whose nodes keep the input's order and attributes.

Rules, applied in this order:

1. **Event types** (``event_types``): keep events of the given types, compared
   without case (``meeting`` matches ``Meeting``). A type that is neither a known
   event type nor present in the graph is an error (a typo would otherwise give an
   empty map).
2. **Date range** (``since``, ``until``; ISO dates, both ends included): keep events
   dated in the range. **Undated events are dropped as soon as either bound is
   given**: nothing says they fall inside it.
3. When 1 or 2 removed anything, actors that take part in no remaining event are
   dropped (the focus actor, if any, always stays) and places are kept only when a
   remaining event took place there or a remaining actor has a relation to them.
   Without these filters every actor and place stays.
4. **Neighbourhood** (``focus``, ``depth``): the focus actor is found by label, alias
   or surname (:func:`kgraph.network.find_actor`). An *actor hop* is actor-event-actor
   (two participants of one remaining event) or a stated relation between two
   actors. Kept: the actors within ``depth`` hops of the focus; the events that have
   a participant fewer than ``depth`` hops away (they lie on those paths; their
   participants are all within ``depth``); the places of kept events and places
   related to kept actors; every edge between kept nodes.

The result's ``graph`` dict records what was applied (``filter``), and
:func:`describe` turns that into lines for a page header.

>>> B = nx.MultiGraph()
>>> B.add_node("ann", kind="actor", label="Ann Lee")
>>> B.add_node("bob", kind="actor", label="Bob Roe")
>>> B.add_node("cy", kind="actor", label="Cy Poe")
>>> B.add_node("m1", kind="event", type="Meeting", label="talks", date="2025-11-30")
>>> B.add_node("m2", kind="event", type="Meeting", label="call", date="2025-12-05")
>>> for a, e in [("ann", "m1"), ("bob", "m1"), ("bob", "m2"), ("cy", "m2")]:
...     _ = B.add_edge(a, e, kind="role", label="participant")
>>> sorted(filter_graph(B, focus="Lee"))
['ann', 'bob', 'm1']
>>> sorted(filter_graph(B, focus="Lee", depth=2))
['ann', 'bob', 'cy', 'm1', 'm2']
>>> sorted(filter_graph(B, since="2025-12-01"))
['bob', 'cy', 'm2']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from kgraph.errors import KGraphError
from kgraph.schema import EVENT_TYPES  # the event types of the schema

__all__ = ["EVENT_TYPES", "describe", "event_participants", "filter_graph", "parse_date"]



def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``) as a ``date``; a one-line error otherwise.

    >>> parse_date("2025-11-30"), parse_date(None)
    (datetime.date(2025, 11, 30), None)
    >>> parse_date("30/11/2025", "--since")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: --since: '30/11/2025' is not a date (use YYYY-MM-DD)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise KGraphError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None


def event_day(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` (or shorter, for a month or a year) part of a stored date.

    >>> event_day("2025-11-30T10:00:00"), event_day(dt.date(2025, 1, 2)), event_day("")
    ('2025-11-30', '2025-01-02', None)
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()[:10]
    return text or None


def _kind(attrs: dict[str, Any]) -> str:
    return attrs.get("kind") or "actor"


def _type_set(event_types: Iterable[str] | str | None) -> set[str] | None:
    if event_types is None:
        return None
    if isinstance(event_types, str):
        event_types = [event_types]
    wanted = {t.strip().casefold() for item in event_types for t in str(item).split(",")}
    wanted.discard("")
    return wanted or None


def event_participants(G: nx.Graph, event: Hashable) -> list[tuple[Hashable, str]]:
    """``(actor, role)`` for each participant of ``event``: its edges to actors that
    are not relations or places, in edge order.

    >>> G = nx.MultiGraph([("a", "e", {"kind": "role", "label": "host"})])
    >>> G.nodes["e"]["kind"] = "event"
    >>> event_participants(G, "e")
    [('a', 'host')]
    """
    out = []
    edges = G.edges(event, data=True)
    for _, other, attrs in edges:
        if attrs.get("kind") in ("relation", "place") or _kind(G.nodes[other]) != "actor":
            continue
        out.append((other, str(attrs.get("label") or "participant")))
    return out


def filter_graph(
    B: nx.Graph,
    *,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    focus: str | None = None,
    depth: int = 1,
    event_types: Iterable[str] | str | None = None,
) -> nx.MultiGraph:
    """The part of ``B`` to draw, by event type, date range and neighbourhood (the
    rules are in the module docstring). ``B`` is not modified; the result is a new
    ``nx.MultiGraph`` (``nx.Graph`` input is fine too).

    Raises :class:`~kgraph.errors.KGraphError` for a bad date, ``since`` after
    ``until``, a depth below 1, an unknown event type, or a focus that names no
    actor or several.
    """
    start, end = parse_date(since, "since"), parse_date(until, "until")
    if start and end and start > end:
        raise KGraphError(f"since ({start}) is after until ({end})")
    if focus is not None and depth < 1:
        raise KGraphError(f"depth must be 1 or more, got {depth}")
    types = _type_set(event_types)
    kinds = {n: _kind(d) for n, d in B.nodes(data=True)}
    if types:
        present = {str(B.nodes[n].get("type") or "").casefold() for n, k in kinds.items()
                   if k == "event"}
        known = {t.casefold() for t in EVENT_TYPES} | present
        unknown = sorted(types - known)
        if unknown:
            raise KGraphError(f"unknown event type {', '.join(map(repr, unknown))} "
                              f"(known: {', '.join(EVENT_TYPES)})")
    centre = None
    if focus is not None:
        from kgraph.network import find_actor

        actors_only = B.subgraph([n for n, k in kinds.items() if k == "actor"])
        centre = find_actor(actors_only, focus)

    # 1-2: events by type and date
    lo = start.isoformat() if start else None
    hi = end.isoformat() if end else None
    events = set()
    for n, k in kinds.items():
        if k != "event":
            continue
        attrs = B.nodes[n]
        if types and str(attrs.get("type") or "").casefold() not in types:
            continue
        if lo or hi:
            day = event_day(attrs.get("date"))
            if day is None or (lo and day[: len(lo)] < lo[: len(day)]) or (
                hi and day[: len(hi)] > hi[: len(day)]
            ):
                continue
        events.add(n)

    # 3: actors and places still linked
    filtered = len(events) < sum(1 for k in kinds.values() if k == "event")
    if filtered:
        actors = {a for e in events for a, _ in event_participants(B, e)}
        if centre is not None:
            actors.add(centre)
    else:
        actors = {n for n, k in kinds.items() if k not in ("event", "place")}

    # 4: the neighbourhood of the focus
    if centre is not None:
        hops = _actor_hops(B, centre, depth, actors, events, kinds)
        actors = set(hops)
        events = {e for e in events
                  if any(hops.get(a, depth) < depth for a, _ in event_participants(B, e))}

    places = set()
    for n, k in kinds.items():
        if k != "place":
            continue
        everything = not filtered and centre is None
        if everything or any(m in events or m in actors for m in B.neighbors(n)):
            places.add(n)

    keep = actors | events | places
    H = nx.MultiGraph()
    H.graph.update(B.graph)
    H.graph["filter"] = {
        "since": start.isoformat() if start else None,
        "until": end.isoformat() if end else None,
        "event_types": sorted(types) if types else None,
        "focus": centre,
        "focus_label": (B.nodes[centre].get("label") or str(centre)) if centre is not None else None,
        "depth": depth if centre is not None else None,
        "input_nodes": B.number_of_nodes(),
    }
    for n, attrs in B.nodes(data=True):
        if n in keep:
            H.add_node(n, **_copy(attrs))
    edges = B.edges(keys=True, data=True) if B.is_multigraph() else B.edges(data=True)
    for edge in edges:
        u, v, attrs = edge[0], edge[1], edge[-1]
        if u in keep and v in keep:
            H.add_edge(u, v, **_copy(attrs))
    return H


def _actor_hops(B: nx.Graph, centre: Hashable, depth: int, actors: set, events: set,
                kinds: dict) -> dict[Hashable, int]:
    """Actor -> hops from ``centre`` (breadth first, at most ``depth``), moving only
    through ``events`` and relation edges, and only to ``actors``."""
    hops = {centre: 0}
    frontier = [centre]
    for distance in range(1, depth + 1):
        nxt = []
        for actor in frontier:
            for _, other, attrs in B.edges(actor, data=True):
                if other in events:
                    reached = [a for a, _ in event_participants(B, other)]
                elif kinds.get(other) == "actor" and attrs.get("kind") not in ("role", "place"):
                    # a relation (an actor-actor edge with no kind counts as one)
                    reached = [other]
                else:
                    continue
                for a in reached:
                    if a in actors and a not in hops:
                        hops[a] = distance
                        nxt.append(a)
        frontier = nxt
    return hops


def _copy(attrs: dict[str, Any]) -> dict[str, Any]:
    """A copy of an attribute dict whose lists, sets and dicts are copied too, so the
    result can be changed without touching the input."""
    return {k: (type(v)(v) if isinstance(v, list | set | dict) else v) for k, v in attrs.items()}


def describe(G: nx.Graph) -> list[str]:
    """One line per filter recorded by :func:`filter_graph` on ``G`` (none when
    ``G`` was not filtered).

    >>> B = nx.MultiGraph()
    >>> B.add_node("a", kind="actor", label="Ann Lee")
    >>> describe(filter_graph(B, focus="Ann Lee", depth=2, since="2025-11-01"))
    ['focus: Ann Lee, 2 hops', 'from 2025-11-01 (undated events left out)']
    >>> describe(B)
    []
    """
    f = G.graph.get("filter") or {}
    lines = []
    if f.get("focus") is not None:
        hops = f.get("depth") or 1
        lines.append(f"focus: {f['focus_label']}, {hops} hop{'' if hops == 1 else 's'}")
    since, until = f.get("since"), f.get("until")
    if since or until:
        if since and until:
            span = f"from {since} to {until}"
        else:
            span = f"from {since}" if since else f"until {until}"
        lines.append(f"{span} (undated events left out)")
    if f.get("event_types"):
        names = {t.casefold(): t for t in EVENT_TYPES}
        lines.append("event types: " + ", ".join(names.get(t, t) for t in f["event_types"]))
    return lines
