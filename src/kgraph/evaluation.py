"""``kgraph eval``: extract annotated articles into a store, read the graph's answer back
with SPARQL, and score it against the gold files (see :mod:`kgraph.scoring`).

For every ``NAME.txt`` with a ``NAME.gold.yaml`` beside it in a folder. Extraction
keeps every fact (threshold 0), so a reliability table can show how often the facts
of each confidence band are right; the headline figures are then scored on the answer
at the threshold in force (facts below it dropped). When the folder has
``clusters.yaml`` (gold events of different articles that are one real-world event),
all its articles go into one store and "same event across articles" is scored too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import KGraphError
from kgraph.namespace import local_name
from kgraph.output import Rows, from_result
from kgraph.scoring import Counts, Identity, score, score_identity
from kgraph.store import GraphStore

__all__ = [
    "BANDS", "EvalReport", "Fact", "Proposal", "at_threshold", "error_lines", "evaluate",
    "find_pairs", "load_clusters", "propose_threshold", "reliability", "system_answer",
]

_PREFIXES = """PREFIX kg: <https://kgraph.example/ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dct: <http://purl.org/dc/terms/>
"""

_ACTORS = _PREFIXES + """SELECT ?a ?label ?cls ?alias ?role WHERE { GRAPH $g {
  ?a a kg:Actor, ?cls ; skos:prefLabel ?label .
  FILTER (?cls IN ($classes))
  OPTIONAL { ?a skos:altLabel ?alias }
  OPTIONAL { ?a org:holds/skos:prefLabel ?role }
} } ORDER BY ?label"""

_PLACES = _PREFIXES + """SELECT ?p ?label ?alias ?within WHERE { GRAPH $g {
  ?p a schema:Place ; skos:prefLabel ?label .
  FILTER NOT EXISTS { ?p a kg:Actor }
  OPTIONAL { ?p skos:altLabel ?alias }
  OPTIONAL { ?p schema:containedInPlace/skos:prefLabel ?within }
} } ORDER BY ?label"""

_EVENTS = _PREFIXES + """SELECT ?e ?same ?label ?cls ?who ?place ?date ?precision ?status ?sentence ?start
WHERE { GRAPH $g {
  ?e a sem:Event, ?cls ; skos:prefLabel ?label .
  FILTER (STRSTARTS(STR(?cls), STR(kg:)))
  OPTIONAL { ?e sem:hasActor/skos:prefLabel ?who }
  OPTIONAL { ?e sem:hasPlace/skos:prefLabel ?place }
  OPTIONAL { ?e sem:hasTimeStamp ?date }
  OPTIONAL { ?e kg:datePrecision ?precision }
  OPTIONAL { ?e kg:status ?status }
  OPTIONAL { ?e kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:startOffset ?start }
}
  OPTIONAL { GRAPH ?i { ?e kg:canonical ?same } }
} ORDER BY ?start ?label"""

_RELATIONS = _PREFIXES + """SELECT ?r ?s ?p ?o ?sentence WHERE { GRAPH $g {
  ?r a kg:RelationStatement ; rdf:subject/skos:prefLabel ?s ; rdf:predicate ?p ;
     rdf:object/skos:prefLabel ?o .
  OPTIONAL { ?r kg:evidence/kg:sentence ?sentence }
} } ORDER BY ?s ?p ?o"""

_CONFIDENCE = _PREFIXES + """SELECT ?x (MAX(?c) AS ?confidence) WHERE { GRAPH $g {
  ?x kg:evidence/kg:confidence ?c
} } GROUP BY ?x"""

_PREDICATES = {
    "leads": "leads", "memberOf": "member_of", "represents": "represents", "owns": "owns",
    "relativeOf": "relative_of", "excludedFrom": "excluded_from",
    "inContactWith": "in_contact_with", "locatedIn": "located_in",
}
_TYPES = {"Person": "Person", "Organization": "Organization", "Country": "Country",
          "Group": "Group", "OtherEvent": "Other"}


def _by_iri() -> dict[str, Any]:
    """The schema's terms by IRI (:mod:`kgraph.schema`, the one definition of types,
    statuses and predicates); empty where that module is not there."""
    try:
        from kgraph.schema import schema
    except ImportError:  # pragma: no cover - a tree without the schema module
        return {}
    return schema().by_iri


def _name(iri: object, fallback: dict[str, str]) -> str:
    """The gold format's name of a class, status or predicate IRI."""
    term = _by_iri().get(str(iri))
    if term is not None:
        return term.name
    local = local_name(str(iri))
    return fallback.get(local, local)


