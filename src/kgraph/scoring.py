"""Score a system's answer against a gold annotation, with exactly the rules of the
evaluation README (names normalised; entities, roles, events and relations matched one
to one, best first; event status, dates and places; the same event across articles).
Both sides are dicts in the gold schema; a system event may add ``status``
(``happened`` or ``planned``; absent means happened) and ``same_as``.

Names are compared in the README's form, :func:`kgraph.names.compare_form`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from kgraph.names import compare_form

__all__ = ["Counts", "Identity", "is_day", "score", "score_identity"]

#: Relation predicates the gold format lists (``holds_position`` is scored as roles).
PREDICATES = {
    "leads", "member_of", "represents", "owns", "relative_of", "excluded_from",
    "in_contact_with", "located_in",
}


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_day(value: object) -> bool:
    """Whether a date names a day (``YYYY-MM-DD``), not just a month or a year.

    >>> is_day("2025-11-30"), is_day("2025-11"), is_day("2025"), is_day(None)
    (True, False, False, False)
    """
    return bool(_DAY.match(str(value or "")))


def status(entry: dict) -> str:
    """An event's status: ``planned`` or ``happened`` (the default)."""
    value = str(entry.get("status") or "happened").strip().casefold()
    return value or "happened"


@dataclass
class Counts:
    """Raw counts for one article; they add up across articles (micro-average)."""

    entities_system: int = 0
    entities_gold: int = 0
    entities_matched: int = 0
    actors_matched: int = 0
    types_correct: int = 0
    roles_gold: int = 0
    roles_found: int = 0
    roles_system: int = 0
    roles_right: int = 0
    events_system: int = 0
    events_gold: int = 0
    events_matched: int = 0
    dates_gold: int = 0
    dates_correct: int = 0
    places_gold: int = 0
    places_correct: int = 0
    places_system: int = 0
    places_precise: int = 0
    status_correct: int = 0
    planned_system: int = 0
    planned_gold: int = 0
    planned_found: int = 0
    days_system: int = 0
    days_correct: int = 0
    relations_system: int = 0
    relations_gold: int = 0
    relations_matched: int = 0
    details: dict = field(default_factory=dict, compare=False)

    def __add__(self, other: Counts) -> Counts:
        values = {k: getattr(self, k) + getattr(other, k) for k in _COUNT_FIELDS}
        return Counts(**values)

    def figures(self) -> dict[str, float | None]:
        """Precision, recall, F1 and accuracies (None where nothing was there to score)."""

        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        def f1(p: float | None, r: float | None) -> float | None:
            if p is None or r is None:
                return None
            return round(2 * p * r / (p + r), 4) if p + r else 0.0

        out: dict[str, float | None] = {}
        for name in ("entities", "events", "relations"):
            p = ratio(getattr(self, f"{name}_matched"), getattr(self, f"{name}_system"))
            r = ratio(getattr(self, f"{name}_matched"), getattr(self, f"{name}_gold"))
            out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f1(p, r)
        out["type_accuracy"] = ratio(self.types_correct, self.actors_matched)
        out["role_p"] = ratio(self.roles_right, self.roles_system)
        out["role_recall"] = ratio(self.roles_found, self.roles_gold)
        out["date_accuracy"] = ratio(self.dates_correct, self.dates_gold)
        out["date_precision"] = ratio(self.days_correct, self.days_system)
        out["place_accuracy"] = ratio(self.places_correct, self.places_gold)
        out["place_precision"] = ratio(self.places_precise, self.places_system)
        out["status_accuracy"] = ratio(self.status_correct, self.events_matched)
        out["planned_p"] = ratio(self.planned_found, self.planned_system)
        out["planned_recall"] = ratio(self.planned_found, self.planned_gold)
        return out

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("details")
        return data


_COUNT_FIELDS = [f for f in Counts.__dataclass_fields__ if f != "details"]


def _names(entry: dict) -> set[str]:
    names = {compare_form(entry.get("name") or entry.get("label"))}
    names |= {compare_form(a) for a in entry.get("aliases") or []}
    return {n for n in names if n}


