"""The identity rules: when two article nodes denote one real-world actor or event.

Pure functions over plain data, no store. Every rule looks at two nodes only, so
the clusters they make (connected components) are a function of the set of nodes,
whatever the order in which articles arrive.

Actors (types must agree):

- the same Wikidata ID (two different IDs: never one);
- a name in common, normalised (:func:`kgraph.names.norm`);
- people: two full names that are spellings of one name ("Volodymyr Zelensky" /
  "Volodymyr Zelenskyy");
- people: a surname alone ("Witkoff") joins the one person of that surname; when two
  people share it, the surname joins neither (a weak link, see :func:`cluster_actors`).

Events (types must agree, different articles):

- at least one participant in common, two when both reports name two or more
  people (one person's two meetings of a day are two events);
- dates that overlap at their precision, or days one apart when two participants
  agree; an undated report is compared by its article's publication date (31 days);
- places that agree, or one within the other ("a Geneva hotel" within Geneva); no
  place is no evidence either way; two places named apart ("the Kremlin", "Moscow")
  only when two participants agree and the day is the same;
- a plan reported after the other event took place is a later event.

>>> a = ActorNode("a1", "g1", "Person", "Steve Witkoff", frozenset({"Steve Witkoff"}))
>>> b = ActorNode("b1", "g2", "Person", "Witkoff", frozenset({"Witkoff"}))
>>> link_actors(a, b).strong, link_actors(a, b).reasons
(False, ('surname witkoff',))
"""

from __future__ import annotations

import datetime as dt
import functools
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgraph.names import _initial_y, fold, name_keys, norm, same_name, similar_word, skeleton, surname

#: The version of these rules; stored on every judgement and resolved article.
RULES = "kgraph.resolve/4"
# 2: look-up keys and the event digest (kg:sources, kg:eventId, kg:placeName)
# 3: a surname alone that two people with full names share is no link between them;
#    all the reports of one event allow one common day (cluster_events)
# 4: the event digest names its reports' participants (kg:reportedParticipant)
#: Days between an undated report's publication and the other report's date.
UNDATED_WINDOW = 31


@dataclass(frozen=True)
class ActorNode:
    """An actor as one article names it."""

    iri: str
    graph: str
    type: str
    label: str
    names: frozenset[str]
    wikidata: frozenset[str] = frozenset()
    fid: str | None = None  # its fact ID (kgraph.iri.fact_id): what curations point at

    @functools.cached_property
    def full(self) -> bool:
        """Whether a person has a full name (given name and surname) among its names;
        other actors always count as full."""
        return self.type != "Person" or any(_full(n) for n in self.names)

    def lookup_keys(self) -> list[str]:
        """Name keys (:func:`kgraph.names.name_keys`); a person named by one word
        alone adds ``1:`` and that word, so a canonical node shows that it holds one."""
        keys = name_keys(self.label, self.names, person=self.type == "Person")
        if not self.full:
            keys += sorted({"1:" + norm(n) for n in self.names})
        return keys