def _actors_query() -> str:
    classes = [t.iri for t in _schema_actor_types()] or [
        "https://schema.org/Person", "https://schema.org/Organization", "https://schema.org/Country",
        "https://kgraph.example/ns#Group"]
    return _ACTORS.replace("$classes", ", ".join(f"<{c}>" for c in classes))


def _schema_actor_types() -> tuple:
    try:
        from kgraph.schema import schema
    except ImportError:  # pragma: no cover
        return ()
    return schema().actor_types


def _select(store: GraphStore, sparql: str, graph: str) -> list[dict[str, Any]]:
    from pyoxigraph import NamedNode

    # the graph IRI enters as an Oxigraph-serialised term
    return from_result(store.query(sparql.replace("$g", str(NamedNode(graph))))).dicts()


def _date(value: object, precision: object) -> str | None:
    """A stored time stamp at its precision: ``YYYY-MM-DD`` for a day, ``YYYY-MM`` for
    a month or a week, ``YYYY`` for a year (the gold format has no weeks).

    >>> _date("2025-11-24", "week"), _date("2025-11-01", "month"), _date("2025-11", None)
    ('2025-11', '2025-11', '2025-11')
    """
    if value is None:
        return None
    text = str(value)
    cut = {"year": 4, "month": 7, "week": 7}.get(str(precision or "day"))
    return text[:cut] if cut else text


def _confidence(value: object) -> float | None:
    return None if value is None else round(float(value), 4)


def system_answer(store: GraphStore, graph: str, file: str = "", published: str | None = None) -> dict:
    """What the graph says about one article, in the gold file's schema, plus
    ``status`` and ``same_as`` on events and ``confidence`` on every fact (the highest
    confidence of the fact's evidence)."""
    conf = {r["x"]: _confidence(r["confidence"]) for r in _select(store, _CONFIDENCE, graph)}
    actors: dict[str, dict] = {}
    for r in _select(store, _actors_query(), graph):
        a = actors.setdefault(r["a"], {"name": r["label"], "type": _name(r["cls"], _TYPES),
                                        "aliases": [], "roles": [], "confidence": conf.get(r["a"])})
        if r["alias"] and r["alias"] not in a["aliases"]:
            a["aliases"].append(r["alias"])
        if r["role"] and r["role"] not in a["roles"]:
            a["roles"].append(r["role"])
    places: dict[str, dict] = {}
    for r in _select(store, _PLACES, graph):
        p = places.setdefault(r["p"], {"name": r["label"], "aliases": [], "within": r["within"],
                                        "confidence": conf.get(r["p"])})
        if r["alias"] and r["alias"] not in p["aliases"]:
            p["aliases"].append(r["alias"])
    events: dict[str, dict] = {}
    for r in _select(store, _EVENTS, graph):
        e = events.setdefault(r["e"], {
            "label": r["label"], "type": _name(r["cls"], _TYPES),
            "participants": [], "place": r["place"], "date": _date(r["date"], r["precision"]),
            "status": _name(r["status"], {"Planned": "planned", "Happened": "happened"})
            if r["status"] else "happened",
            # one identifier per real-world event: its canonical node (kgraph.resolve)
            "same_as": r["same"] or r["e"],
            "evidence": r["sentence"], "confidence": conf.get(r["e"]),
        })
        if r["who"] and r["who"] not in e["participants"]:
            e["participants"].append(r["who"])
    relations: dict[tuple, dict] = {}
    for r in _select(store, _RELATIONS, graph):
        key = (r["s"], _name(r["p"], _PREDICATES), r["o"])
        rel = relations.setdefault(key, {"subject": key[0], "predicate": key[1], "object": key[2],
                                         "evidence": r["sentence"], "confidence": conf.get(r["r"])})
        c = conf.get(r["r"])
        if c is not None and (rel["confidence"] is None or c > rel["confidence"]):
            rel["confidence"] = c
    return {
        "document": {"file": file, "published": published},
        "actors": list(actors.values()),
        "places": list(places.values()),
        "events": list(events.values()),
        "relations": list(relations.values()),
    }


def _kept(entry: dict, threshold: float) -> bool:
    c = entry.get("confidence")
    return c is None or c >= threshold


