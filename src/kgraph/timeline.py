"""The timeline: events of the bipartite graph in date order, as ONE self-contained
HTML file (plain HTML and CSS, one small script for the actor filter).

Each row is an event: date at its precision (``Oct 2025`` for a month, ``2022``
for a year; undated events last, under their own heading), type, label, place,
status (happened or planned, planned ones marked), participants with their roles,
one evidence sentence and the articles it comes from: title, outlet, published
date, a link to the article's file and the event's fact IDs in it. The same rules
as the map hold: nothing is loaded from anywhere, a Content-Security-Policy forbids
every network load and allows only the page's own script (by hash), and every text
from the articles is HTML-escaped by the template and shown as text.

Filter with :func:`kgraph.select.filter_graph` first: by date range, and by actor with
``focus=NAME, depth=1`` (the actor's own events, each with all its participants).
The page also filters by actor itself (a menu; ``#actor=NAME`` in the URL picks one).

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiGraph()
>>> G.add_node("a", kind="actor", type="Person", label="Ann")
>>> G.add_node("m", kind="event", type="Meeting", label="Talks", date="2025-11-30")
>>> _ = G.add_edge("a", "m", kind="role", label="host")
>>> out = render_timeline(G, pathlib.Path(tempfile.mkdtemp()) / "t.html")
>>> html = out.read_text(encoding="utf-8")
>>> html.count('<tr class="event"'), "https://" in html
(1, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.outfile import write_output

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Citation", "TimelineEvent", "render_timeline", "timeline_events"]

_MAX_EVIDENCE = 500
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass
class Citation:
    """An article an event's evidence comes from: its title, outlet, published date,
    source file (with a link to it from the page, when the file is there) and the
    IDs of the event's facts it holds."""

    title: str
    outlet: str = ""
    published: str = ""
    file: str = ""
    href: str | None = None
    facts: list[str] = field(default_factory=list)


@dataclass
class TimelineEvent:
    """One row of the timeline, every text already cleaned (one line, no control or
    bidi characters) but not escaped: the template escapes."""

    id: str
    label: str
    type: str
    date: str | None
    place: str
    status: str
    participants: list[tuple[str, str, str]] = field(default_factory=list)  # key, name, role
    evidence: str = ""
    sources: list[str] = field(default_factory=list)
    colour: str = ""
    date_precision: str | None = None
    reports: dict[str, list[str]] = field(default_factory=dict)  # date as reported -> sources
    citations: list[Citation] = field(default_factory=list)

    @property
    def reported(self) -> str:
        """When the reports of the event disagree on its date: each date with its
        number of sources (``reported as 2025-11-23 (3 sources), 2025-11-24 (1)``);
        else empty.

        >>> TimelineEvent("e", "talks", "Meeting", "2025-11-23", "", "happened",
        ...     reports={"2025-11-23": ["a", "b", "c"], "2025-11-24": ["d"], "": ["e"]}).reported
        'reported as 2025-11-23 (3 sources), 2025-11-24 (1), undated (1)'
        """
        from kgraph.schema import show_date

        if len(self.reports) < 2:
            return ""
        order = sorted(self.reports.items(), key=lambda kv: (-len(kv[1]), kv[0] == "", kv[0]))
        parts = []
        for i, (date, sources) in enumerate(order):
            n = len(sources)
            count = f"{n} source{'s' if n > 1 else ''}" if i == 0 else str(n)
            parts.append(f"{show_date(date) if date else 'undated'} ({count})")
        return "reported as " + ", ".join(parts)

    @property
    def when(self) -> str:
        """The date as shown: ``2025-11-30``, ``week of 2025-11-24``, ``Nov 2025``,
        ``2025`` (empty when undated)."""
        from kgraph.schema import show_date

        return show_date(self.date, self.date_precision)

    @property
    def group(self) -> str:
        """The heading the event sits under: its month (``November 2025``), its year,
        or ``Undated``."""
        return _period(self.date)