@dataclass(frozen=True)
class EventNode:
    """An event as one article reports it."""

    iri: str
    graph: str
    type: str
    label: str
    date: str | None = None  # at its precision: 2025-11-23, 2025-11, 2025
    precision: str | None = None
    place: str | None = None  # the place IRI
    place_label: str | None = None
    within: frozenset[str] = frozenset()  # labels of the places it is in
    status: str = "happened"
    participants: tuple[ActorNode, ...] = ()
    published: str | None = None
    fid: str | None = None  # its fact ID (kgraph.iri.fact_id): what curations point at

    def window(self) -> tuple[dt.date, dt.date] | None:
        """The days the event may fall on: its date at its precision, or around the
        publication date when undated."""
        span = date_span(self.date, self.precision)
        if span:
            return span
        pub = _day(self.published)
        if pub is None:
            return None
        try:
            return pub - dt.timedelta(days=UNDATED_WINDOW), pub + dt.timedelta(days=UNDATED_WINDOW)
        except OverflowError:  # at the edge of the calendar
            return None

    def _key_parts(self) -> tuple[list[str], list[set[str]]]:
        w = self.window()
        if w is None:
            return [], []
        lo = max(w[0], dt.date.min + dt.timedelta(days=1)) - dt.timedelta(days=1)
        hi = min(w[1], dt.date.max - dt.timedelta(days=1)) + dt.timedelta(days=1)
        weeks = sorted({"{}-W{:02d}".format(*(lo + dt.timedelta(days=d)).isocalendar()[:2])
                        for d in range(0, (hi - lo).days + 1)})
        people = [p for p in self.participants if p.type == "Person"]
        if people:  # people are matched by surname: its consonants cover spellings
            return weeks, [{"~" + skeleton(surname(n)) for n in p.names} - {"~"} for p in people]
        return weeks, [{norm(n) for n in p.names} for p in self.participants]

    def lookup_keys(self) -> list[str]:
        """The keys stored for the event: its type, a week it may fall in, and two of
        its participants' name keys (people's, when it names people), or one with
        ``solo`` when it names one, and one with ``with`` for reports naming one."""
        weeks, names = self._key_parts()
        if len(names) >= 2:
            keys = _pairs(names) | {"with|" + k for a in names for k in a}
        else:
            keys = {"solo|" + k for a in names for k in a}
        return sorted(f"{self.type}|{w}|{k}" for w in weeks for k in keys)

    def query_keys(self) -> list[str]:
        """The keys to look up: every event the rules could join with this one stores
        one of them (two participants in common, or one when either names one)."""
        weeks, names = self._key_parts()
        if len(names) >= 2:
            keys = _pairs(names) | {"solo|" + k for a in names for k in a}
        else:
            keys = {p + k for a in names for k in a for p in ("solo|", "with|")}
        return sorted(f"{self.type}|{w}|{k}" for w in weeks for k in keys)


def _pairs(names: list[set[str]]) -> set[str]:
    return {"+".join(sorted((x, y))) for i, a in enumerate(names) for b in names[i + 1:]
            for x in a for y in b if x != y}


@dataclass(frozen=True)
class Link:
    """Two article nodes judged one: how strongly and why."""

    confidence: float
    reasons: tuple[str, ...]
    strong: bool = True


