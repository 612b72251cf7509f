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
from kgraph.output import Rows, from_result, plain
from kgraph.queries import StoredQuery, date_params, find_query, load_queries, parse_query
from kgraph.store import GraphStore, OxigraphStore, RemoteStore, open_store

__all__ = ["IngestReport", "KGraph", "LoadReport", "default_min_confidence"]


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
  UNION { GRAPH ?g { ?actor a kg:Canonical, kg:Actor } }
  UNION { GRAPH ?g { ?event a kg:Canonical, sem:Event } }
  UNION { GRAPH ?g { ?rel a kg:RelationStatement } }
}"""

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


def _first_line(exc: BaseException) -> str:
    """An exception's first line (Oxigraph's HTTP errors go on with the server's reply)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _select(store: GraphStore, sparql: str, *, union: bool = False) -> Rows:
    """The rows of a query; on the embedded store, a final ORDER BY of plain keys is
    done here, each key read once (:mod:`kgraph.ordering`: Oxigraph 0.5 reads them at
    every comparison)."""
    from kgraph.ordering import sort_rows, split_order

    order = split_order(sparql) if isinstance(store, OxigraphStore) else None
    if order is not None:
        from pyoxigraph import QuerySolutions

        result = store.query(order[0], union=union)
        if isinstance(result, QuerySolutions):
            columns = [v.value for v in result.variables]
            width = range(len(columns))
            ordered = sort_rows(columns, ([s[i] for i in width] for s in result), order[1], plain)
            if ordered is not None:  # else the query as written (a key of a datatype not ordered here)
                return Rows(columns, ordered)
    return from_result(store.query(sparql, union=union))


def _evaluate(store: GraphStore, sparql: str, *, union: bool = False,
              interruptible: bool = False) -> Rows:
    """Run a query and read its results. With ``interruptible``, in a worker thread, so
    that Ctrl-C reaches the caller at once (Oxigraph does not look at signals while it
    evaluates; an abandoned worker finishes in the background, a daemon thread): the
    hand-over costs about 0.2 ms a query (a 0.5 ms look-up at 1M quads took 0.71 ms
    instead of 0.51), so it is for a person waiting, not for a program asking many.
    A failure during evaluation, such as a SERVICE call that fails, is a one-line
    error. ``union``: the default graph is the union of all named graphs."""
    import traceback

    def run() -> Rows:
        try:
            return _select(store, sparql, union=union)
        except BaseException as exc:  # handed to the caller's thread (if a worker's)
            # Oxigraph's result objects must be freed in the thread that made them
            cause: BaseException | None = exc
            while cause is not None:
                traceback.clear_frames(cause.__traceback__)
                cause = cause.__cause__ or cause.__context__
            raise

    try:
        return _in_worker(run) if interruptible else run()
    except (OSError, RuntimeError) as error:
        raise KGraphError(f"query failed: {_first_line(error)}") from None


#: Worker threads waiting for a query (each its own inbox); a worker goes back here
#: when its query is done, so a process starts one thread, not one per query.
_IDLE: list[Any] = []


def _worker(inbox: Any) -> None:
    while True:
        fn, box, done = inbox.get()
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc
        del fn  # what the query held is freed in this thread
        _IDLE.append(inbox)  # idle before the caller wakes, so its next query reuses this thread
        done.set()


def _in_worker(fn: Callable[[], Any]) -> Any:
    """``fn()`` in an idle worker thread (a new daemon thread if none is idle), waited
    for in a way Ctrl-C interrupts; its exception is raised here."""
    import queue
    import threading

    try:
        inbox = _IDLE.pop()
    except IndexError:
        inbox = queue.SimpleQueue()
        threading.Thread(target=_worker, args=(inbox,), name="kgraph-query", daemon=True).start()
    box: dict[str, Any] = {}
    done = threading.Event()
    inbox.put((fn, box, done))
    done.wait()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _run_query(location: str, sparql: str, conn: Any, union: bool = False) -> None:
    try:
        store = open_store(location, read_only=True)
        conn.send(("ok", _select(store, sparql, union=union)))
    except KGraphError as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # reported as one line in the parent
        conn.send(("error", f"query failed: {type(exc).__name__}: {_first_line(exc)}"))