def at_threshold(answer: dict, threshold: float) -> dict:
    """The answer without the facts whose confidence is below ``threshold`` (facts
    without a confidence stay). An event loses the participants and the place that
    were dropped; a relation goes when its subject or object was dropped.

    >>> a = {"actors": [{"name": "A", "confidence": 0.9}, {"name": "B", "confidence": 0.4}],
    ...      "events": [{"label": "m", "participants": ["A", "B"], "confidence": 0.8}],
    ...      "relations": [{"subject": "A", "predicate": "leads", "object": "B", "confidence": 1}]}
    >>> b = at_threshold(a, 0.5)
    >>> [x["name"] for x in b["actors"]], b["events"][0]["participants"], b["relations"]
    (['A'], ['A'], [])
    """
    out = dict(answer)
    dropped: set[str] = set()
    kept_names: set[str] = set()
    for kind, name in (("actors", "name"), ("places", "name"), ("events", "label")):
        items = list(answer.get(kind) or [])
        out[kind] = [x for x in items if _kept(x, threshold)]
        dropped |= {x.get(name) for x in items if not _kept(x, threshold)}
        kept_names |= {x.get(name) for x in out[kind]}
    dropped -= kept_names  # a name still held by a kept fact stays
    out["events"] = [
        {**e, "participants": [p for p in e.get("participants") or [] if p not in dropped],
         "place": None if e.get("place") in dropped else e.get("place")}
        for e in out["events"]
    ]
    out["relations"] = [
        r for r in answer.get("relations") or []
        if _kept(r, threshold) and r.get("subject") not in dropped and r.get("object") not in dropped
    ]
    return out


# ---------------------------------------------------------------------- reliability
#: Lower edges of the confidence bands of the reliability table.
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
KINDS = ("entities", "events", "relations")


@dataclass(frozen=True)
class Fact:
    """One fact of the system's answer: its kind, confidence and whether it matched gold."""

    kind: str
    confidence: float | None
    right: bool


def facts(answer: dict, counts: Counts) -> list[Fact]:
    """The facts of an answer with whether each matched (from :func:`score`'s details)."""
    matched = counts.details.get("_matched", {})
    out: list[Fact] = []
    for kind, part in (("entities", "actors"), ("entities", "places"), ("events", "events"),
                       ("relations", "relations")):
        for entry, flag in zip(answer.get(part) or [], matched.get(part, []), strict=False):
            if flag is not None:
                out.append(Fact(kind, entry.get("confidence"), bool(flag)))
    return out


def _band(confidence: float | None) -> str:
    if confidence is None:
        return "none"
    label = "<0.5"
    for low, high in zip(BANDS[1:], [*BANDS[2:], None], strict=True):
        if confidence >= low:
            label = f">={low:g}" if high is None else f"{low:g}-{high:g}"
    return label


def band_labels() -> list[str]:
    """``<0.5``, ``0.5-0.6``, ..., ``>=0.9``."""
    return [_band(b) for b in BANDS]


def reliability(items: Iterable[Fact]) -> Rows:
    """Per confidence band: how many facts of each kind, and the share that matched gold.

    >>> t = reliability([Fact("events", 0.55, True), Fact("events", 0.58, False),
    ...                  Fact("entities", 0.95, True)])
    >>> t.columns[:3], t.rows[1][:5], t.rows[-1][-2:]
    (['confidence', 'entities_n', 'entities_right'], ['0.5-0.6', 0, None, 2, 0.5], [1, 1.0])
    """
    items = list(items)
    labels = band_labels() + (["none"] if any(f.confidence is None for f in items) else [])
    columns = ["confidence"]
    for kind in (*KINDS, "all"):
        columns += [f"{kind}_n", f"{kind}_right"]
    rows = []
    for label in labels:
        row: list[Any] = [label]
        for kind in (*KINDS, "all"):
            cell = [f for f in items if _band(f.confidence) == label and kind in (f.kind, "all")]
            right = sum(f.right for f in cell)
            row += [len(cell), round(right / len(cell), 4) if cell else None]
        rows.append(row)
    return Rows(columns, rows)


@dataclass(frozen=True)
class Proposal:
    """A proposed threshold for one kind of fact (or ``all``)."""

    kind: str
    target: float
    threshold: float | None
    share: float | None  # right among the facts kept at that threshold
    kept: int
    total: int

    def text(self) -> str:
        if self.threshold is None:
            return (f"{self.kind}: no threshold keeps facts right at >= {self.target:.0%} "
                    f"({self.total} facts)")
        return (f"{self.kind}: {self.threshold:g} (keeps {self.kept} of {self.total} facts, "
                f"{self.share:.1%} right)")


