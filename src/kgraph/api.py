"""The Python API; the CLI only wraps it.

>>> kg = KGraph.open("memory")
>>> kg.stats()["articles"]
0
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import KGraphError
from kgraph.iri import Minter
from kgraph.model import Article
from kgraph.output import Rows, from_result
from kgraph.queries import StoredQuery, find_query, load_queries, parse_query
from kgraph.store import GraphStore, open_store

__all__ = ["IngestReport", "KGraph", "default_min_confidence"]


@dataclass
class IngestReport:
    """What one ingest did: article titles added, replaced and left unchanged."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    quads: int = 0


_STATS = """
PREFIX kg: <https://kgraph.example/ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <https://schema.org/>
SELECT
  (COUNT(DISTINCT ?art) AS ?articles) (COUNT(DISTINCT ?actor) AS ?actors)
  (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?rel) AS ?relations)
WHERE {
  { GRAPH ?g { ?art a schema:NewsArticle } }
  UNION { GRAPH ?g { ?actor a kg:Actor } }
  UNION { GRAPH ?g { ?event a sem:Event } }
  UNION { GRAPH ?g { ?rel a kg:RelationStatement } }
}"""

_KNOWN_ACTORS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?a ?type ?label ?alias WHERE {
  VALUES ?type { $classes }
  GRAPH ?g { ?a rdf:type ?type ; skos:prefLabel ?label . OPTIONAL { ?a skos:altLabel ?alias } }
}
"""

_FINGERPRINT = """
PREFIX kg: <https://kgraph.example/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?version ?fingerprint WHERE { GRAPH $g {
  $g prov:wasGeneratedBy ?activity .
  OPTIONAL { ?activity prov:wasAssociatedWith/kg:extractorVersion ?version }
  OPTIONAL { ?activity kg:extractorFingerprint ?fingerprint }
} }
"""
_KG = "https://kgraph.example/ns#"


def default_min_confidence() -> float:
    """``kgraph.extract.DEFAULT_MIN_CONFIDENCE`` (0 until the extractor defines it)."""
    import kgraph.extract

    return float(getattr(kgraph.extract, "DEFAULT_MIN_CONFIDENCE", 0.0))


_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?[<?$]", re.I)


def _strip_comments(sparql: str) -> str:
    """The query without ``#`` comments (outside IRIs and strings, roughly)."""
    return re.sub(r"(?m)(^|\s)#[^\n]*", r"\1", sparql)


def _run_query(location: str, sparql: str, conn: Any) -> None:
    try:
        store = open_store(location, read_only=True)
        conn.send(("ok", from_result(store.query(sparql))))
    except KGraphError as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # reported as one line in the parent
        conn.send(("error", f"query failed: {type(exc).__name__}: {exc}"))


