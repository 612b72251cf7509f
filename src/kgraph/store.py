"""Where the graph lives. Callers see :class:`GraphStore`; behind it sits an embedded
on-disk Oxigraph store (the default), an in-memory one, or later a SPARQL 1.1 server.

>>> s = open_store("memory")
>>> from pyoxigraph import Literal, NamedNode, Quad
>>> g = "http://x/graph/1"
>>> s.replace_graph(g, [Quad(NamedNode("http://x/a"), NamedNode("http://x/p"), Literal("v"),
...                          NamedNode(g))])
>>> s.has_graph(g), s.count_triples()
(True, 1)
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kgraph.errors import KGraphError
from kgraph.namespace import PREFIXES

__all__ = ["GraphStore", "OxigraphStore", "RemoteStore", "default_location", "open_store", "redact",
           "select"]

# ``scheme://`` at the start of a store location: a URL, not a folder.
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
DEFAULT_HTTP_TIMEOUT = 300.0
#: Bytes of data written to an embedded store between two flushes of its memory
#: tables to disk. Oxigraph gives RocksDB a 512 MiB memory-table budget per column
#: family, so a long ingest without flushes grows by about 0.3 MB per article and
#: its reads and writes slow down as the tables grow (``benchmarks/identity.py``).
#: A quad takes about three times this estimate in the memory tables (one entry in
#: each of Oxigraph's indexes), so 8 MiB here holds them near 30 MiB.
FLUSH_EVERY = 8 * 1024 * 1024
_QUAD_BYTES = 200  # a quad as data written, for the budget


def redact(url: str) -> str:
    """The URL with its user name and password (if any) replaced by ``***``, for messages.

    >>> redact("http://ann:s3cret@db.example:7878/ds")
    'http://***@db.example:7878/ds'
    >>> redact("http://db.example/ds"), redact("out/store")
    ('http://db.example/ds', 'out/store')
    """
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^@]*@", r"\1***@", url, flags=re.S)


def storage_error(exc: BaseException, location: str | None = None, *,
                  writing: bool = True) -> KGraphError | None:
    """The one-line error for a failure of the embedded store's storage (a corrupted
    folder, a full disk, another I/O error) while ``writing`` or reading, or None when
    ``exc`` is not one.

    >>> str(storage_error(RuntimeError("Corruption: bad block"), "out/store"))[:55]
    'store out/store is corrupted (Corruption: bad block): r'
    >>> str(storage_error(OSError(28, "No space left on device"), "out/store"))
    'cannot write to store out/store: No space left on device (the articles stored before are whole)'
    >>> storage_error(ValueError("x")) is None
    True
    """
    where = f"store {redact(location)}" if location else "the store"
    text = _short_error(exc) if str(exc) else type(exc).__name__
    if isinstance(exc, RuntimeError) and text.startswith("Corruption"):
        return KGraphError(f"{where} is corrupted ({text}): restore it from a backup, "
                           "or ingest again into a new folder")
    if isinstance(exc, OSError) and not isinstance(exc, (TimeoutError, ConnectionError)):
        reason = exc.strerror or text
        if not writing:
            return KGraphError(f"cannot read {where}: {reason}")
        return KGraphError(f"cannot write to {where}: {reason} (the articles stored before are whole)")
    return None


def _http_timeout() -> float:
    """``KGRAPH_HTTP_TIMEOUT`` seconds (default 300): how long to wait for a SPARQL server."""
    value = os.environ.get("KGRAPH_HTTP_TIMEOUT", "").strip()
    if not value:
        return DEFAULT_HTTP_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise KGraphError(f"KGRAPH_HTTP_TIMEOUT: want a number of seconds above 0, got {value!r}")
    return seconds


def _short_error(exc: Exception, limit: int = 160) -> str:
    """The first line of a parser error, without its long list of expected tokens.

    >>> _short_error(SyntaxError('error at 1:21: expected one of "!", "$", "("'))
    'error at 1:21: expected one of "!", "$", "("'
    """
    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def default_location() -> str:
    """``KGRAPH_STORE``, else ``$XDG_DATA_HOME/kgraph/store`` (``~/.local/share/...``)."""
    env = os.environ.get("KGRAPH_STORE")
    if env:
        return env
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "kgraph" / "store")


class GraphStore(Protocol):
    """What every store offers. Queries return pyoxigraph result objects."""

    location: str

    def query(self, sparql: str, *, union: bool = False) -> object: ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None: ...

    def remove_graph(self, graph: str) -> None: ...

    def has_graph(self, graph: str) -> bool: ...

    def graphs(self) -> list[str]: ...

    def count_triples(self) -> int: ...

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes: ...

    def close(self) -> None: ...

    def idle(self) -> None: ...

    def optimize(self) -> bool: ...


class _Counts:
    """Counts through SPARQL, the same on every store."""

    def query(self, sparql: str, *, union: bool = False) -> object:
        raise NotImplementedError

    def count_triples(self) -> int:
        """Distinct triples over all named graphs (what a Turtle export holds)."""
        result = self.query("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(result))["n"].value)  # type: ignore[call-overload]

    def count_quads(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(result))["n"].value)  # type: ignore[call-overload]


class OxigraphStore(_Counts):
    """An embedded Oxigraph store: on disk at ``location``, or in memory for ``"memory"``.

    Each write is one transaction: a reader never sees half an article.
    """

    def __init__(self, location: str, *, read_only: bool = False) -> None:
        self.location = location
        self.read_only = read_only
        self._unflushed = 0  # bytes written since the last flush
        self._settle = False  # flushed since the store was last opened: idle() opens it again
        self._loading: Any = None  # a bulk write going on in the background (a thread)
        self._failed: BaseException | None = None  # how it ended, if it failed
        try:
            if location == "memory":
                self._db = ox.Store()
            elif read_only:
                if not Path(location).is_dir():
                    raise KGraphError(f"no store at {location}: run 'kgraph ingest' first")
                self._db = ox.Store.read_only(location)
            else:
                Path(location).parent.mkdir(parents=True, exist_ok=True)
                self._db = ox.Store(location)
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise KGraphError(
                    f"store {location} is in use by another kgraph process; try again when it ends"
                ) from None
            raise KGraphError(f"cannot open store {location}: {message.splitlines()[0]}") from None
        except RuntimeError as exc:  # RocksDB's "Corruption: ..."
            raise storage_error(exc, location) or exc from None

    @property
    def _store(self) -> ox.Store:
        """The pyoxigraph store, once the bulk write going on (if any) is done: every
        read and write sees the store as the writes before it left it."""
        self.wait()
        return self._db

    def wait(self) -> None:
        """Wait for the bulk write going on in the background (:meth:`bulk_add`), and
        raise its error if it failed."""
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.join()
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def query(self, sparql: str, *, union: bool = False) -> object:
        """Run a SPARQL query (never an update); with ``union``, its default graph is
        the union of all named graphs."""
        try:
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)
        except SyntaxError as exc:
            raise KGraphError(f"SPARQL syntax {_short_error(exc)}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update, in one transaction."""
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise KGraphError(f"SPARQL syntax {_short_error(exc)}") from None
        except (OSError, RuntimeError) as exc:
            # the store's own storage (a full disk, corruption), or else what the update
            # asked for that failed (a LOAD from a server that answers 500)
            local = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) is not None
            raise (storage_error(exc, self.location) if local else None) or KGraphError(
                f"update failed: {_short_error(exc)}") from None
        self._wrote(len(sparql))

    def _wrote(self, size: int) -> None:
        """Count ``size`` bytes written; past :data:`FLUSH_EVERY`, flush the memory
        tables to disk, so memory and the cost of each read stay bounded however
        long the run (a flush writes what was written since the last one: its cost
        does not grow with the store)."""
        self._unflushed += size
        if self._unflushed >= FLUSH_EVERY:
            self._unflushed = 0
            self._flush()
            self._settle = True

    def idle(self) -> None:
        """A pause between writes, with no query's rows still being read: after a
        flush, close the store and open it again. Oxigraph keeps RocksDB's block
        caches (128 MiB for its term dictionary alone) for as long as a store is open,
        and pyoxigraph sets no limit on them, so a long ingest that reads while it
        writes grew with the store; opened again every few megabytes written, the
        caches start empty again (peak RSS of writing 1,000 / 2,500 articles 294 / 406
        MB before, 159 / 216 MB after). The operating system's page cache keeps the
        files' pages, so reads stay fast."""
        if not self._settle or self.location == "memory" or self.read_only:
            return
        self.wait()
        if sys.getrefcount(self._db) > 2:  # held elsewhere too: it would stay open
            return
        self._settle = False
        self._flush()
        self._db = None  # the only reference: RocksDB releases its lock and memory
        try:
            self._db = ox.Store(self.location)
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or KGraphError(
                f"cannot open store {self.location} again: {str(exc).splitlines()[0]}") from None

    def _flush(self) -> None:
        """Write the memory tables of a store on disk to disk."""
        if self.location == "memory" or self.read_only:
            return
        try:
            self._store.flush()
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or exc from None

    def optimize(self) -> bool:
        """Compact the store's files (RocksDB's full compaction, through pyoxigraph's
        ``Store.optimize``): what bulk writes left as many overlapping files becomes a
        few sorted ones, so each index look-up reads fewer of them. On the query
        benchmark's store of 1M quads written by ``kgraph load`` (43 files, 14 after
        2.4 s), name look-ups took 35 to 45% less time and whole listings 15 to 25%
        less. Returns whether there was anything to compact (an in-memory or
        read-only store has not).

        >>> open_store("memory").optimize()
        False
        """
        if self.location == "memory" or self.read_only:
            return False
        try:
            self._store.optimize()
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or exc from None
        return True

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Drop ``graph`` and write ``quads`` in its place, in one transaction. A failed
        write (a full disk, a corrupted store) leaves the graph as it was."""
        node = ox.NamedNode(graph)
        quads = [ox.Quad(q.subject, q.predicate, q.object, node) for q in quads]
        try:
            if not self._store.contains_named_graph(node):
                self._store.extend(quads)  # one transaction: all of the graph or none of it
            else:
                body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                # One SPARQL update is one transaction: the old graph is never half replaced.
                self._store.update(f"DROP SILENT GRAPH {node} ; INSERT DATA {{ GRAPH {node} {{ {body} }} }}")
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or exc from None
        self._wrote(len(quads) * _QUAD_BYTES)

    def bulk_add(self, quads: Iterable[ox.Quad], *, background: bool = False) -> None:
        """Add quads through Oxigraph's bulk loader, in one atomic write: pyoxigraph
        0.5 writes them to new files and adds the files to the store in one step at
        the end, so a failure adds none of them. Several times faster than a
        transaction, but it neither reads nor replaces what is stored: for graphs that
        are not in the store (see :meth:`replace_graph` for the others). Oxigraph
        holds up to a million quads in memory at once: give fewer.

        With ``background``, the quads are written while the caller goes on (a
        thread that does not hold Python's lock): the next use of the store waits
        for them, and raises the write's error if it failed (:meth:`wait`).

        >>> s = open_store("memory")
        >>> g = ox.NamedNode("http://x/g")
        >>> s.bulk_add([ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("v"), g)],
        ...            background=True)
        >>> s.graphs()
        ['http://x/g']
        """
        self.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), background=background)

    def bulk_load(self, data: bytes, *, background: bool = False) -> None:
        """:meth:`bulk_add` for quads written as N-Quads already (by kgraph, so valid:
        they are read leniently).

        >>> s = open_store("memory")
        >>> s.bulk_load(b'<http://x/a> <http://x/p> "v" <http://x/g> .\\n')
        >>> s.count_quads()
        1
        """
        import threading

        self.wait()
        if not background:
            self._bulk(data)
            return

        def run() -> None:
            try:
                self._bulk(data)
            except BaseException as exc:  # raised by wait(), in the caller's thread
                self._failed = exc

        self._loading = threading.Thread(target=run, name="kgraph-bulk-load")
        self._loading.start()

    def _bulk(self, data: bytes) -> None:
        try:
            self._db.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or exc from None

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to what is stored (named graphs as they say), in one transaction."""
        quads = list(quads)
        try:
            self._store.extend(quads)
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or exc from None
        self._wrote(len(quads) * _QUAD_BYTES)

    def quads(self, graph: str) -> Iterable[ox.Quad]:
        """The quads of one named graph, as they are read."""
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    def remove_graph(self, graph: str) -> None:
        """Drop ``graph``, in one transaction."""
        try:
            self._store.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
        except (OSError, RuntimeError) as exc:
            raise storage_error(exc, self.location) or exc from None

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        """Serialise one named graph, or everything (graph formats get the union)."""
        if graph is not None:
            if not self.has_graph(graph):
                raise KGraphError(f"no graph {graph} in the store")
            node = ox.NamedNode(graph)
            if fmt.supports_datasets:  # keep the graph name
                quads = self._store.quads_for_pattern(None, None, None, node)
                return ox.serialize(quads, format=fmt, prefixes=PREFIXES)
            return self._store.dump(format=fmt, from_graph=node, prefixes=PREFIXES)
        if fmt.supports_datasets:
            return self._store.dump(format=fmt, prefixes=PREFIXES)
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return ox.serialize(dict.fromkeys(triples), format=fmt, prefixes=PREFIXES)

    def close(self) -> None:
        if hasattr(self, "_db"):
            try:
                self.wait()
                self._flush()
            finally:
                del self._db