def propose_threshold(items: Iterable[Fact], *, target: float = 0.8, kind: str = "all") -> Proposal:
    """The lowest band edge (0, 0.5, 0.6, ..., 0.9) at which the facts kept (confidence
    at or above it, or none given) are right at ``target`` or better: the threshold
    that keeps the most facts while meeting the target. None when no edge meets it.

    >>> f = [Fact("events", 0.55, False), Fact("events", 0.65, True), Fact("events", 0.95, True)]
    >>> propose_threshold(f, target=0.9).threshold
    0.6
    >>> propose_threshold(f, target=0.6).threshold
    0.0
    """
    chosen = [f for f in items if kind in (f.kind, "all")]
    for edge in BANDS:
        kept = [f for f in chosen if f.confidence is None or f.confidence >= edge]
        if kept and sum(f.right for f in kept) / len(kept) >= target:
            share = round(sum(f.right for f in kept) / len(kept), 4)
            return Proposal(kind, target, edge, share, len(kept), len(chosen))
    return Proposal(kind, target, None, None, 0, len(chosen))


# ---------------------------------------------------------------------- files
def find_pairs(folder: str | Path) -> list[tuple[Path, Path]]:
    """``(NAME.txt, NAME.gold.yaml)`` pairs in a folder, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KGraphError(f"{folder}: not a folder")
    pairs = [(t, t.with_name(t.stem + ".gold.yaml")) for t in sorted(folder.glob("*.txt"))]
    pairs = [(t, g) for t, g in pairs if g.is_file()]
    if not pairs:
        raise KGraphError(f"{folder}: no NAME.txt with a NAME.gold.yaml beside it")
    return pairs


def _load_yaml(path: Path, what: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KGraphError(f"{path}: not a readable {what} ({type(exc).__name__})") from None


# The gold schema's lists, with the fields of their entries that are lists of names;
# the scored fields in _GOLD_SCALARS hold one value each.
_GOLD_LISTS = {"actors": ("aliases", "roles"), "places": ("aliases",), "events": ("participants",),
               "relations": ()}
_GOLD_SCALARS = ("name", "type", "label", "place", "date", "status", "predicate", "subject", "object")


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


def check_gold(data: object, path: str | Path) -> dict:
    """``data`` if it has the gold file's shape (see the evaluation README), else a
    one-line error naming the first entry that has not.

    >>> check_gold({"actors": [{"name": "Marco Rubio", "aliases": ["Rubio"]}]}, "g.yaml")["actors"][0]["name"]
    'Marco Rubio'
    >>> check_gold({"actors": ["Marco Rubio"]}, "g.yaml")
    Traceback (most recent call last):
    kgraph.errors.KGraphError: g.yaml: actors entry 1: want a mapping (name: ..., type: ...), got text
    """
    if not isinstance(data, dict):
        raise KGraphError(f"{path}: a gold file is a YAML mapping (actors:, events:, ...), got {_kind(data)}")
    for key, list_fields in _GOLD_LISTS.items():
        entries = data.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise KGraphError(f"{path}: '{key}' must be a list of entries, got {_kind(entries)}")
        for number, entry in enumerate(entries, 1):
            where = f"{path}: {key} entry {number}"
            if not isinstance(entry, dict):
                raise KGraphError(f"{where}: want a mapping (name: ..., type: ...), got {_kind(entry)}")
            for name in list_fields:
                value = entry.get(name)
                if value is not None and not (isinstance(value, list)
                                              and not any(isinstance(v, (dict, list)) for v in value)):
                    raise KGraphError(f"{where}: '{name}' must be a list of names, got {_kind(value)}")
            for name in _GOLD_SCALARS:
                if isinstance(entry.get(name), (dict, list)):
                    raise KGraphError(f"{where}: '{name}' must be one value, got a {_kind(entry[name])}")
    return data


def _load_gold(path: Path) -> dict:
    return check_gold(_load_yaml(path, "gold file"), path)


def load_clusters(path: str | Path) -> list[list[str]]:
    """The ``clusters`` of a ``clusters.yaml``: lists of ``FILE#label`` refs."""
    path = Path(path)
    data = _load_yaml(path, "clusters file")
    clusters = data.get("clusters") if isinstance(data, dict) else None
    if not isinstance(clusters, list) or not all(
        isinstance(c, list) and all(isinstance(r, str) and "#" in r for r in c) for c in clusters
    ):
        raise KGraphError(f"{path}: want 'clusters:' as a list of lists of \"FILE#label\" refs")
    return clusters