def _query_in_child(location: str, sparql: str, timeout: float) -> Rows:
    """Run a query in a separate process on the on-disk store, and stop it after
    ``timeout`` seconds (Oxigraph has no way to interrupt a query in-process)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_run_query, args=(location, sparql, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise KGraphError(f"the query ran over its {timeout:g} s timeout and was stopped")
        status, value = parent.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    if status == "error":
        raise KGraphError(value)
    return value


def _pipelined(items: Iterator[tuple[Article, list]], write: Callable[[Article, list], None]) -> None:
    """Write each item in a second thread while the next is extracted (the store
    works partly outside the GIL). Writes stay in order, one article per write; the
    first error stops both sides and is raised here."""
    import queue
    import threading

    pending: queue.Queue = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def writer() -> None:
        while (item := pending.get()) is not None:
            if not failed:
                try:
                    write(*item)
                except BaseException as exc:  # handed to the caller's thread
                    failed.append(exc)

    thread = threading.Thread(target=writer, name="kgraph-writer", daemon=True)
    thread.start()
    try:
        for item in items:
            if failed:
                break
            pending.put(item)
    finally:
        pending.put(None)
        thread.join()
    if failed:
        raise failed[0]


class KGraph:
    """A knowledge graph of actors and events over one store.

    ``KGraph.open(location)`` opens the embedded store at a folder (``"memory"`` for a
    throwaway one); ``read_only=True`` for queries and exports.
    """

    def __init__(self, store: GraphStore, minter: Minter | None = None, *,
                 extractor: Any = None) -> None:
        self.store = store
        self.minter = minter or Minter()
        self._extractor: Any = extractor
        self._min_confidence = float(getattr(extractor, "min_confidence", 0.0) or 0.0)

    @classmethod
    def open(cls, location: str | None = None, *, read_only: bool = False,
             base: str | None = None, extractor: Any = None) -> KGraph:
        """``extractor``: an :class:`~kgraph.extract.Extractor` to share (one model
        load for many graphs); by default one is made on first use."""
        return cls(open_store(location, read_only=read_only), Minter(base), extractor=extractor)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest
    def extractor(self, *, gazetteer: bool = True, model: str | None = None,
                  min_confidence: float | None = None) -> Any:
        """The extraction pipeline (made once, on first use; the model loads when the
        first article is extracted). Facts below ``min_confidence`` are left out
        (default ``kgraph.extract.DEFAULT_MIN_CONFIDENCE``)."""
        if self._extractor is None:
            import inspect

            from kgraph.extract import Extractor

            if min_confidence is None:
                min_confidence = default_min_confidence()
            self._min_confidence = min_confidence
            # until the Extractor takes min_confidence, it is only part of the fingerprint
            if "min_confidence" in inspect.signature(Extractor).parameters:
                self._extractor = Extractor(gazetteer=gazetteer, model=model,
                                            min_confidence=min_confidence)
            else:
                self._extractor = Extractor(gazetteer=gazetteer, model=model)
        return self._extractor

    def fingerprint(self) -> str:
        """The extractor's fingerprint (see :mod:`kgraph.extract.fingerprint`): when it
        differs from the one an article was stored with, ingest extracts it again."""
        ex = self.extractor()
        value = getattr(ex, "fingerprint", None)
        if isinstance(value, str):
            return value
        from kgraph.extract.fingerprint import fingerprint
        from kgraph.extract.nlp import default_model_name

        return fingerprint(
            getattr(ex, "model", None) or default_model_name(),
            gazetteer=bool(getattr(ex, "gazetteer", True)),
            min_confidence=float(getattr(ex, "min_confidence", self._min_confidence)),
        )

    def ingest(
        self,
        articles: Iterable[Article],
        *,
        progress: Callable[[Article], None] | None = None,
    ) -> IngestReport:
        """Extract and store each article in its own named graph.

        All articles are read first, so a bad file stops the run before anything is
        written; each article is then one atomic write. An article already stored
        by an extractor with the same fingerprint (version, language data,
        gazetteer, threshold, spaCy model) is left as it is; one stored by another
        is extracted again and replaced.
        """
        articles = list(articles)
        report = IngestReport()
        todo: list[Article] = []
        seen: set[str] = set()
        current = self.fingerprint()
        for article in articles:
            if article.id in seen:
                report.unchanged.append(article.title)
                continue
            seen.add(article.id)
            graph = self.minter.graph(article.id)
            if self.store.has_graph(graph) and self._stored_fingerprint(graph) == current:
                report.unchanged.append(article.title)
                if progress:
                    progress(article)
            else:
                todo.append(article)
        if not todo:
            return report

        def write(article: Article, quads: list) -> None:
            graph = self.minter.graph(article.id)
            existed = self.store.has_graph(graph)
            self.store.replace_graph(graph, quads)
            report.quads += len(quads)
            (report.replaced if existed else report.added).append(article.title)
            if progress:
                progress(article)

        _pipelined(self._extract(todo, self._known_actors()), write)
        return report

    def _extract(self, articles: list[Article], known: list[Any]) -> Iterator[tuple[Article, list]]:
        """Each article's quads, its actors linked to ``known`` (kept up to date, so
        the articles of one batch link to each other too)."""
        from kgraph.extract.link import known_from, link_across
        from kgraph.rdf import to_quads

        by_key = {}
        for k in known:  # one entry per actor, however many articles name it
            by_key.setdefault(k.key, k).aliases.update(k.names() - {by_key[k.key].label})
        for extraction in self.extractor().extract_many(articles):
            link_across(extraction, by_key.values())
            for k in known_from(extraction):
                by_key.setdefault(k.key, k).aliases.update(k.names() - {by_key[k.key].label})
            yield extraction.article, to_quads(extraction, self.minter)

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list]]:
        """Extraction with no store: ``(article, quads)`` per article, actors linked
        across the batch only. ``kgraph extract`` writes them as N-Quads."""
        return self._extract(list(articles), [])

    def load(
        self, data: bytes, fmt: str, *, graph: str | None = None, name: str = "<data>"
    ) -> dict[str, int]:
        """Load Turtle, TriG, N-Triples or N-Quads through Oxigraph's parser. The whole
        input is parsed first (a syntax error writes nothing); then each named graph
        in it replaces the stored graph of that name, one atomic write per graph.
        Triples outside a named graph go into ``graph``. Returns triples per graph."""
        import pyoxigraph as ox

        from kgraph.export import rdf_format

        rformat = rdf_format(fmt)
        try:
            quads = list(ox.parse(data, format=rformat))
        except SyntaxError as exc:
            raise KGraphError(f"{name}: {rformat.name} syntax error: {exc.msg}") from None
        except ValueError as exc:
            raise KGraphError(f"{name}: {exc}") from None
        if graph is not None:
            try:
                target = ox.NamedNode(graph)
            except ValueError:
                raise KGraphError(f"--graph: not an IRI: {graph!r}") from None
        by_graph: dict[str, list] = {}
        for q in quads:
            if isinstance(q, ox.Triple) or isinstance(q.graph_name, ox.DefaultGraph):
                if graph is None:
                    raise KGraphError(f"{name}: triples outside a named graph; say where with --graph IRI")
                q = ox.Quad(q.subject, q.predicate, q.object, target)
            by_graph.setdefault(q.graph_name.value, []).append(q)
        for g, items in by_graph.items():
            self.store.replace_graph(g, items)
        return {g: len(items) for g, items in by_graph.items()}

    def _known_actors(self) -> list[Any]:
        """Actors already in the store (key, preferred and alternative labels, type),
        for cross-article linking: one SPARQL query."""
        from kgraph.extract.link import KnownActor, key_from_iri
        from kgraph.rdf import ACTOR_CLASSES

        classes = {str(v): k for k, v in ACTOR_CLASSES.items()}
        prefix = self.minter.actor("x")[:-1]
        found: dict[str, KnownActor] = {}
        values = " ".join(f"<{v}>" for v in classes)
        query = _KNOWN_ACTORS.replace("$classes", values)
        for row in self.store.query(query):  # type: ignore[attr-defined]
            iri = row["a"].value
            kind = classes.get(row["type"].value)
            if kind is None or not iri.startswith(prefix):
                continue
            k = found.setdefault(iri, KnownActor(key_from_iri(iri), row["label"].value, kind))
            if row["alias"] is not None:
                k.aliases.add(row["alias"].value)
        return list(found.values())

    def _stored_fingerprint(self, graph: str) -> str | None:
        """The fingerprint of the extractor that wrote an article graph (None if none)."""
        from pyoxigraph import NamedNode

        # the IRI enters the query as an Oxigraph-serialised term, never as raw text
        result = self.store.query(_FINGERPRINT.replace("$g", str(NamedNode(graph))))
        for solution in result:  # type: ignore[attr-defined]
            if solution["fingerprint"] is not None:
                return solution["fingerprint"].value
        return None

    # ------------------------------------------------------------------ query
    def queries(self, folder: Path | None = None) -> dict[str, StoredQuery]:
        """The stored queries by name."""
        return load_queries(folder)

    def query(self, ref: str | None = None, params: dict[str, str] | None = None, *,
              text: str | None = None, update: bool = False, allow_service: bool = False,
              timeout: float | None = None) -> Rows:
        """Run a stored query (by name or ``.rq`` path) or ad-hoc SPARQL ``text``.

        Read-only unless ``update`` (a SPARQL update is refused otherwise); SERVICE
        (a federated query that reaches other servers) only with ``allow_service``;
        ``timeout`` seconds, after which the query is stopped.
        """
        if text is not None:
            stored = parse_query("ad-hoc", text)
        elif ref:
            stored = find_query(ref)
        else:
            raise KGraphError("name a stored query, a .rq file or give the query text")
        sparql = stored.bind(params or {})
        body = _strip_comments(sparql)
        if _SERVICE.search(body) and not allow_service:
            raise KGraphError("the query uses SERVICE, which would reach other servers; "
                              "allow it with --allow-service")
        if _UPDATE.match(body):
            if not update:
                raise KGraphError("this is a SPARQL update and queries are read-only; "
                                  "run it with --update to change the store")
            self.store.update(sparql)
            return Rows(["result"], [["update done"]])
        if timeout is not None and getattr(self.store, "location", "memory") != "memory" \
                and not str(self.store.location).startswith(("http://", "https://")):
            return _query_in_child(self.store.location, sparql, timeout)
        return from_result(self.store.query(sparql))

    def stats(self) -> dict[str, int]:
        """Counts of articles, actors, events, relations and distinct triples."""
        rows = from_result(self.store.query(_STATS)).dicts()[0]
        out = {k: int(v or 0) for k, v in rows.items()}
        out["triples"] = self.store.count_triples()
        out["graphs"] = len(self.article_graphs())
        return out

    # ------------------------------------------------------------------ others
    def article_graph(self, ref: str) -> str:
        """The named graph of an article given by its id, graph IRI, title or file."""
        graphs = set(self.store.graphs())
        if ref in graphs:
            return ref
        candidate = self.minter.graph(ref)
        if candidate in graphs:
            return candidate
        path = Path(ref)
        if path.is_file():
            from kgraph.sources import read_file

            candidate = self.minter.graph(read_file(path).id)
            if candidate in graphs:
                return candidate
        rows = self.query(text="""PREFIX dct: <http://purl.org/dc/terms/>
            SELECT DISTINCT ?g ?title WHERE { GRAPH ?g { ?a dct:title ?title } }""").dicts()
        matches = [r["g"] for r in rows if str(r["title"]).casefold() == ref.casefold()]
        if len(matches) == 1:
            return str(matches[0])
        raise KGraphError(f"no article {ref!r} in the store (give its id, file or exact title)")

    def export(self, fmt: str = "turtle", article: str | None = None, network: str = "actors") -> bytes:
        """The whole graph or one article's named graph as RDF, or a networkx projection
        (``network``: actors or bipartite) as GraphML, GEXF or CSV."""
        from kgraph.export import NETWORK_FORMATS, export, export_network

        if fmt.lower() in NETWORK_FORMATS:
            if article:
                raise KGraphError(f"--article works with RDF formats, not {fmt}")
            return export_network(self.store, fmt.lower(), network)
        return export(self.store, fmt, self.article_graph(article) if article else None)

    def article_graphs(self) -> list[str]:
        """The named graphs that hold articles (not the metrics graph)."""
        return [g for g in self.store.graphs() if self.minter.is_article_graph(g)]

    def validate(self):  # -> kgraph.validate.Report
        """SHACL-validate every article graph."""
        from kgraph.validate import validate

        return validate(self.store, self.article_graphs())

    def analyze(self, *, top: int | None = None, write: bool = False):  # -> network.Analysis
        """Actors ranked by betweenness, degree, PageRank, with communities and brokers.
        ``write`` stores every actor's measures in their own named graph."""
        from kgraph.network import analyze, metrics_quads

        result = analyze(self.store)
        if write:
            self.store.replace_graph(self.minter.metrics(), metrics_quads(result.rows, self.minter.metrics()))
        if top is not None:
            result.rows = result.rows[:top]
        return result

    def path(self, source: str, target: str) -> list[dict]:
        """The chain of events and relations linking two actors, with evidence."""
        from kgraph.network import path

        return path(self.store, source, target)

    def view(
        self,
        path: str | Path,
        *,
        title: str = "kgraph map",
        size_by: str = "degree",
        colour_by: str = "type",
        since: str | None = None,
        until: str | None = None,
        focus: str | None = None,
        depth: int = 1,
        event_types: Iterable[str] | str | None = None,
        max_nodes: int | None = 500,
    ) -> Path:
        """Write the interactive map of actors and events as one offline HTML file.

        The graph is filtered by :func:`kgraph.select.filter_graph` (event types,
        dates from ``since`` to ``until``, the neighbourhood of ``focus`` within
        ``depth`` actor hops), then drawn by :func:`kgraph.view.render_map` (size by
        ``size_by``, colour by ``colour_by``, at most ``max_nodes`` nodes; None for
        all).
        """
        from kgraph.project import bipartite
        from kgraph.select import filter_graph
        from kgraph.view import render_map

        G = filter_graph(bipartite(self.store), since=since, until=until, focus=focus,
                         depth=depth, event_types=event_types)
        return render_map(G, path, title=title, size_by=size_by, colour_by=colour_by,
                          max_nodes=max_nodes)

    def timeline(
        self,
        path: str | Path,
        *,
        title: str = "kgraph timeline",
        actor: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Path:
        """Write the events in date order, with participants, evidence and sources, as
        one offline HTML file; only ``actor``'s events when given (a label, alias or
        surname), only those from ``since`` to ``until`` when given."""
        from kgraph.project import bipartite
        from kgraph.select import filter_graph
        from kgraph.timeline import render_timeline

        G = filter_graph(bipartite(self.store), since=since, until=until, focus=actor, depth=1)
        return render_timeline(G, path, title=title)