def _greedy(pairs: Iterable[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one assignment, best score first (ties in input order): system -> gold."""
    taken_s: set[int] = set()
    taken_g: set[int] = set()
    out: dict[int, int] = {}
    for _, s, g in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if s not in taken_s and g not in taken_g:
            out[s] = g
            taken_s.add(s)
            taken_g.add(g)
    return out


def _etype(value: object) -> str:
    return str(value or "").split("/")[0].strip()


def score(gold: dict, system: dict) -> Counts:
    """Counts for one article.

    >>> g = {"actors": [{"name": "Marco Rubio", "type": "Person", "aliases": ["Rubio"],
    ...                  "roles": ["Secretary of State"]}]}
    >>> s = {"actors": [{"name": "Rubio", "type": "Person", "roles": ["US Secretary of State"]}]}
    >>> c = score(g, s)
    >>> c.entities_matched, c.roles_found, c.types_correct
    (1, 1, 1)
    """
    c = Counts()
    g_actors = list(gold.get("actors") or [])
    g_places = list(gold.get("places") or [])
    s_actors = list(system.get("actors") or [])
    s_places = list(system.get("places") or [])
    g_ents = [("actor", e) for e in g_actors] + [("place", e) for e in g_places]
    s_ents = [("actor", e) for e in s_actors] + [("place", e) for e in s_places]
    g_names = [_names(e) for _, e in g_ents]
    s_names = [_names(e) for _, e in s_ents]

    # -- entities
    pairs = []
    for si, sn in enumerate(s_names):
        for gi, gn in enumerate(g_names):
            shared = sn & gn
            if shared:
                primary = compare_form(s_ents[si][1].get("name")) == compare_form(g_ents[gi][1].get("name"))
                pairs.append((len(shared) + (0.5 if primary else 0), si, gi))
    ent_match = _greedy(pairs)
    c.entities_system, c.entities_gold, c.entities_matched = len(s_ents), len(g_ents), len(ent_match)

    # gold entity index for any system name (through the matching)
    name_to_gold: dict[str, int] = {}
    for si, gi in ent_match.items():
        for n in s_names[si]:
            name_to_gold.setdefault(n, gi)

    def to_gold(name: object) -> str:
        """A system name mapped to its gold entity ('#<i>'), else the normalised string."""
        n = compare_form(name)
        if n in name_to_gold:
            return f"#{name_to_gold[n]}"
        return n

    def gold_key(name: object) -> str:
        n = compare_form(name)
        for gi, gn in enumerate(g_names):
            if n in gn:
                return f"#{gi}"
        return n

    # -- types and roles
    gold_to_sys = {gi: si for si, gi in ent_match.items()}
    type_errors: list[dict] = []
    roles_missed: list[dict] = []
    for gi, (kind, entry) in enumerate(g_ents):
        if kind != "actor":
            continue
        originals = {compare_form(r): str(r) for r in entry.get("roles") or [] if compare_form(r)}
        roles = [compare_form(r) for r in entry.get("roles") or [] if compare_form(r)]
        c.roles_gold += len(roles)
        si = gold_to_sys.get(gi)
        if si is None:
            continue
        skind, sentry = s_ents[si]
        c.actors_matched += 1
        stype = sentry.get("type") if skind == "actor" else "Place"
        if str(stype) == str(entry.get("type")):
            c.types_correct += 1
        else:
            type_errors.append({"name": entry.get("name"), "gold": entry.get("type"), "system": stype})
        sroles = [compare_form(r) for r in sentry.get("roles") or [] if compare_form(r)]
        found = [r for r in roles if any(r in x or x in r for x in sroles)]
        c.roles_found += len(found)
        c.roles_system += len(sroles)
        c.roles_right += sum(1 for x in sroles if any(r in x or x in r for r in roles))
        roles_missed += [{"actor": entry.get("name"), "role": originals[r]} for r in roles if r not in found]

    # -- events
    g_events = list(gold.get("events") or [])
    s_events = list(system.get("events") or [])
    pairs = []
    for si, se in enumerate(s_events):
        s_parts = {to_gold(p) for p in se.get("participants") or []}
        for gi, ge in enumerate(g_events):
            if _etype(se.get("type")) != _etype(ge.get("type")):
                continue
            g_parts = {gold_key(p) for p in ge.get("participants") or []}
            if not g_parts:
                pairs.append((0.0, si, gi))
                continue
            overlap = len(s_parts & g_parts)
            if overlap >= max(1, math.ceil(len(g_parts) / 2)):
                pairs.append((float(overlap), si, gi))
    ev_match = _greedy(pairs)
    c.events_system, c.events_gold, c.events_matched = len(s_events), len(g_events), len(ev_match)
    event_errors: list[dict] = []

    def wrong(field_: str, si: int, gi: int, gold_value: object, system_value: object) -> None:
        event_errors.append({"event": g_events[gi].get("label"), "system": s_events[si].get("label"),
                             "field": field_, "gold": gold_value, "system_value": system_value})

    def same_place(se: dict, ge: dict) -> bool:
        return bool(se.get("place")) and to_gold(se["place"]) == gold_key(ge.get("place"))

    for si, gi in ev_match.items():
        se, ge = s_events[si], g_events[gi]
        if ge.get("date"):
            c.dates_gold += 1
            right = str(se.get("date") or "") == str(ge["date"])
            c.dates_correct += int(right)
            if not right:
                wrong("date", si, gi, str(ge["date"]), se.get("date"))
        elif is_day(se.get("date")):
            wrong("date", si, gi, None, se.get("date"))
        if ge.get("place"):
            c.places_gold += 1
            right = same_place(se, ge)
            c.places_correct += int(right)
            if not right:
                wrong("place", si, gi, ge["place"], se.get("place"))
        elif se.get("place"):
            wrong("place", si, gi, None, se.get("place"))
        if status(se) == status(ge):
            c.status_correct += 1
        else:
            wrong("status", si, gi, status(ge), status(se))
    # date and place precision: over every system event that gives one
    dates_unmatched: list[dict] = []
    for si, se in enumerate(s_events):
        gi = ev_match.get(si)
        if is_day(se.get("date")):
            c.days_system += 1
            if gi is not None and str(g_events[gi].get("date") or "") == str(se["date"]):
                c.days_correct += 1
            elif gi is None:
                dates_unmatched.append({"event": se.get("label"), "date": se["date"]})
        if se.get("place"):
            c.places_system += 1
            c.places_precise += int(gi is not None and bool(g_events[gi].get("place"))
                                    and same_place(se, g_events[gi]))
    # status: recall of gold planned events, precision of system planned events
    c.planned_gold = sum(1 for ge in g_events if status(ge) == "planned")
    c.planned_system = sum(1 for se in s_events if status(se) == "planned")
    c.planned_found = sum(1 for si, gi in ev_match.items()
                          if status(s_events[si]) == status(g_events[gi]) == "planned")

    # events are named by label in relations
    gold_event_key = {compare_form(e.get("label")): f"@{i}" for i, e in enumerate(g_events)}
    sys_event_key = {compare_form(s_events[si].get("label")): f"@{gi}" for si, gi in ev_match.items()}

    def rel_sys(name: object) -> str:
        return sys_event_key.get(compare_form(name)) or to_gold(name)

    def rel_gold(name: object) -> str:
        return gold_event_key.get(compare_form(name)) or gold_key(name)

    # -- relations
    all_s_rels = list(system.get("relations") or [])
    scored = [i for i, r in enumerate(all_s_rels) if r.get("predicate") != "holds_position"]
    g_rels = [r for r in gold.get("relations") or [] if r.get("predicate") != "holds_position"]
    s_rels = [all_s_rels[i] for i in scored]
    pairs = []
    for si, sr in enumerate(s_rels):
        skey = (sr.get("predicate"), rel_sys(sr.get("subject")), rel_sys(sr.get("object")))
        for gi, gr in enumerate(g_rels):
            if skey == (gr.get("predicate"), rel_gold(gr.get("subject")), rel_gold(gr.get("object"))):
                pairs.append((1.0, si, gi))
    rel_match = _greedy(pairs)
    c.relations_system, c.relations_gold = len(s_rels), len(g_rels)
    c.relations_matched = len(rel_match)
    rel_flags: list[bool | None] = [None] * len(all_s_rels)
    for si, i in enumerate(scored):
        rel_flags[i] = si in rel_match

    def triple(r: dict) -> str:
        return f"{r.get('subject')} {r.get('predicate')} {r.get('object')}"

    c.details = {
        "entities_missed": [g_ents[i][1].get("name") for i in range(len(g_ents)) if i not in gold_to_sys],
        "entities_extra": [s_ents[i][1].get("name") for i in range(len(s_ents)) if i not in ent_match],
        "type_errors": type_errors,
        "roles_missed": roles_missed,
        "events_missed": [g_events[i].get("label") for i in range(len(g_events))
                          if i not in set(ev_match.values())],
        "events_extra": [s_events[i].get("label") for i in range(len(s_events)) if i not in ev_match],
        "event_errors": event_errors,
        "dates_unmatched": dates_unmatched,
        "relations_missed": [triple(r) for i, r in enumerate(g_rels) if i not in set(rel_match.values())],
        "relations_extra": [triple(r) for i, r in enumerate(s_rels) if i not in rel_match],
        # for the reliability table and cross-article identity (left out of reports)
        "_matched": {
            "actors": [i in ent_match for i in range(len(s_actors))],
            "places": [len(s_actors) + i in ent_match for i in range(len(s_places))],
            "events": [i in ev_match for i in range(len(s_events))],
            "relations": rel_flags,
        },
        "_event_matches": {si: g_events[gi].get("label") for si, gi in ev_match.items()},
    }
    return c


@dataclass
class Identity:
    """Pairs of matched events in different articles: joined by the system (same
    ``same_as``), by gold (one cluster), by both."""

    system: int = 0
    gold: int = 0
    both: int = 0
    pairs: list[dict] = field(default_factory=list, compare=False)

    def figures(self) -> dict[str, float | None]:
        p = round(self.both / self.system, 4) if self.system else None
        r = round(self.both / self.gold, 4) if self.gold else None
        f1 = None if p is None or r is None else (round(2 * p * r / (p + r), 4) if p + r else 0.0)
        return {"identity_p": p, "identity_r": r, "identity_f1": f1}

    def as_dict(self) -> dict:
        return {"system": self.system, "gold": self.gold, "both": self.both}


def score_identity(matched: Iterable[tuple[str, str, object]], clusters: Iterable[Iterable[str]]) -> Identity:
    """Pairwise precision and recall of "same event across articles".

    ``matched`` holds one ``(file, gold label, same_as)`` per system event that matched
    a gold event; ``clusters`` lists gold events of different articles that are one
    real-world event, as ``FILE#label`` refs (labels compared normalised). Only pairs
    of matched events in different articles count.

    >>> m = [("a.txt", "Talks", "e1"), ("b.txt", "Geneva talks", "e1"), ("c.txt", "Visit", "e1")]
    >>> i = score_identity(m, [["a.txt#Talks", "b.txt#Geneva talks"]])
    >>> (i.system, i.gold, i.both), i.figures()["identity_p"]
    ((3, 1, 1), 0.3333)
    """
    cluster_of: dict[tuple[str, str], int] = {}
    for n, refs in enumerate(clusters):
        for ref in refs:
            file, _, label = str(ref).partition("#")
            cluster_of[(file.strip(), compare_form(label))] = n
    items = [(f, label, cluster_of.get((f, compare_form(label))), same) for f, label, same in matched]
    out = Identity()
    for i, (fa, la, ca, sa) in enumerate(items):
        for fb, lb, cb, sb in items[i + 1:]:
            if fa == fb:
                continue
            joined_sys = sa is not None and sa == sb
            joined_gold = ca is not None and ca == cb
            out.system += joined_sys
            out.gold += joined_gold
            out.both += joined_sys and joined_gold
            if joined_sys != joined_gold:
                out.pairs.append({"a": f"{fa}#{la}", "b": f"{fb}#{lb}",
                                  "error": "joined, gold apart" if joined_sys else "apart, gold joined"})
    return out