def _check_clusters(clusters: list[list[str]], golds: dict[str, dict]) -> list[str]:
    """Warnings for refs that name no annotated article or no gold event label."""
    from kgraph.names import compare_form

    warnings = []
    for refs in clusters:
        for ref in refs:
            file, _, label = ref.partition("#")
            gold = golds.get(file.strip())
            if gold is None:
                warnings.append(f"clusters.yaml: {ref!r}: no annotated article {file.strip()!r}")
            elif compare_form(label) not in {compare_form(e.get("label")) for e in gold.get("events") or []}:
                warnings.append(f"clusters.yaml: {ref!r}: no gold event with that label")
    return warnings


# ---------------------------------------------------------------------- report
@dataclass
class EvalReport:
    """Counts per article and their sum (micro-average), at the threshold in force;
    the reliability of every fact extracted; cross-article identity when clustered."""

    articles: dict[str, Counts] = field(default_factory=dict)
    gazetteer: bool = True
    min_confidence: float = 0.0
    facts: list[Fact] = field(default_factory=list)
    identity: Identity | None = None
    warnings: list[str] = field(default_factory=list)
    target: float = 0.8

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.articles.values():
            total = total + counts
        return total

    COLUMNS = ("entities_p", "entities_r", "entities_f1", "type_accuracy", "role_recall",
               "events_p", "events_r", "events_f1", "date_accuracy", "date_precision",
               "place_accuracy", "status_accuracy", "planned_recall",
               "relations_p", "relations_r", "relations_f1")
    IDENTITY = ("identity_p", "identity_r")

    def rows(self) -> Rows:
        """One row per article and a last ``micro`` row (with identity P/R when the
        folder has clusters: they are over pairs of articles, so only micro)."""
        columns = list(self.COLUMNS) + (list(self.IDENTITY) if self.identity else [])
        out = []
        for name, counts in [*self.articles.items(), ("micro", self.micro)]:
            figures = counts.figures()
            if self.identity and name == "micro":
                figures.update(self.identity.figures())
            out.append([name, *[figures.get(c) for c in columns]])
        return Rows(["article", *columns], out)

    def reliability(self) -> Rows:
        return reliability(self.facts)

    def proposals(self) -> list[Proposal]:
        return [propose_threshold(self.facts, target=self.target, kind=k) for k in (*KINDS, "all")]

    def errors(self) -> list[str]:
        """Every miss and false fact, per article, one line each."""
        out: list[str] = []
        for name, counts in self.articles.items():
            lines = error_lines(counts.details)
            out.append(f"{name}: {len(lines)} errors" if lines else f"{name}: no errors")
            out += [f"  {line}" for line in lines]
        if self.identity:
            out.append(f"same event across articles: {len(self.identity.pairs)} errors")
            out += [f"  {p['error']}: {p['a']} / {p['b']}" for p in self.identity.pairs]
        return out

    def text(self, *, errors: bool = False) -> str:
        """The text report: scores, reliability table, proposed thresholds (and errors)."""
        from kgraph.output import write

        parts = [write(self.rows(), "table")]
        if self.identity:
            i = self.identity
            parts.append(f"\nsame event across articles: {i.both} of {i.system} pairs joined are "
                         f"right, {i.both} of {i.gold} gold pairs found\n")
        parts.append(f"\nreliability: facts extracted at every confidence, share that matched gold "
                     f"(scores above: threshold {self.min_confidence:g})\n")
        parts.append(write(self.reliability(), "table"))
        parts.append(f"\nproposed threshold (lowest band edge whose kept facts are right at "
                     f">= {self.target:.0%}):\n")
        parts += [f"  {p.text()}\n" for p in self.proposals()]
        if errors:
            parts.append("\nerrors (missed: in gold, not found; extra: found, not in gold):\n")
            parts += [f"{line}\n" for line in self.errors()]
        return "".join(parts)

    def as_json(self) -> dict:
        def public(details: dict) -> dict:
            return {k: v for k, v in details.items() if not k.startswith("_")}

        micro = {**self.micro.figures(), "counts": self.micro.as_dict()}
        if self.identity:
            micro.update(self.identity.figures())
            micro["identity_counts"] = self.identity.as_dict()
        table = self.reliability()
        return {
            "gazetteer": self.gazetteer,
            "min_confidence": self.min_confidence,
            "articles": {
                name: {**c.figures(), "counts": c.as_dict(), "details": public(c.details)}
                for name, c in self.articles.items()
            },
            "micro": micro,
            "identity": None if self.identity is None else {
                **self.identity.figures(), "counts": self.identity.as_dict(),
                "errors": self.identity.pairs,
            },
            "reliability": {
                "bands": [dict(zip(table.columns, row, strict=True)) for row in table.rows],
                "target": self.target,
                "proposal": {p.kind: {"threshold": p.threshold, "share": p.share, "kept": p.kept,
                                      "total": p.total} for p in self.proposals()},
            },
            "warnings": self.warnings,
        }