@functools.lru_cache(maxsize=65536)
def _full(name: str) -> bool:
    """A given name and a surname: "Sheikh Mohamed" or "Prince Faisal" is a form of
    address with one name, not a full name."""
    from kgraph.extract.lexicon import load_lexicon

    t = load_lexicon(False).titles
    return len([w for w in fold(name).split() if w not in t.honorifics and w not in t.royal]) > 1


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def date_span(date: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date at its precision covers.

    >>> date_span("2025-02", "month")
    (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    >>> date_span("2025-11-23", "week")
    (datetime.date(2025, 11, 23), datetime.date(2025, 11, 29))
    """
    if not date:
        return None
    try:
        if len(date) == 4:
            y = int(date)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if len(date) == 7:
            y, m = int(date[:4]), int(date[5:7])
            nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return None
    if precision == "week":
        return day, day + dt.timedelta(days=6)
    return day, day


def link_actors(a: ActorNode, b: ActorNode) -> Link | None:
    """Whether two actors of different articles are one, and why (None: no evidence).

    A link between a surname alone and a full name is weak: it holds only when the
    surname fits one person (:func:`cluster_actors`).

    >>> z1 = ActorNode("a", "g1", "Person", "Volodymyr Zelensky", frozenset({"Volodymyr Zelensky"}))
    >>> z2 = ActorNode("b", "g2", "Person", "Volodymyr Zelenskyy", frozenset({"Volodymyr Zelenskyy"}))
    >>> link_actors(z1, z2).reasons
    ('the same name in two spellings: Volodymyr Zelensky / Volodymyr Zelenskyy',)

    A surname alone is a name within one article: two people with full names who
    each go by it there are not one.

    >>> k = ActorNode("c", "g3", "Person", "Kamran Mousavian", frozenset({"Kamran Mousavian", "Mousavian"}))
    >>> d = ActorNode("d", "g4", "Person", "Dariush Mousavian", frozenset({"Dariush Mousavian", "Mousavian"}))
    >>> link_actors(k, d) is None
    True
    """
    if a.graph == b.graph or a.type != b.type:
        return None
    if a.wikidata and b.wikidata:
        if a.wikidata & b.wikidata:
            return Link(0.99, (f"the same Wikidata ID {min(a.wikidata & b.wikidata)}",))
        return None
    strong = a.full == b.full
    common = {norm(n) for n in a.names} & {norm(n) for n in b.names}
    if a.type == "Person" and a.full and b.full:  # "Mousavian" for Dariush here, Kamran there
        common = {n for n in common if _full(n)}
    if common:
        return Link(0.95 if strong else 0.7, (f"the same name {min(common)!r}",), strong)
    if a.type != "Person":
        return None
    if a.full and b.full:
        for x in sorted(a.names):
            for y in sorted(b.names):
                if _full(x) and _full(y) and same_name(x, y):
                    return Link(0.85, (f"the same name in two spellings: {x} / {y}",))
        return None
    single, full = (a, b) if not a.full else (b, a)
    for s in sorted(single.names):
        for f in sorted(full.names):
            if _full(f) and similar_word(surname(s), surname(f)) and len(fold(s).split()) == 1:
                return Link(0.7, (f"surname {surname(s)}",), strong=not full.full)
    return None


@functools.lru_cache(maxsize=4096)
def _containers(name: str) -> frozenset[str]:
    """The places and country a known place lies within, by the gazetteer (Geneva:
    Switzerland), normalised.

    >>> sorted(_containers("geneva"))
    ['switzerland']
    """
    from kgraph.extract.lexicon import load_lexicon

    lex = load_lexicon(True)
    out: set[str] = set()
    place = lex.place(name)
    while place is not None and place.within and len(out) < 5:
        out.add(norm(place.within))
        place = lex.place(place.within)
    return frozenset(out)


def _places(a: EventNode, b: EventNode) -> str | None:
    """``same``, ``within``, ``unknown`` or None (two different places)."""
    if not a.place or not b.place:
        return "unknown"
    if a.place == b.place or norm(a.place_label or "") == norm(b.place_label or ""):
        return "same"
    la, lb = norm(a.place_label or ""), norm(b.place_label or "")
    na = {norm(x) for x in a.within} | {la} | _containers(la)
    nb = {norm(x) for x in b.within} | {lb} | _containers(lb)
    if lb in na or la in nb:
        return "within"
    wa, wb = set(la.split()), set(lb.split())
    if la and lb and (set(lb.split()) <= wa or set(la.split()) <= wb):
        return "within"
    return None


def _participants(a: EventNode, b: EventNode) -> list[str]:
    """The participants of ``a`` that ``b`` names too (by the actor rules): people,
    when both reports name people (a country or an organisation takes part in many
    events, so it counts only where no person is named)."""
    people = all(any(p.type == "Person" for p in e.participants) for e in (a, b))
    found = []
    used: set[str] = set()
    for p in a.participants:
        if people and p.type != "Person":
            continue
        for q in b.participants:
            if q.iri in used:
                continue
            if link_actors(p, q) or (p.graph == q.graph and p.iri == q.iri):
                found.append(p.label)
                used.add(q.iri)
                break
    return found


def _named(e: EventNode) -> int:
    """How many participants count for identity: people when there are any."""
    people = sum(1 for p in e.participants if p.type == "Person")
    return people or len(e.participants)


def _plan_after(x: EventNode, y: EventNode) -> bool:
    """``x`` is a plan reported after ``y`` took place: a later event, not ``y``."""
    if x.status != "planned" or y.status == "planned":
        return False
    pub, span = _day(x.published), date_span(y.date, y.precision)
    return bool(pub and span and span[1] < pub)


def link_events(a: EventNode, b: EventNode) -> Link | None:
    """Whether two events of different articles are one real-world event, and why.

    >>> rubio = [ActorNode(f"{g}r", g, "Person", "Marco Rubio", frozenset({"Marco Rubio"})) for g in "xy"]
    >>> umerov = [ActorNode(f"{g}u", g, "Person", "Rustem Umerov", frozenset({"Rustem Umerov"}))
    ...           for g in "xy"]
    >>> e1 = EventNode("e1", "x", "Meeting", "talks", "2025-11-23", "day", "p1", "Geneva",
    ...                participants=(rubio[0], umerov[0]))
    >>> e2 = EventNode("e2", "y", "Meeting", "meeting", None, None, "p2", "InterContinental Geneva",
    ...                participants=(rubio[1], umerov[1]), published="2025-11-24")
    >>> for reason in link_events(e1, e2).reasons: print(reason)
    2 participants in common: Marco Rubio, Rustem Umerov
    reported within a month of the other's date
    place within the other
    """
    if a.graph == b.graph or a.type != b.type:
        return None
    shared = _participants(a, b)
    m = len(shared)
    if m == 0:
        return None
    place = _places(a, b)
    wa, wb = a.window(), b.window()
    if wa is None or wb is None or _plan_after(a, b) or _plan_after(b, a):
        return None
    both_dated = bool(date_span(a.date, a.precision) and date_span(b.date, b.precision))
    if wa[0] <= wb[1] and wb[0] <= wa[1]:
        when = "dates agree" if both_dated else "reported within a month of the other's date"
    elif (both_dated and a.precision == b.precision == "day" and m >= 2
          and abs((wa[0] - wb[0]).days) <= 1):
        when = "dates one day apart"
    else:
        return None
    if not both_dated and m < 2:
        return None
    same_day = both_dated and a.precision == b.precision == "day" and wa == wb
    if place is None:  # two places: one event only if the same people met that very day
        if not (same_day and m >= 2):
            return None
        place = "differ"
    if min(_named(a), _named(b)) >= 2 and m < 2:
        return None  # two people each, one in common: two meetings of one person
    conf = (0.5 + 0.1 * min(m, 3) + (0.1 if same_day else 0)
            + {"same": 0.05, "within": 0.05, "differ": -0.15}.get(place, 0))
    reasons = [f"{m} participant{'s' if m > 1 else ''} in common: {', '.join(shared)}", when]
    if place != "unknown":
        reasons.append({"same": "the same place", "within": "place within the other",
                        "differ": f"places named apart ({a.place_label} / {b.place_label}) "
                                  "but the same people that day"}[place])
    return Link(round(min(conf, 0.97), 2), tuple(reasons))


# ---------------------------------------------------------------- clusters
class _Sets:
    """Union-find over hashable items; a union that would put both items of a
    ``cannot`` pair in one set is refused.

    >>> s = _Sets(cannot=[("a", "c")])
    >>> s.union("a", "b"); s.union("b", "c"); s.groups()
    [['a', 'b'], ['c']]
    """

    def __init__(self, cannot: Iterable[tuple] = ()) -> None:
        self.up: dict = {}
        self.cannot = list(cannot)

    def find(self, x):
        self.up.setdefault(x, x)
        while self.up[x] != x:
            self.up[x] = self.up[self.up[x]]
            x = self.up[x]
        return x

    def union(self, x, y) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return
        for a, b in self.cannot:
            if {self.find(a), self.find(b)} == {rx, ry}:
                return
        self.up[max(rx, ry)] = min(rx, ry)

    def groups(self) -> list[list]:
        out: dict = {}
        for x in self.up:
            out.setdefault(self.find(x), []).append(x)
        return sorted(sorted(g) for g in out.values())


def _blocks(items: Iterable[ActorNode]) -> Iterable[tuple[ActorNode, ActorNode]]:
    """The pairs of actors that share a look-up key (of one type), each pair once, in
    the order of the keys and then of the items. In a surname key's block (``~``) a
    pair of actors named by single names only is left out unless the two share a
    name or both carry Wikidata IDs: :func:`link_actors` joins no other such pair, and
    a surname many people share (thousands, in a large store) would otherwise cost
    every pair of them.

    >>> a = [ActorNode(str(i), str(i), "Person", n, frozenset({n}))
    ...      for i, n in enumerate(["Witkoff", "Witkof", "Steve Witkoff"])]
    >>> [(x.label, y.label) for x, y in _blocks(a)]
    [('Witkoff', 'Steve Witkoff'), ('Witkof', 'Steve Witkoff')]
    """
    by_key: dict[str, list[ActorNode]] = {}
    for x in items:
        for k in x.lookup_keys():
            by_key.setdefault(f"{x.type}|{k}", []).append(x)
    seen: set[tuple[int, int]] = set()
    for key, group in by_key.items():
        pairs = _surname_pairs(group) if "|~" in key else (
            (i, j) for i in range(len(group)) for j in range(i + 1, len(group)))
        for i, j in pairs:
            x, y = group[i], group[j]
            pair = (id(x), id(y)) if id(x) < id(y) else (id(y), id(x))
            if pair not in seen:
                seen.add(pair)
                yield x, y


def _surname_pairs(group: list[ActorNode]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of a surname block that :func:`link_actors` may
    join, sorted: one of the two has a full name, or they share a normalised name, or
    both carry Wikidata IDs and share one."""
    found: set[tuple[int, int]] = set()
    full = [i for i, x in enumerate(group) if x.full]
    for i in full:
        found.update((min(i, j), max(i, j)) for j in range(len(group)) if j != i)
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, x in enumerate(group):
        if x.full:
            continue
        # with Wikidata IDs on both sides only they count; on one side, names do
        for kind, values in (("w", x.wikidata), ("n", {norm(n) for n in x.names})):
            for v in values:
                by_name.setdefault((kind, v), []).append(i)
    for (kind, _), members in by_name.items():
        for a, i in enumerate(members):
            for j in members[a + 1:]:
                if kind == "w" or not (group[i].wikidata and group[j].wikidata):
                    found.add((i, j))
    return sorted(found)


def _constrained(nodes: list, must: Iterable[tuple[str, str]],
                 cannot: Iterable[tuple[str, str]]) -> _Sets:
    """Union-find over the nodes' IRIs with an analyst's constraints (pairs of IRIs,
    :mod:`kgraph.curate`): ``cannot`` pairs never join, ``must`` pairs join first."""
    present = {x.iri for x in nodes}
    sets = _Sets([(a, b) for a, b in cannot if a in present and b in present])
    for x in nodes:
        sets.find(x.iri)
    for a, b in must:
        if a in present and b in present:
            sets.union(a, b)
    return sets


def cluster_actors(nodes: Iterable[ActorNode], must: Iterable[tuple[str, str]] = (),
                   cannot: Iterable[tuple[str, str]] = ()) -> list[list[ActorNode]]:
    """Actors grouped into real-world actors, a function of the set of nodes.

    Full names (and non-people) join by strong links; surnames alone join each
    other by name; a group of surnames joins the one group of full names its weak
    links reach, and stays apart when they reach two. Nodes with the same names are
    compared once, and only nodes that share a look-up key.

    >>> n = lambda i, g, name: ActorNode(i, g, "Person", name, frozenset({name}))
    >>> groups = cluster_actors([n("1", "a", "Donald Trump"), n("2", "b", "Trump"),
    ...                          n("3", "c", "Melania Trump"), n("4", "d", "Putin")])
    >>> [[x.label for x in g] for g in groups]
    [['Donald Trump'], ['Trump'], ['Melania Trump'], ['Putin']]

    An analyst's ``must`` and ``cannot`` pairs (of IRIs) come first:

    >>> groups = cluster_actors([n("1", "a", "Donald Trump"), n("2", "b", "Trump")], cannot=[("1", "2")])
    >>> len(groups)
    2
    """
    nodes = sorted(set(nodes), key=lambda x: x.iri)
    sets = _constrained(nodes, must, cannot)
    profiles: dict[tuple, list[ActorNode]] = {}
    for x in nodes:  # the same names, type and Wikidata IDs: one actor
        sets.find(x.iri)
        profiles.setdefault((x.type, x.names, x.wikidata), []).append(x)
    for group in profiles.values():
        for x in group[1:]:
            sets.union(group[0].iri, x.iri)
    heads = [g[0] for g in profiles.values()]
    weak: list[tuple[ActorNode, ActorNode]] = []
    for x, y in _blocks(heads):
        link = link_actors(x, _elsewhere(y, x))
        if link is None:
            continue
        if link.strong:
            sets.union(x.iri, y.iri)
        else:
            weak.append((x, y))
    targets: dict[str, set[str]] = {}
    for x, y in weak:
        single, full = (x, y) if not x.full else (y, x)
        targets.setdefault(sets.find(single.iri), set()).add(sets.find(full.iri))
    for root, found in targets.items():
        roots = {sets.find(f) for f in found}
        if len(roots) == 1:
            sets.union(root, next(iter(roots)))
    by_iri = {x.iri: x for x in nodes}
    return [[by_iri[i] for i in g] for g in sets.groups()]


def _elsewhere(y: ActorNode, x: ActorNode) -> ActorNode:
    """``y`` as if in another article than ``x`` (profiles stand for many articles)."""
    if y.graph != x.graph:
        return y
    return ActorNode(y.iri, y.graph + "#", y.type, y.label, y.names, y.wikidata)


def cluster_events(nodes: Iterable[EventNode], must: Iterable[tuple[str, str]] = (),
                   cannot: Iterable[tuple[str, str]] = ()) -> list[list[EventNode]]:
    """Events grouped into real-world events: the rules' links over pairs that share
    a look-up key, after an analyst's ``must`` and ``cannot`` pairs (of IRIs). A link
    joins two groups only when their reports can all be of one time
    (:func:`_one_time`): a chain of undated reports, each within a month of the next,
    does not make a year of meetings in one city one meeting.

    >>> who = lambda g: tuple(ActorNode(g + n, g, "Person", n, frozenset({n})) for n in ("Ann Lee", "Bo Kim"))
    >>> e = lambda g, pub: EventNode("e" + g, g, "Meeting", "talks", published=pub, participants=who(g))
    >>> [len(c) for c in cluster_events([e("a", "2025-01-01"), e("b", "2025-02-20"), e("c", "2025-04-10")])]
    [2, 1]
    """
    nodes = sorted(set(nodes), key=lambda x: x.iri)
    sets = _constrained(nodes, must, cannot)
    when: dict[str, tuple[dt.date, dt.date]] = {}  # a group's root -> the days all its reports allow
    for x in nodes:
        w = x.window()
        if w is not None:
            root = sets.find(x.iri)
            when[root] = _one_time(when[root], w) or _hull(when[root], w) if root in when else w
    # Candidates: events of the same type and week naming a participant the rules may
    # join (a key's block alone can hold every meeting of a week), then those sharing
    # a look-up key, compared in the order of the keys and then of the IRIs. The index
    # is one sorted array of (hash of type, week and token; event number): a few bytes
    # per entry, as a large load holds hundreds of thousands of events.
    bits = max(1, len(nodes).bit_length())
    high = (1 << (63 - bits)) - 1
    entries = []
    for j, y in enumerate(nodes):
        weeks = {k.split("|", 2)[1] for k in y.lookup_keys()}
        entries += [(hash((y.type, w, t)) & high) << bits | j for t in _tokens(y) for w in weeks]
    index = array("q", sorted(entries))
    del entries
    lookup = functools.lru_cache(maxsize=4096)(lambda j: frozenset(nodes[j].lookup_keys()))
    for i, x in enumerate(nodes):
        rank: dict[str, int] = {}
        for r, k in enumerate(x.query_keys()):
            rank.setdefault(k, r)
        weeks = {k.split("|", 2)[1] for k in rank}
        found: set[int] = set()
        for t in _tokens(x, matching=True):
            for w in weeks:
                start = (hash((x.type, w, t)) & high) << bits
                lo, hi = bisect_left(index, start), bisect_left(index, start + (1 << bits))
                found.update(index[k] & ((1 << bits) - 1) for k in range(lo, hi))
        found.discard(i)
        order = sorted((min(rank[k] for k in shared), j) for j in found
                       if (shared := lookup(j) & rank.keys()))
        for _, j in order:
            y = nodes[j]
            rx, ry = sets.find(x.iri), sets.find(y.iri)
            if rx == ry or not link_events(x, y):
                continue
            common = _one_time(when[rx], when[ry])
            if common is not None:
                sets.union(rx, ry)
                if sets.find(rx) == sets.find(ry):  # (an analyst's cannot pair refuses it)
                    when[sets.find(rx)] = common
    by_iri = {x.iri: x for x in nodes}
    return [[by_iri[i] for i in g] for g in sets.groups()]


def _one_time(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date] | None:
    """The days two groups of reports both allow (None: none). Two groups of reports
    each of a day or two, one day apart, allow both days (a date one report gives as
    the eve of the other's).

    >>> d = dt.date.fromisoformat
    >>> _one_time((d("2025-01-01"), d("2025-01-31")), (d("2025-01-20"), d("2025-02-20")))
    (datetime.date(2025, 1, 20), datetime.date(2025, 1, 31))
    >>> _one_time((d("2025-01-01"), d("2025-01-01")), (d("2025-01-02"), d("2025-01-02")))
    (datetime.date(2025, 1, 1), datetime.date(2025, 1, 2))
    >>> _one_time((d("2025-01-01"), d("2025-01-01")), (d("2025-01-03"), d("2025-01-03"))) is None
    True
    """
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo <= hi:
        return lo, hi
    short = (a[1] - a[0]).days <= 1 and (b[1] - b[0]).days <= 1
    return _hull(a, b) if short and (lo - hi).days <= 1 else None


def _hull(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    return min(a[0], b[0]), max(a[1], b[1])


def _tokens(e: EventNode, *, matching: bool = False) -> set[tuple]:
    """What two events need in common for :func:`link_events` to join them: one
    participant each that :func:`link_actors` may join, so the same type and a
    normalised name, or a Wikidata ID, or (people, one with a full name) the first
    letter of the surname that :func:`~kgraph.names.similar_word` compares. With
    ``matching``, the tokens another event needs to meet these.

    >>> p = ActorNode("a", "g", "Person", "Steve Witkoff", frozenset({"Steve Witkoff"}))
    >>> sorted(_tokens(EventNode("e", "g", "Meeting", "talks", participants=(p,))))
    [('f', 'w'), ('i', 'g', 'a'), ('n', 'Person', 'steve witkoff')]
    >>> sorted(t for t in _tokens(EventNode("e", "g", "Meeting", "talks", participants=(p,)),
    ...                           matching=True) if len(t) == 2)
    [('f', 'w'), ('s', 'w')]
    """
    out: set[tuple] = set()
    for p in e.participants:
        out.add(("i", p.graph, p.iri))
        out.update(("n", p.type, norm(n)) for n in p.names)
        out.update(("w", p.type, w) for w in p.wikidata)
        if p.type != "Person":
            continue
        for n in p.names:
            last = surname(n)
            if not last:
                continue
            first = _initial_y(last)[0]
            if not matching:  # a full name, or a surname alone
                out.add(("f" if p.full else "s", first))
            else:  # a full name meets both; a surname alone meets full names only
                out.add(("f", first))
                if p.full:
                    out.add(("s", first))
    return out


# ---------------------------------------------------------------- summaries
@dataclass
class Summary:
    """What a canonical node shows: chosen values, and every reported value with the
    article graphs that report it."""

    label: str
    type: str
    names: set[str] = field(default_factory=set)
    wikidata: set[str] = field(default_factory=set)
    status: str | None = None
    date: str | None = None
    precision: str | None = None
    place: str | None = None
    place_label: str | None = None
    sources: int = 0


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def summarise_actors(members: list[ActorNode]) -> Summary:
    """The label with the most words (then the longest, then the first in order)."""
    label = min((m.label for m in members), key=lambda s: (-len(s.split()), -len(s), s))
    return Summary(label=label, type=members[0].type,
                   names={n for m in members for n in m.names} | {m.label for m in members},
                   wikidata={w for m in members for w in m.wikidata},
                   sources=len({m.graph for m in members}))


def summarise_events(members: list[EventNode]) -> Summary:
    """The most reported label, date (at the finest precision given) and place;
    happened when any report says so.

    >>> e = lambda i, d, s: EventNode(i, i, "Meeting", "talks", d, "day", status=s)
    >>> s = summarise_events([e("1", "2025-11-23", "planned"), e("2", "2025-11-24", "happened"),
    ...                       e("3", "2025-11-24", "happened")])
    >>> s.date, s.status, s.sources
    ('2025-11-24', 'happened', 3)
    """
    def most(values: list[str]) -> str | None:
        if not values:
            return None
        counts = Counter(values)
        return min(counts, key=lambda v: (-counts[v], v))

    label = most([m.label for m in members]) or ""
    dated = [m for m in members if m.date]
    date = precision = None
    if dated:
        finest = min(_PRECISION_RANK.get(m.precision or "day", 0) for m in dated)
        at = [m for m in dated if _PRECISION_RANK.get(m.precision or "day", 0) == finest]
        date = most([m.date for m in at if m.date])
        precision = next(m.precision or "day" for m in at if m.date == date)
    place = most([m.place for m in members if m.place])
    place_label = next((m.place_label for m in members if m.place == place), None)
    status = "happened" if any(m.status == "happened" for m in members) else "planned"
    return Summary(label=label, type=members[0].type, names={m.label for m in members},
                   status=status, date=date,
                   precision=precision, place=place, place_label=place_label,
                   sources=len({m.graph for m in members}))
