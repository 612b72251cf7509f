"""``kgraph eval``: ingest annotated articles into a throwaway store, read the graph's
answer back with SPARQL, and score it against the gold files (see :mod:`kgraph.scoring`).

For every ``NAME.txt`` with a ``NAME.gold.yaml`` beside it in a folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import KGraphError
from kgraph.namespace import local_name
from kgraph.output import Rows, from_result
from kgraph.scoring import Counts, score
from kgraph.store import GraphStore

__all__ = ["EvalReport", "evaluate", "find_pairs", "system_answer"]

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
  FILTER (?cls IN (schema:Person, schema:Organization, schema:Country, kg:Group))
  OPTIONAL { ?a skos:altLabel ?alias }
  OPTIONAL { ?a org:holds/skos:prefLabel ?role }
} } ORDER BY ?label"""

_PLACES = _PREFIXES + """SELECT ?p ?label ?alias ?within WHERE { GRAPH $g {
  ?p a schema:Place ; skos:prefLabel ?label .
  FILTER NOT EXISTS { ?p a kg:Actor }
  OPTIONAL { ?p skos:altLabel ?alias }
  OPTIONAL { ?p schema:containedInPlace/skos:prefLabel ?within }
} } ORDER BY ?label"""

_EVENTS = _PREFIXES + """SELECT ?e ?label ?cls ?who ?place ?date ?sentence ?start WHERE { GRAPH $g {
  ?e a sem:Event, ?cls ; skos:prefLabel ?label .
  FILTER (STRSTARTS(STR(?cls), STR(kg:)))
  OPTIONAL { ?e sem:hasActor/skos:prefLabel ?who }
  OPTIONAL { ?e sem:hasPlace/skos:prefLabel ?place }
  OPTIONAL { ?e sem:hasTimeStamp ?date }
  OPTIONAL { ?e kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:startOffset ?start }
} } ORDER BY ?date ?label ?start"""

_RELATIONS = _PREFIXES + """SELECT ?s ?p ?o ?sentence WHERE { GRAPH $g {
  ?r a kg:RelationStatement ; rdf:subject/skos:prefLabel ?s ; rdf:predicate ?p ;
     rdf:object/skos:prefLabel ?o .
  OPTIONAL { ?r kg:evidence/kg:sentence ?sentence }
} } ORDER BY ?s ?p ?o"""

_PREDICATES = {
    "leads": "leads", "memberOf": "member_of", "represents": "represents", "owns": "owns",
    "relativeOf": "relative_of", "excludedFrom": "excluded_from",
    "inContactWith": "in_contact_with", "locatedIn": "located_in",
}
_TYPES = {"Person": "Person", "Organization": "Organization", "Country": "Country",
          "Group": "Group", "OtherEvent": "Other"}



def _select(store: GraphStore, sparql: str, graph: str) -> list[dict[str, Any]]:
    from pyoxigraph import NamedNode

    # the graph IRI enters as an Oxigraph-serialised term
    return from_result(store.query(sparql.replace("$g", str(NamedNode(graph))))).dicts()


def system_answer(store: GraphStore, graph: str, file: str = "", published: str | None = None) -> dict:
    """What the graph says about one article, in the gold file's schema."""
    actors: dict[str, dict] = {}
    for r in _select(store, _ACTORS, graph):
        a = actors.setdefault(r["a"], {"name": r["label"], "type": _TYPES[local_name(r["cls"])],
                                        "aliases": [], "roles": []})
        if r["alias"] and r["alias"] not in a["aliases"]:
            a["aliases"].append(r["alias"])
        if r["role"] and r["role"] not in a["roles"]:
            a["roles"].append(r["role"])
    places: dict[str, dict] = {}
    for r in _select(store, _PLACES, graph):
        p = places.setdefault(r["p"], {"name": r["label"], "aliases": [], "within": r["within"]})
        if r["alias"] and r["alias"] not in p["aliases"]:
            p["aliases"].append(r["alias"])
    events: dict[str, dict] = {}
    for r in _select(store, _EVENTS, graph):
        e = events.setdefault(r["e"], {
            "label": r["label"], "type": _TYPES.get(local_name(r["cls"]), local_name(r["cls"])),
            "participants": [], "place": r["place"], "date": r["date"], "evidence": r["sentence"],
        })
        if r["who"] and r["who"] not in e["participants"]:
            e["participants"].append(r["who"])
    relations = [
        {"subject": r["s"], "predicate": _PREDICATES.get(local_name(r["p"]), local_name(r["p"])),
         "object": r["o"], "evidence": r["sentence"]}
        for r in _select(store, _RELATIONS, graph)
    ]
    unique = list({(r["subject"], r["predicate"], r["object"]): r for r in relations}.values())
    return {
        "document": {"file": file, "published": published},
        "actors": list(actors.values()),
        "places": list(places.values()),
        "events": list(events.values()),
        "relations": unique,
    }


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


def _load_gold(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KGraphError(f"{path}: not a readable gold file ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise KGraphError(f"{path}: a gold file is a YAML mapping")
    return data


@dataclass
class EvalReport:
    """Counts per article and their sum (micro-average)."""

    articles: dict[str, Counts] = field(default_factory=dict)
    gazetteer: bool = True

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.articles.values():
            total = total + counts
        return total

    COLUMNS = ("entities_p", "entities_r", "entities_f1", "type_accuracy", "role_recall",
               "events_p", "events_r", "events_f1", "date_accuracy", "place_accuracy",
               "relations_p", "relations_r", "relations_f1")

    def rows(self) -> Rows:
        """One row per article and a last ``micro`` row."""
        out = []
        for name, counts in [*self.articles.items(), ("micro", self.micro)]:
            figures = counts.figures()
            out.append([name, *[figures[c] for c in self.COLUMNS]])
        return Rows(["article", *self.COLUMNS], out)

    def as_json(self) -> dict:
        return {
            "gazetteer": self.gazetteer,
            "articles": {
                name: {**c.figures(), "counts": c.as_dict(), "details": c.details}
                for name, c in self.articles.items()
            },
            "micro": {**self.micro.figures(), "counts": self.micro.as_dict()},
        }


def evaluate(folder: str | Path, *, gazetteer: bool = True, dump: str | Path | None = None,
             model: str | None = None) -> EvalReport:
    """Score every annotated article in ``folder``; with ``dump``, also write
    ``NAME.system.yaml`` (what the graph says) into that folder."""
    from kgraph.api import KGraph
    from kgraph.extract import Extractor
    from kgraph.sources import read_file

    pairs = find_pairs(folder)
    golds = {t: _load_gold(g) for t, g in pairs}
    articles = {t: read_file(t) for t, _ in pairs}
    extractor = Extractor(gazetteer=gazetteer, model=model)
    report = EvalReport(gazetteer=gazetteer)
    out_dir = Path(dump) if dump else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    for text_path, _ in pairs:
        article = articles[text_path]
        with KGraph.open("memory") as kg:  # a throwaway store per article
            kg._extractor = extractor
            kg.ingest([article])
            published = article.published.isoformat() if article.published else None
            answer = system_answer(kg.store, kg.minter.graph(article.id), text_path.name, published)
        report.articles[text_path.stem] = score(golds[text_path], answer)
        if out_dir:
            import yaml

            (out_dir / f"{text_path.stem}.system.yaml").write_text(
                yaml.safe_dump(answer, sort_keys=False, allow_unicode=True, width=100), "utf-8"
            )
    return report
