"""Extraction on every core, or on a Dask cluster, with the output of one process.

Extraction is per article, so a corpus is cut into chunks of ``chunk_size`` articles
(:func:`chunks`) and each chunk is one task: ``Extractor.extract_many`` over it, then
each article's quads as N-Quads bytes. Tasks run in worker processes
(:func:`extract`, ``kgraph ingest/extract --workers N``) or on a Dask cluster
(:func:`extract_dask`, ``kgraph extract --dask ADDRESS``); results come back in input
order, and every article is extracted exactly as one process would (same chunks, same
batches, same settings), so the N-Quads are identical byte for byte.

Articles are read as tasks are handed out and at most a few chunks per worker wait
in memory, so memory stays bounded however long the input. A worker loads the spaCy
pipeline once (a process-wide cache) and checks that its extractor's fingerprint is
the caller's: a worker with other language data, gazetteer or model refuses to
extract rather than write different facts.

>>> [len(c) for c in chunks(range(5), 2)]
[2, 2, 1]
>>> default_workers() >= 1
True
"""

from __future__ import annotations

import itertools
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from kgraph.errors import KGraphError
from kgraph.model import Article

__all__ = ["CHUNK_SIZE", "Settings", "chunks", "default_workers", "extract", "extract_chunk",
           "extract_dask", "run_chunk"]

#: Articles per task: one ``nlp.pipe`` batch of ``Extractor.extract_many``.
CHUNK_SIZE = 16
#: Tasks handed out ahead of the one whose results are awaited, per worker.
AHEAD = 2

T = TypeVar("T")


def default_workers() -> int:
    """The number of cores this process may run on (``os.process_cpu_count()`` where
    Python has it, else the CPU affinity mask, else ``os.cpu_count()``)."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return max(1, count() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class Settings:
    """What a worker needs to extract exactly as the caller would: the extractor's
    settings, the IRI base, the caller's extractor fingerprint (checked) and the
    longest text allowed (``KGRAPH_MAX_CHARS`` of the caller)."""

    gazetteer: bool
    model: str
    min_confidence: float
    base: str
    fingerprint: str
    max_chars: int

    @classmethod
    def of(cls, extractor: Any, minter: Any) -> Settings | None:
        """The settings of kgraph's own ``Extractor``; None for any other extractor
        object (which cannot be rebuilt in another process)."""
        from kgraph.extract.pipeline import Extractor
        from kgraph.sources import max_chars

        if type(extractor) is not Extractor:
            return None
        return cls(extractor.gazetteer, extractor.model_name, float(extractor.min_confidence),
                   minter.base, extractor.fingerprint, max_chars())


# --------------------------------------------------------------- one chunk
def run_chunk(extractor: Any, minter: Any, articles: list[Article]) -> list[bytes]:
    """Each article's quads (its own named graph) as N-Quads bytes, in order."""
    import pyoxigraph as ox

    from kgraph.rdf import to_quads

    nquads = ox.RdfFormat.N_QUADS
    return [ox.serialize(to_quads(x, minter), format=nquads)
            for x in extractor.extract_many(articles)]


_state: dict[Settings, tuple[Any, Any]] = {}
_lock = threading.Lock()  # a Dask worker may run tasks in several threads: one at a time


def _worker(settings: Settings) -> tuple[Any, Any]:
    """This process's extractor and minter for ``settings`` (made once)."""
    if settings not in _state:
        from kgraph.extract.pipeline import Extractor
        from kgraph.iri import Minter

        extractor = Extractor(gazetteer=settings.gazetteer, model=settings.model,
                              min_confidence=settings.min_confidence)
        if extractor.fingerprint != settings.fingerprint:
            raise KGraphError(
                f"an extraction worker (pid {os.getpid()}) has another extractor fingerprint "
                f"({extractor.fingerprint}, not {settings.fingerprint}): install the same kgraph, "
                f"language data and spaCy pipeline {settings.model} everywhere")
        extractor.nlp.max_length = max(extractor.nlp.max_length, settings.max_chars)
        _state[settings] = extractor, Minter(settings.base)
    return _state[settings]