def error_lines(details: dict) -> list[str]:
    """Readable lines for one article's misses and false facts (see :func:`score`)."""
    out = [f"entity missed: {n}" for n in details.get("entities_missed", [])]
    out += [f"entity extra: {n}" for n in details.get("entities_extra", [])]
    out += [f"entity type wrong: {t['name']} is {t['system']}, gold {t['gold']}"
            for t in details.get("type_errors", [])]
    out += [f"role missed: {r['actor']}: {r['role']}" for r in details.get("roles_missed", [])]
    out += [f"event missed: {n}" for n in details.get("events_missed", [])]
    dated = {d["event"]: d["date"] for d in details.get("dates_unmatched", [])}
    out += [f"event extra: {n}" + (f" (dated {dated[n]})" if n in dated else "")
            for n in details.get("events_extra", [])]
    out += [f"event {e['field']} wrong: {e['event']} (found as {e['system']!r}): "
            f"{e['system_value'] or 'none'}, gold {e['gold'] or 'none'}"
            for e in details.get("event_errors", [])]
    out += [f"relation missed: {r}" for r in details.get("relations_missed", [])]
    out += [f"relation extra: {r}" for r in details.get("relations_extra", [])]
    return out


def _answers(texts: list[Path], articles: dict, *, gazetteer: bool,
             model: str | None) -> dict[Path, dict]:
    """Every article extracted at threshold 0 into one throwaway store (so identity
    across articles is resolved, as on ingest) and read back."""
    from kgraph.api import KGraph

    def read(kg: KGraph, path: Path) -> dict:
        article = articles[path]
        published = article.published.isoformat() if article.published else None
        return system_answer(kg.store, kg.minter.graph(article.id), path.name, published)

    with KGraph.open("memory") as kg:
        kg.extractor(gazetteer=gazetteer, model=model, min_confidence=0.0)
        kg.ingest([articles[t] for t in texts])
        return {t: read(kg, t) for t in texts}


def evaluate(folder: str | Path, *, gazetteer: bool = True, dump: str | Path | None = None,
             model: str | None = None, min_confidence: float | None = None,
             target: float = 0.8) -> EvalReport:
    """Score every annotated article in ``folder`` at ``min_confidence`` (default
    ``kgraph.extract.DEFAULT_MIN_CONFIDENCE``); with ``dump``, also write
    ``NAME.system.yaml`` (the answer scored, in the gold schema) into that folder."""
    from kgraph.api import default_min_confidence
    from kgraph.sources import read_file

    threshold = default_min_confidence() if min_confidence is None else float(min_confidence)
    pairs = find_pairs(folder)
    golds = {t: _load_gold(g) for t, g in pairs}
    articles = {t: read_file(t) for t, _ in pairs}
    cluster_file = Path(folder) / "clusters.yaml"
    clusters = load_clusters(cluster_file) if cluster_file.is_file() else None
    report = EvalReport(gazetteer=gazetteer, min_confidence=threshold, target=target)
    if clusters is not None:
        report.warnings = _check_clusters(clusters, {t.name: golds[t] for t, _ in pairs})
    answers = _answers([t for t, _ in pairs], articles, gazetteer=gazetteer, model=model)
    out_dir = Path(dump) if dump else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    matched_events: list[tuple[str, str, object]] = []
    for text_path, _ in pairs:
        full = answers[text_path]
        report.facts += facts(full, score(golds[text_path], full))
        answer = at_threshold(full, threshold)
        counts = score(golds[text_path], answer)
        report.articles[text_path.stem] = counts
        for si, label in counts.details["_event_matches"].items():
            matched_events.append((text_path.name, label, answer["events"][si].get("same_as")))
        if out_dir:
            import yaml

            (out_dir / f"{text_path.stem}.system.yaml").write_text(
                yaml.safe_dump(answer, sort_keys=False, allow_unicode=True, width=100), "utf-8"
            )
    if clusters is not None:
        report.identity = score_identity(matched_events, clusters)
    return report