def timeline_events(G: nx.Graph, page: str | Path | None = None) -> list[TimelineEvent]:
    """The events of ``G`` in date order (by day, then label; partial dates such as
    ``2025-11`` sort before that month's days; undated events last, by label), each
    with its participants sorted by name and the articles it comes from
    (:class:`Citation`, oldest first; from ``evidence_items`` when the projection
    gave them, else from ``sources``), their files linked from the HTML file
    ``page`` (:func:`kgraph.view.file_link`) when given.

    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> G.add_node("x", kind="event", label="later", date="2025-12-01")
    >>> G.add_node("y", kind="event", label="undated")
    >>> G.add_node("z", kind="event", label="earlier", date="2025-11-30", status="planned")
    >>> [(e.label, e.date, e.status) for e in timeline_events(G)]
    [('earlier', '2025-11-30', 'planned'), ('later', '2025-12-01', 'happened'), ('undated', None, 'happened')]
    """
    from kgraph.schema import date_text
    from kgraph.select import event_participants
    from kgraph.view import _shorten, _text, _texts, colour_for

    U = G.to_undirected(as_view=True) if G.is_directed() else G
    rows = []
    links: dict[str, str | None] = {}  # file -> link, looked up once
    for node, attrs in G.nodes(data=True):
        if attrs.get("kind") != "event":
            continue
        type_ = _text(attrs.get("type")) or "Event"
        people = {}
        for actor, role in event_participants(U, node):
            name = _text(G.nodes[actor].get("label")) or _text(actor)
            people.setdefault((name, _text(role)), str(actor))
        status = _text(attrs.get("status")).lower() or "happened"
        precision = _text(attrs.get("date_precision")) or None
        rows.append(TimelineEvent(
            id=str(node),
            label=_text(attrs.get("label")) or _text(node),
            type=type_,
            date=date_text(attrs.get("date") or None, precision),
            date_precision=precision,
            place=_text(attrs.get("place")),
            status=status,
            participants=[(key, name, role) for (name, role), key in sorted(people.items())],
            evidence=_shorten(_text(attrs.get("evidence")), _MAX_EVIDENCE),
            sources=_texts(attrs.get("sources") or attrs.get("source")),
            colour=colour_for(type_),
            reports={_text(d): _texts(src) for d, src in (attrs.get("reports") or {}).items()},
            citations=_citations(attrs, page, links),
        ))
    rows.sort(key=lambda e: (e.date is None, e.date or "", e.label.casefold(), e.id))
    return rows


def _citations(attrs: dict[str, Any], page: str | Path | None,
               links: dict[str, str | None]) -> list[Citation]:
    """The articles behind an event, oldest first (then by title), each once with
    the IDs of its facts."""
    from kgraph.view import _text, _texts, file_link

    items = attrs.get("evidence_items")
    if not isinstance(items, list):
        return [Citation(title) for title in _texts(attrs.get("sources") or attrs.get("source"))]
    found: dict[tuple[str, str, str, str], Citation] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        key = (_text(item.get("title")), _text(item.get("outlet")), _text(item.get("published")),
               _text(item.get("file")))
        if key not in found:
            file = key[3]
            if file and page is not None and file not in links:
                links[file] = file_link(file, page)
            found[key] = Citation(*key, href=links.get(file) if file else None)
        fact = _text(item.get("fact_id"))
        if fact and fact not in found[key].facts:
            found[key].facts.append(fact)
    return sorted(found.values(), key=lambda c: (c.published or "9999", c.title.casefold()))


def _period(date: str | None) -> str:
    """``2025-11-30`` -> ``November 2025``; ``2025`` -> ``2025``; None -> ``Undated``.

    >>> _period("2025-11-30"), _period("2025"), _period(None), _period("bad")
    ('November 2025', '2025', 'Undated', 'bad')
    """
    if not date:
        return "Undated"
    year, _, rest = date.partition("-")
    month = rest[:2]
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return year


def render_timeline(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str = "kgraph timeline",
    notes: Iterable[str] = (),
) -> Path:
    """Write the timeline of the events in ``G`` to ``path`` as one self-contained
    HTML file and return the path. ``notes`` are extra header lines; the filters
    :func:`kgraph.select.filter_graph` recorded on ``G`` are listed too (its focus
    actor is preselected in the page's actor menu). ``G`` is not modified.
    """
    from kgraph.view import _text

    events = timeline_events(G, path)
    actors: dict[str, str] = {}
    for event in events:
        for key, name, _ in event.participants:
            actors.setdefault(key, name)
    counts: defaultdict[str, int] = defaultdict(int)
    for event in events:
        for key in {k for k, _, _ in event.participants}:
            counts[key] += 1
    ordered = sorted(actors, key=lambda k: (actors[k].casefold(), k))
    short = {key: f"a{i}" for i, key in enumerate(ordered)}
    menu = [{"value": short[k], "name": actors[k], "count": counts[k]} for k in ordered]

    groups: list[dict[str, Any]] = []
    for event in events:
        if not groups or groups[-1]["name"] != event.group:
            groups.append({"name": event.group, "id": f"g{len(groups)}", "events": []})
        groups[-1]["events"].append({
            "event": event,
            "actors": " ".join(sorted({short[k] for k, _, _ in event.participants})),
        })
    focus = (G.graph.get("filter") or {}).get("focus")
    page = _render_page(
        title=_text(title) or "kgraph timeline",
        groups=groups,
        menu=menu,
        selected=short.get(str(focus)) if focus is not None else None,
        n_events=len(events),
        n_undated=sum(1 for e in events if e.date is None),
        notes=[*_notes(G), *(_text(n) for n in notes)],
    )
    return write_output(path, page)  # a device is written into, a file replaced whole


def _notes(G: nx.Graph) -> list[str]:
    """Header lines for the filters :func:`kgraph.select.filter_graph` recorded on
    ``G``; a focus of one hop reads "events of NAME"."""
    from kgraph.select import describe

    f = G.graph.get("filter") or {}
    lines = describe(G)
    if f.get("focus") is not None and f.get("depth") == 1 and lines:
        lines[0] = f"events of {f.get('focus_label')}"  # describe() puts the focus first
    return lines


def _render_page(**context: Any) -> str:
    """Fill the timeline template; its one script is pinned by hash in the CSP."""
    from kgraph.view import render_template

    return render_template("timeline.html", "timeline.js", [], **context)