def _query_in_child(location: str, sparql: str, timeout: float, *, union: bool = False) -> Rows:
    """Run a query in a separate process on the on-disk store, and stop it after
    ``timeout`` seconds (Oxigraph has no way to interrupt a query in-process)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_run_query, args=(location, sparql, child, union), daemon=True)
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


def _line_of_blank_graph(source: bytes | str | Path | Any, label: str) -> str:
    """``"line N: "`` for where a graph named by blank node ``label`` starts in the
    data or the file ``source`` (read a line at a time), or ``""`` (and for a stream,
    which cannot be read again).

    >>> _line_of_blank_graph(b'<a> <b> <c> <g> .\\n<a> <b> "v" _:g1 .\\n', "g1")
    'line 2: '
    >>> _line_of_blank_graph(b'<g> { <a> <b> <c> }\\n[] {\\n <a> <b> <c> }', "x9f")
    'line 2: '
    """
    import io

    name = re.escape(label.encode("utf-8"))
    patterns = [re.compile(rb"_:" + name + rb"\s*[.{]"), re.compile(rb"_:" + name + rb"(?![\w.-]*[\w-])"),
                re.compile(rb"\[\s*\]\s*\{")]
    found: list[int | None] = [None] * len(patterns)
    if not isinstance(source, (bytes, str, Path)):
        return ""
    try:
        lines = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
    except OSError:
        return ""
    with lines:
        previous = b""
        for number, line in enumerate(lines, 1):
            window = previous + line  # a pattern may span two lines
            for i, pattern in enumerate(patterns):
                match = pattern.search(window) if found[i] is None else None
                if match:
                    found[i] = number - 1 if match.start() < len(previous) else number
            if found[0] is not None:
                break
            previous = line
    line_no = next((n for n in found if n is not None), None)
    return f"line {line_no}: " if line_no else ""


class LoadReport(dict):
    """What a load did: triples written per named graph (the dict), the graphs that
    came again later in the input and were merged with what the load had written of
    them (``merged``), the quads of kgraph's identity graph left out (``skipped``:
    kgraph resolves the loaded articles itself) and, when the load resolved the
    whole store at once, the counts of article nodes and real-world actors and
    events (``identity``)."""

    def __init__(self) -> None:
        super().__init__()
        self.merged: list[str] = []
        self.skipped = 0
        self.identity: dict[str, int] = {}
        self.optimized_s: float | None = None  # the store compacted after the load, in seconds


class _InputError(KGraphError):
    """The input cannot be read on (a syntax error, a graph kgraph refuses)."""


#: Quads of whole graphs gathered before they are written: the new graphs among them
#: in one bulk write. Oxigraph's bulk loader takes about 3x this many bytes.
LOAD_BATCH = 100_000


# Extracted articles wait in memory up to this size, then in a temporary file.
_SPOOL_MEMORY = 64 * 1024 * 1024


def _read(source: bytes | str | Path | Any, rformat: Any, name: str) -> Iterator[Any]:
    """The quads of ``source`` as Oxigraph's parser reads them; what stops it is a
    one-line :class:`_InputError`."""
    import pyoxigraph as ox

    try:
        if isinstance(source, (str, Path)):
            yield from ox.parse(path=str(source), format=rformat)
        else:
            yield from ox.parse(source, format=rformat)
    except SyntaxError as exc:
        raise _InputError(f"{name}: {rformat.name} syntax error: {exc.msg}") from None
    except ValueError as exc:
        raise _InputError(f"{name}: {exc}") from None
    except MemoryError as exc:  # Oxigraph's parser holds one term in at most 16 MiB
        if "maximal size" in str(exc):
            raise _InputError(f"{name}: a literal or IRI over 16 MiB, more than Oxigraph's "
                              "parser takes; split or shorten it") from None
        raise _InputError(f"{name}: out of memory while parsing; load it in parts") from None
    except OSError as exc:  # reading the input (the store's own errors are not raised here)
        reason = exc.strerror or str(exc).split(" (os error")[0]
        raise _InputError(f"{name}: cannot read ({reason})") from None


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
        from kgraph.resolve.identity import Identity

        self.identity = Identity(store, self.minter)

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
        workers: int = 1,
        chunk_size: int | None = None,
    ) -> IngestReport:
        """Extract and store each article in its own named graph.

        Every article is read and extracted before anything is written: a bad file
        or an article whose extraction fails stops the run with the store as it
        was. Articles are read as they are extracted (``articles`` may be a lazy
        iterable) and the extracted quads wait as N-Quads in memory (up to 64 MiB)
        or in a temporary file, so memory stays bounded however many articles come.
        Each article is then one atomic write; a failed write (a full disk, a server
        gone) stops the run with the articles written before it whole and the rest
        not written. ``progress`` is called once per article, when it is extracted
        or found unchanged. ``workers`` processes extract chunks of ``chunk_size``
        articles (:mod:`kgraph.parallel`), with the output of one.

        An article already stored by an extractor with the same fingerprint
        (version, language data, gazetteer, threshold, spaCy model) is left as it
        is; one stored by another is extracted again and replaced.
        """
        import tempfile

        import pyoxigraph as ox

        report = IngestReport()
        seen: set[str] = set()
        kept: list[str] = []  # stored graphs left as they are
        current = self.fingerprint()

        def todo() -> Iterator[Article]:
            for article in articles:
                if article.id in seen:
                    report.unchanged.append(article.title)
                    if progress:
                        progress(article)
                    continue
                seen.add(article.id)
                graph = self.minter.graph(article.id)
                if self.store.has_graph(graph) and self._stored_fingerprint(graph) == current:
                    kept.append(graph)
                    report.unchanged.append(article.title)
                    if progress:
                        progress(article)
                else:
                    yield article

        nquads = ox.RdfFormat.N_QUADS
        extracted: list[tuple[str, str, int, int]] = []  # graph, title, offset, length in the spool
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_MEMORY, prefix="kgraph-ingest-") as spool:
            try:  # 1. read and extract every article; the store is not touched
                for article, data in self._extract(todo(), workers=workers, chunk_size=chunk_size):
                    extracted.append((self.minter.graph(article.id), article.title, spool.tell(),
                                      len(data)))
                    spool.write(data)
                    if progress:
                        progress(article)
            except OSError as exc:
                raise KGraphError(f"cannot keep the extracted articles in a temporary file "
                                  f"({exc.strerror or exc}); nothing was written") from None
            stale = self.identity.unresolved(kept)
            if stale:  # stored, but not resolved by these identity rules (a crash, new rules)
                self.identity.remove(stale)
                self.identity.add(stale)
            for graph, title, offset, length in extracted:  # 2. one transaction per article
                spool.seek(offset)
                quads = list(ox.parse(spool.read(length), format=nquads))
                existed = self._put(graph, quads)
                report.quads += len(quads)
                (report.replaced if existed else report.added).append(title)
                self.store.idle()  # between articles: the store may release its caches
        return report

    def _extract(self, articles: Iterable[Article], *, workers: int = 1, chunk_size: int | None = None,
                 dask: str | None = None) -> Iterator[tuple[Article, bytes]]:
        """Each article's quads as N-Quads, in input order, extracted here, in
        ``workers`` processes or on the Dask cluster at ``dask``; identity across
        articles is resolved when they are stored (:mod:`kgraph.resolve`)."""
        from kgraph import parallel

        size = chunk_size or parallel.CHUNK_SIZE
        if dask is not None:
            settings = parallel.Settings.of(self.extractor(), self.minter)
            return parallel.extract_dask(articles, settings, dask, chunk_size=size)
        return parallel.extract(articles, self.extractor(), self.minter, workers=workers,
                                chunk_size=size)

    def extract(self, articles: Iterable[Article], *, workers: int = 1, chunk_size: int | None = None,
                dask: str | None = None) -> Iterator[tuple[Article, bytes]]:
        """Extraction with no store: ``(article, N-Quads bytes)`` per article, in input
        order, each article's own named graph (identity across articles is resolved
        by the store that loads them). Articles are read as they are extracted.
        ``workers`` processes, or the Dask scheduler at ``dask`` (``tcp://HOST:8786``),
        extract chunks of ``chunk_size`` articles (:mod:`kgraph.parallel`); the output
        is the same. ``kgraph extract`` writes it to a file.

        >>> list(KGraph.open("memory").extract([]))
        []
        """
        return self._extract(articles, workers=workers, chunk_size=chunk_size, dask=dask)

    def load(self, source: bytes | str | Path | Any, fmt: str, *, graph: str | None = None,
             name: str = "<data>", batch: int = LOAD_BATCH, optimize: bool = True) -> LoadReport:
        """Load Turtle, TriG, N-Triples or N-Quads (``source``: the data, a file's path
        or a binary stream) through Oxigraph's parser, streaming, graph by graph:
        memory holds a batch of whole graphs (or the largest graph) and what identity
        needs of each loaded article's actors and events (about 20 KB an article of
        the benchmark's), not the input.

        The quads of one graph that follow each other are gathered; when about
        ``batch`` quads of whole graphs are gathered they are written. Each named
        graph replaces the stored graph of its name; a graph that comes again later
        in the input is added to what this load wrote of it. The graphs not in the
        store are written together in one atomic bulk write (Oxigraph's bulk loader),
        the others one transaction each. Triples outside a named graph go into
        ``graph``. kgraph's identity graph in the input is left out (counted in
        ``skipped``): the loaded article graphs are resolved across articles when
        the input ends, as ``kgraph resolve`` would, all at once (in memory) when
        the store had none resolved or the load brings at least as many articles as
        it had, else article by article.

        An input that cannot be read on (a syntax error, a graph named by a blank
        node, triples outside a named graph and no ``graph``, a literal over 16 MiB)
        stops the load with a one-line error: the graphs written before it are whole
        and resolved, the ones gathered but not yet written are not written, and an
        input of fewer than ``batch`` quads writes nothing. Returns the triples
        written per graph (:class:`LoadReport`).

        With ``optimize``, a load that resolved the store all at once (it brought at
        least as many articles as the store had) then compacts the store
        (:meth:`optimize`): bulk writes leave many overlapping files, which slow every
        later look-up. A smaller load leaves that to ``kgraph optimize``.
        """
        import gc
        import itertools

        import pyoxigraph as ox

        from kgraph.export import rdf_format
        from kgraph.resolve.identity import ArticleNodes

        rformat = rdf_format(fmt)
        target = None
        if graph is not None:
            try:
                target = ox.NamedNode(graph)
            except ValueError:
                raise KGraphError(f"--graph: not an IRI: {graph!r}") from None
        report = LoadReport()
        fresh = not self.identity.resolved()  # nothing resolved: resolve all at once
        empty = not self.store.graphs()
        nodes = ArticleNodes(self.identity)
        written: dict[str, None] = {}  # graphs this load wrote, in order
        merged: set[str] = set()  # written, then more of it in a later batch
        repeated: set[str] = set()  # came again later in the input
        pending: dict[str, list] = {}
        article, identity = self.minter.is_article_graph, self.minter.identity()

        def write() -> None:
            """Write the graphs gathered, and read the nodes of their articles."""
            new = []
            for g, quads in pending.items():
                if g in written:  # again, later in the input: merged with what was written
                    merged.add(g)
                    self._add_quads(g, quads)
                elif not empty and self.store.has_graph(g):
                    if article(g) and not fresh:
                        self.identity.remove([g])
                    self.store.replace_graph(g, quads)
                else:
                    new.append(quads)
            bulk = getattr(self.store, "bulk_add", None)
            if bulk is not None and new:  # written while the next graphs are read
                bulk(itertools.chain.from_iterable(new), background=True)
            elif new:
                for quads in new:
                    self.store.replace_graph(quads[0].graph_name.value, quads)
            for g, quads in pending.items():
                report[g] = report.get(g, 0) + len(quads)
                if article(g) and g not in merged:
                    nodes.add(g, quads)
                written[g] = None
            pending.clear()
            gc.freeze()  # what was read so far lives on: the collector need not scan it again

        def start(gn: Any) -> str:
            """The name of the graph whose quads come next (``gn`` as parsed)."""
            if isinstance(gn, ox.BlankNode):
                where = _line_of_blank_graph(source, gn.value)
                raise _InputError(f"{name}: {where}a graph named by a blank node; kgraph stores "
                                  "named graphs under IRIs only: name it with an IRI")
            if not isinstance(gn, ox.DefaultGraph):
                return gn.value
            if graph is None:
                raise _InputError(f"{name}: triples outside a named graph; say where with --graph IRI")
            return graph

        def resolve() -> None:
            """Resolve the article graphs written (and any the store holds unresolved)."""
            again = {g for g in merged if article(g)}  # read whole from the store
            if self.minter.curation() in written:  # the analyst's curations changed
                self.identity._state = None
                again |= set(nodes.graphs())
            for g in sorted(again):
                nodes.add(g, self.store.quads(g))
            stored = [] if empty and fresh else self.article_graphs()  # (no wait for the last write)
            others = [g for g in stored if g not in nodes]
            if fresh or len(nodes.graphs()) >= len(others):
                for g in others:
                    nodes.add(g, self.store.quads(g))
                report.identity = self.identity.rebuild_from(nodes)
            else:
                self.identity.add(self.identity.unresolved(stored))

        size = 0
        last: Any = None
        bucket: list | None = None
        default = False
        try:
            for q in _read(source, rformat, name):
                gn = q.graph_name
                if gn != last:  # the next graph
                    last = gn
                    g = start(gn)
                    if size >= batch:
                        write()
                        size = 0
                    if g in pending or g in written:
                        repeated.add(g)
                    default = isinstance(gn, ox.DefaultGraph)
                    bucket = None if g == identity else pending.setdefault(g, [])
                if bucket is None:
                    report.skipped += 1
                    continue
                bucket.append(ox.Quad(q.subject, q.predicate, q.object, target) if default else q)
                size += 1
            write()
        except _InputError as exc:
            if written:
                resolve()
                last_graph = next(reversed(written))
                done = (f"the {len(written)} graph{'s' if len(written) > 1 else ''} before it were "
                        f"written whole and resolved (the last {last_graph}), none after them")
            else:
                done = "nothing was written"
            raise KGraphError(f"{exc}; {done}") from None
        else:
            resolve()
        finally:
            gc.unfreeze()
        getattr(self.store, "wait", lambda: None)()  # the last bulk write, done
        report.merged = sorted(repeated)
        if optimize and report.identity:
            report.optimized_s = self.optimize()
        return report

    def optimize(self) -> float | None:
        """Compact an embedded store's files so look-ups read fewer of them (see
        :meth:`kgraph.store.OxigraphStore.optimize`); the seconds it took, or None
        when there is nothing to do (a store in memory, a SPARQL server).

        >>> with KGraph.open("memory") as kg:
        ...     kg.optimize() is None
        True
        """
        import time

        start = time.perf_counter()
        if not self.store.optimize():
            return None
        return time.perf_counter() - start

    def _add_quads(self, graph: str, quads: list) -> None:
        """Add quads to a stored graph, in one transaction (one update on a server)."""
        add = getattr(self.store, "add_quads", None)
        if add is not None:
            add(quads)
            return
        import pyoxigraph as ox

        body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        self.store.update(f"INSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{ {body} }} }}")

    def _put(self, graph: str, quads: list) -> bool:
        """Write one named graph in place of the stored one, one atomic write; an
        article graph's nodes are resolved across articles as it is written (those
        of the graph it replaces forgotten first). Returns whether it was stored."""
        existed = self.store.has_graph(graph)
        article = self.minter.is_article_graph(graph)
        if article and existed:
            self.identity.remove([graph])
        self.store.replace_graph(graph, quads)
        if article:
            self.identity.add_article(graph, quads)
        return existed

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
              timeout: float | None = None, since: str | None = None,
              until: str | None = None, interruptible: bool = False) -> Rows:
        """Run a stored query (by name or ``.rq`` path) or ad-hoc SPARQL ``text``.

        Read-only unless ``update`` (a SPARQL update is refused otherwise); SERVICE
        and LOAD (they reach other servers) only with ``allow_service``; see
        :mod:`kgraph.sparqlguard` for what is checked before the store sees the text;
        ``timeout`` seconds, after which the query is stopped. ``since`` and ``until``
        (ISO dates) bind the parameters of a stored query that has dates
        (:func:`kgraph.queries.date_params`). A query's default graph is the union of
        all named graphs, so ``SELECT * WHERE { ?s ?p ?o }`` finds every triple.
        ``interruptible`` runs it in a worker thread, so Ctrl-C stops the wait at once
        (the command line does; it costs about 0.2 ms a query).
        """
        if text is not None:
            stored = parse_query("ad-hoc", text)
        elif ref:
            stored = find_query(ref)
        else:
            raise KGraphError("name a stored query, a .rq file or give the query text")
        values = dict(params or {})
        if since is not None or until is not None:
            values.update(date_params(stored, since, until, given=values))
        sparql = stored.bind(values, self.own_graphs())
        from kgraph.sparqlguard import check

        # nesting, SERVICE and LOAD are checked before any parser or store sees the text;
        # a stored query's own text is enough (bound values are RDF terms: they add no
        # structure), and it is checked once while it is unchanged
        if check(sparql if text is not None else stored.text, allow_service=allow_service):
            if not update:
                raise KGraphError("this is a SPARQL update and queries are read-only; "
                                  "run it with --update to change the store")
            if timeout is not None and isinstance(self.store, RemoteStore):
                self.store.update(sparql, timeout=timeout)
            else:
                self.store.update(sparql)
            return Rows(["result"], [["update done"]])
        if timeout is not None and isinstance(self.store, RemoteStore):
            # the server stops nothing, but kgraph stops waiting for it
            return from_result(self.store.query(sparql, timeout=timeout, union=True))
        if timeout is not None and getattr(self.store, "location", "memory") != "memory" \
                and not str(self.store.location).startswith(("http://", "https://")):
            return _query_in_child(self.store.location, sparql, timeout, union=True)
        return _evaluate(self.store, sparql, union=True, interruptible=interruptible)

    def own_graphs(self) -> dict[str, str]:
        """kgraph's own graphs in this store, as stored queries name them
        (:meth:`kgraph.queries.StoredQuery.bind`).

        >>> KGraph.open("memory").own_graphs()["identity"]
        'https://kgraph.example/id/identity/'
        """
        return {"identity": self.minter.identity()}

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

    def export(self, fmt: str = "turtle", article: str | None = None, network: str = "actors", *,
               curation: bool = True) -> bytes:
        """The whole graph or one article's named graph as RDF, or a networkx projection
        (``network``: actors or bipartite) as GraphML, GEXF or CSV; rejected facts are
        left out. ``curation``: RDF of the whole graph holds the curation graph (the
        analyst's corrections, with who, when and why)."""
        from kgraph.export import NETWORK_FORMATS, curated, export_network

        if fmt.lower() in NETWORK_FORMATS:
            if article:
                raise KGraphError(f"--article works with RDF formats, not {fmt}")
            return export_network(self.store, fmt.lower(), network)
        return curated(self.store, self.minter, fmt, self.article_graph(article) if article else None,
                       curation=curation)

    def article_graphs(self) -> list[str]:
        """The named graphs that hold articles (not the metrics graph)."""
        return [g for g in self.store.graphs() if self.minter.is_article_graph(g)]

    def validate(self):  # -> kgraph.validate.Report
        """SHACL-validate every article graph. A store whose named graphs are all
        outside this base (opened with another ``--base``) is an error, not "0 graphs:
        all conform"."""
        from kgraph.validate import validate

        graphs = self.article_graphs()
        if not graphs:
            others = [g for g in self.store.graphs() if g != self.minter.metrics()]
            if others:
                raise KGraphError(
                    f"no article graphs under the base {self.minter.base}, but {len(others)} "
                    f"other named graphs (e.g. {others[0]}): give the --base the store was written with")
        return validate(self.store, graphs)

    def remove(self, refs: Iterable[str]) -> list[str]:
        """Delete the named graphs of the articles ``refs``: each an article id, a graph
        IRI, or a file as it was ingested (every stored version of that file: an
        article edited under the same name is a new article, and the old one stays
        until removed). Every ref is looked up first, so an unknown one removes
        nothing; each graph is then removed in its own transaction. Returns the
        graphs removed.

        >>> kg = KGraph.open("memory")
        >>> kg.remove(["no-such-article"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        kgraph.errors.KGraphError: no article 'no-such-article' in the store (...)
        """
        import os

        graphs = set(self.article_graphs())
        by_file: dict[str, set[str]] = {}
        files = f"SELECT DISTINCT ?g ?f WHERE {{ GRAPH ?g {{ ?a <{_KG}sourceFile> ?f }} }}"
        for row in self.store.query(files):  # type: ignore[attr-defined]
            by_file.setdefault(row["f"].value, set()).add(row["g"].value)

        def same_file(recorded: str, ref: str) -> bool:
            if os.path.normpath(recorded) == os.path.normpath(ref):
                return True
            try:
                return Path(recorded).resolve() == Path(ref).resolve()
            except (OSError, RuntimeError, ValueError):
                return False

        found: list[str] = []
        for ref in refs:
            matches = {g for g in (ref, self.minter.graph(ref)) if g in graphs}
            for recorded, stored in by_file.items():
                if same_file(recorded, ref):
                    matches |= stored & graphs
            if not matches:
                raise KGraphError(f"no article {ref!r} in the store (give its id, graph IRI or "
                                  "file as ingested)")
            found += sorted(matches - set(found))
        for graph in found:
            self.identity.remove([graph])
            self.store.remove_graph(graph)
        return found

    def curator(self):  # -> kgraph.curate.Curator
        """The analyst's corrections of this store (``kgraph curate``)."""
        from kgraph.curate import Curator

        return Curator(self.store, self.minter, self.identity)

    def resolve(self) -> dict[str, int]:
        """Resolve identity across the whole store again (``kgraph resolve``): the same
        result as resolving each article as it was ingested, in any order."""
        return self.identity.rebuild()

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
        all), with every node's and edge's evidence for the page's panel.
        """
        from kgraph.project import bipartite
        from kgraph.select import filter_graph
        from kgraph.view import render_map

        G = filter_graph(bipartite(self.store, evidence_items=True), since=since, until=until,
                         focus=focus, depth=depth, event_types=event_types)
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

        G = filter_graph(bipartite(self.store, evidence_items=True), since=since, until=until,
                         focus=actor, depth=1)
        return render_timeline(G, path, title=title)