def extract_chunk(settings: Settings, articles: list[Article]) -> list[bytes]:
    """One task, in a worker process or on a Dask worker: :func:`run_chunk` with
    this process's extractor for ``settings``."""
    with _lock:
        extractor, minter = _worker(settings)
        return run_chunk(extractor, minter, articles)


# --------------------------------------------------------------- in order
def _in_order(submit: Any, result: Any, parts: Iterator[list[Article]],
              ahead: int) -> Iterator[tuple[Article, bytes]]:
    """Hand out chunks with ``submit(chunk) -> future``, keeping ``ahead`` of them in
    flight, and yield ``(article, nquads)`` in input order (``result(future)`` waits)."""
    pending: deque[tuple[list[Article], Any]] = deque()

    def fill() -> None:
        while len(pending) < ahead:
            chunk = next(parts, None)
            if chunk is None:
                return
            pending.append((chunk, submit(chunk)))

    fill()
    while pending:
        chunk, future = pending.popleft()
        data = result(future)
        fill()  # the workers go on while the caller takes this chunk
        yield from zip(chunk, data, strict=True)


def extract(articles: Iterable[Article], extractor: Any, minter: Any, *, workers: int = 1,
            chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[Article, bytes]]:
    """``(article, N-Quads bytes)`` for each article, in input order, extracted in
    ``workers`` processes (spawned; each loads the pipeline once). One worker, input
    that fits in one chunk, or an extractor that is not kgraph's own ``Extractor`` runs
    in this process with ``extractor``. A worker that dies stops the run with a
    one-line error.

    >>> from kgraph.iri import Minter
    >>> list(extract([], None, Minter()))
    []
    """
    if chunk_size < 1:
        raise KGraphError(f"the chunk size must be at least 1, not {chunk_size}")
    parts: Iterator[list[Article]] = chunks(articles, chunk_size)
    settings = Settings.of(extractor, minter) if workers > 1 else None
    if settings is not None:
        head = list(itertools.islice(parts, 2))
        parts = itertools.chain(head, parts)
        if len(head) > 1:  # one chunk is done sooner here than workers start
            yield from _pool(settings, parts, workers)
            return
    for chunk in parts:
        yield from zip(chunk, run_chunk(extractor, minter, chunk), strict=True)


def _pool(settings: Any, parts: Iterator[list[Article]], workers: int) -> Iterator[tuple[Article, bytes]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    done = False
    try:
        yield from _in_order(lambda chunk: pool.submit(extract_chunk, settings, chunk),
                             lambda future: future.result(), parts, AHEAD * workers)
        done = True
    except BrokenProcessPool:
        raise KGraphError("an extraction worker process died (out of memory, or killed)") from None
    finally:
        pool.shutdown(wait=done, cancel_futures=True)


# --------------------------------------------------------------- Dask
def extract_dask(articles: Iterable[Article], settings: Settings | None, address: str, *,
                 chunk_size: int = CHUNK_SIZE, timeout: float = 10.0) -> Iterator[tuple[Article, bytes]]:
    """Like :func:`extract`, with each chunk a task on the Dask cluster whose scheduler
    is at ``address`` (``tcp://host:8786``). Every Dask worker needs kgraph and the same
    spaCy pipeline installed; run them with one thread each (``dask worker ADDRESS
    --nthreads 1 --nworkers N``): a worker process extracts one chunk at a time."""
    if settings is None:
        raise KGraphError("--dask needs kgraph's own extractor")
    if chunk_size < 1:
        raise KGraphError(f"the chunk size must be at least 1, not {chunk_size}")
    try:
        from distributed import Client
    except ImportError:
        raise KGraphError("--dask needs Dask: pip install 'kgraph[dask]'") from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KGraphError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        yield from _in_order(
            lambda chunk: client.submit(extract_chunk, settings, chunk, pure=False),
            lambda future: future.result(), chunks(articles, chunk_size), AHEAD * threads)
    finally:
        client.close()