#: The query forms and what to ask a server for: results as SPARQL JSON, graphs as N-Triples.
_ACCEPT: dict[str | None, str] = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples, text/plain;q=0.5",
    "DESCRIBE": "application/n-triples, text/plain;q=0.5",
    None: "application/sparql-results+json, application/n-triples;q=0.9",
}
# A query's prologue (white space, comments, BASE and PREFIX declarations), then its form.
_FORM = re.compile(r"(?:\s|#[^\n]*+|BASE\s*+<[^>]*+>|PREFIX\s*+[^\s:]*+:\s*+<[^>]*+>)*+"
                   r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# What a blank node's label may be in the results kgraph reads (N-Triples' own rule, ASCII).
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.)")


def _query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query (None if not a query).

    >>> _query_form("PREFIX ex: <http://x/> # the count\\nselect (COUNT(*) AS ?n) { ?s ?p ?o }")
    'SELECT'
    >>> _query_form("ASK {}"), _query_form("INSERT DATA {}")
    ('ASK', None)
    """
    match = _FORM.match(sparql)
    return match.group(1).upper() if match else None


def _parse_results(body: bytes) -> object:
    """SPARQL JSON results as pyoxigraph objects. A blank node label that is not one
    in SPARQL (``nodeID://b10002``) is replaced by a hash of it: the same node gets
    the same label in every answer.

    >>> rows = _parse_results(b'{"head": {"vars": ["x"]}, "results": {"bindings": '
    ...                       b'[{"x": {"type": "bnode", "value": "nodeID://b1"}}]}}')
    >>> [r["x"].value for r in rows]
    ['bfb0b4507dd5ea16e']
    """
    if b'"bnode"' in body:  # (rows are parsed as they are read: check the labels first)
        import hashlib
        import json

        data = json.loads(body)
        bad = [term for row in data.get("results", {}).get("bindings", []) for term in row.values()
               if term.get("type") == "bnode" and not _BNODE_LABEL.fullmatch(str(term.get("value")))]
        for term in bad:
            term["value"] = "b" + hashlib.sha256(str(term["value"]).encode("utf-8")).hexdigest()[:16]
        if bad:
            body = json.dumps(data).encode("utf-8")
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)


def _as_form(result: object, form: str | None) -> object:
    """The answer to an ASK as a boolean, also when the server sent it as a table of one
    cell (1 or true) or of no rows; other answers as they are.

    >>> table = _parse_results(b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": '
    ...     b'{"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}}')
    >>> bool(_as_form(table, "ASK"))
    True
    """
    if form != "ASK" or not isinstance(result, ox.QuerySolutions):
        return result
    cells = [term for row in result for term in row if term is not None]
    answer = len(cells) == 1 and cells[0].value.strip().lower() in ("1", "true")
    return ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if answer else b"false"),
                                  format=ox.QueryResultsFormat.JSON)


class RemoteStore(_Counts):
    """A SPARQL 1.1 server: Query and Update protocols, and the Graph Store Protocol
    for whole graphs. ``location`` is the dataset's base URL; the endpoints are
    ``<base>/query``, ``<base>/update`` and ``<base>/store`` (Oxigraph's layout; set
    ``KGRAPH_GSP_PATH=data`` for Fuseki). A URL ending in ``/sparql`` names a server's
    one endpoint for queries and updates (Virtuoso's layout); its base is the URL
    without ``/sparql`` (``KGRAPH_GSP_PATH=sparql-graph-crud`` for Virtuoso). Each
    article is one request: the server replaces its graph whole or not at all.

    >>> s = RemoteStore("http://db.example:8890/sparql")
    >>> s.query_url == s.update_url == "http://db.example:8890/sparql", s.base
    (True, 'http://db.example:8890')

    A user name and password in the URL (``http://user:pass@host/``) are sent as HTTP
    Basic authentication and never shown: ``location`` and every message carry the URL
    without them. Each request waits at most ``timeout`` seconds for the server (default
    ``KGRAPH_HTTP_TIMEOUT``, else 300).
    """

    def __init__(self, location: str, *, read_only: bool = False, timeout: float | None = None) -> None:
        import base64
        from urllib.parse import unquote, urlsplit, urlunsplit

        try:
            parts = urlsplit(location)
            host, port = parts.hostname, parts.port
        except ValueError as exc:
            raise KGraphError(f"--store: not a valid URL: {redact(location)} ({exc})") from None
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise KGraphError(f"--store: not a valid http(s) URL: {redact(location)}")
        netloc = f"[{host}]" if ":" in host else host
        netloc += f":{port}" if port is not None else ""
        self._auth: str | None = None
        if parts.username is not None or parts.password is not None:
            userinfo = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
            self._auth = "Basic " + base64.b64encode(userinfo.encode("utf-8")).decode("ascii")
        clean = urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, ""))
        self.location = clean
        self.read_only = read_only
        base = clean.rstrip("/")
        if base.endswith("/sparql"):  # one endpoint for queries and updates
            self.query_url = self.update_url = base
            base = base.removesuffix("/sparql")
        else:
            base = base.removesuffix("/query")
            self.query_url, self.update_url = f"{base}/query", f"{base}/update"
        self.base = base
        self.gsp = f"{base}/{os.environ.get('KGRAPH_GSP_PATH', 'store').strip('/')}"
        self.timeout = timeout if timeout is not None else _http_timeout()

    def _request(self, url: str, *, data: bytes | None = None, method: str = "GET",
                 headers: dict[str, str] | None = None, timeout: float | None = None,
                 query: bool = False) -> tuple[bytes, str]:
        """One HTTP request; the answer's body and content type. ``query``: a 400 is a
        SPARQL syntax error, told in lines of the user's text (without the prologue)."""
        import http.client
        import urllib.error
        import urllib.request

        headers = dict(headers or {})
        if self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        wait = self.timeout if timeout is None else timeout
        try:
            with urllib.request.urlopen(req, timeout=wait) as resp:
                return resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = body[0][:200] if body else exc.reason
            if exc.code == 400 and query:
                # our prefix line comes first: give the position in the user's text
                # (Oxigraph: "error at LINE:COLUMN", Virtuoso: "line LINE:")
                detail = re.sub(r"^(error at |.*?\bline )(\d+)(?=:)",
                                lambda m: f"{m.group(1)}{max(int(m.group(2)) - 1, 1)}", detail, count=1)
                raise KGraphError(f"SPARQL syntax {detail}") from None
            raise KGraphError(f"SPARQL server answered {exc.code} for {url}: {detail}") from None
        except TimeoutError:
            raise KGraphError(self._late(wait)) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise KGraphError(self._late(wait)) from None
            raise KGraphError(f"cannot reach the SPARQL server at {self.base}: {reason}") from None
        except (http.client.HTTPException, ValueError) as exc:
            raise KGraphError(f"the SPARQL server at {self.base} sent a broken answer "
                              f"({type(exc).__name__})") from None

    def _late(self, wait: float) -> str:
        return (f"the SPARQL server at {self.base} did not answer within {wait:g} s "
                "(--timeout, or KGRAPH_HTTP_TIMEOUT for every request)")

    def query(self, sparql: str, *, timeout: float | None = None, union: bool = False) -> object:
        """Run a query on the server; results come back as pyoxigraph objects.
        ``timeout``: seconds to wait for this one (default: the store's). ``union``
        asks for the union of all named graphs as the default graph with Oxigraph's
        ``union-default-graph`` parameter (other servers ignore it: configure theirs,
        e.g. Fuseki's ``tdb2:unionDefaultGraph``; Virtuoso's default graph is the
        union already).

        The query goes as an HTML form (the protocol's one POST every server takes),
        asking for the results format of its form: a table (or a boolean) as SPARQL
        JSON, a graph as N-Triples. An ASK answered as a one-cell table comes back
        as a boolean."""
        from urllib.parse import urlencode

        prologue = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"
        fields = {"query": prologue + sparql}
        if union:
            fields["union-default-graph"] = ""
        form = _query_form(sparql)
        body, ctype = self._request(
            self.query_url, data=urlencode(fields).encode("ascii"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": _ACCEPT.get(form, _ACCEPT[None])},
            timeout=timeout, query=True,
        )
        try:
            if "n-triples" in ctype or "text/plain" in ctype:
                return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            return _as_form(_parse_results(body), form)
        except (SyntaxError, ValueError) as exc:
            raise KGraphError(f"the SPARQL server at {self.base} sent results kgraph cannot read: "
                              f"{_short_error(exc)}") from None

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        if self.read_only:
            raise KGraphError("the store is open read-only")
        self._request(self.update_url, data=sparql.encode("utf-8"), method="POST",
                      headers={"Content-Type": "application/sparql-update"}, timeout=timeout)

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """PUT the graph through the Graph Store Protocol: one atomic request."""
        if self.read_only:
            raise KGraphError("the store is open read-only")
        from urllib.parse import quote

        body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self._request(f"{self.gsp}?graph={quote(graph, safe='')}", data=body, method="PUT",
                      headers={"Content-Type": "application/n-triples"})

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def has_graph(self, graph: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"))

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(sol["g"].value for sol in rows)  # type: ignore[attr-defined]

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        """Every quad (of one graph, or of all named graphs), fetched with one query."""
        where = f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        select = "?s ?p ?o" if graph else "?s ?p ?o ?g"
        rows = self.query(f"SELECT {select} WHERE {{ {where} }}")
        name = ox.NamedNode(graph) if graph else None
        return [ox.Quad(r["s"], r["p"], r["o"], name or r["g"]) for r in rows]  # type: ignore[attr-defined]

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        """Serialise one named graph, or everything (graph formats get the union)."""
        if graph is not None and not self.has_graph(graph):
            raise KGraphError(f"no graph {graph} in the store")
        quads = self.quads(graph)
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt, prefixes=PREFIXES)
        return ox.serialize(dict.fromkeys(q.triple for q in quads), format=fmt, prefixes=PREFIXES)

    def close(self) -> None:
        """Nothing to release: every call is its own HTTP request."""

    def idle(self) -> None:
        """A pause between writes: nothing to release (see :meth:`OxigraphStore.idle`)."""

    def optimize(self) -> bool:
        """Nothing to do: a server manages its own storage (Virtuoso and Fuseki
        compact as they go; see :meth:`OxigraphStore.optimize`).

        >>> RemoteStore("http://db.example:8890/sparql").optimize()
        False
        """
        return False


def select(source: Any, sparql: str) -> list[dict[str, str | None]]:
    """The solutions of a SELECT on a store (or a pyoxigraph ``Store``), each a dict of
    the lexical values of its variables (None when unbound).

    >>> select(open_store("memory"), "SELECT ?x WHERE { VALUES ?x { 1 } }")
    [{'x': '1'}]
    """
    result = source.query(sparql)
    names = [v.value for v in result.variables]
    return [{n: (None if row[n] is None else row[n].value) for n in names} for row in result]


def open_store(location: str | None = None, *, read_only: bool = False) -> OxigraphStore | RemoteStore:
    """Open the store at ``location``: a folder, ``memory``, or the URL of a SPARQL 1.1
    server (``http://`` or ``https://``, in any case); default :func:`default_location`.
    Any other ``scheme://`` is refused rather than taken for a folder name.

    >>> open_store("ftp://db.example/ds")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kgraph.errors.KGraphError: --store: unknown URL scheme 'ftp' in ftp://db.example/ds; ...
    """
    location = location or default_location()
    url = _URL.match(location)
    if url:
        if url.group(1).lower() not in ("http", "https"):
            raise KGraphError(f"--store: unknown URL scheme {url.group(1)!r} in {redact(location)}; "
                              "give a folder, 'memory' or an http(s):// URL of a SPARQL server")
        return RemoteStore(location, read_only=read_only)
    return OxigraphStore(location, read_only=read_only)
