"""``kgraph load`` at scale: time and peak memory of loading N-Quads of synthetic
articles into a fresh store, with the loaded articles resolved across articles.

    .venv/bin/python benchmarks/load.py [--sizes 1000000 10000000] [--json OUT]
        [--work DIR] [--no-reference]

The data is kgraph's own RDF (``kgraph.rdf.to_quads``) of the synthetic extractions
of ``benchmarks/store.py`` (about 1,380 quads per article, actors from a pool of
5,000). Each size's file is written once, by child processes streaming to it, and
kept in ``--work`` (default ``$TMPDIR/kgraph-bench-load``) for the next run. Then
``kgraph load FILE`` runs in a child process on a fresh store; its peak RSS is that
child's own (``ru_maxrss`` from ``wait4``). Its time includes the compaction of the
store at the end (``kgraph optimize``), also reported apart. A store query checks the result: the
articles are there, every article node has its real-world node, and a stored query
finds the events of an actor of the first article's first event. For comparison,
the same file goes through pyoxigraph's own bulk loader (``Store.bulk_load``, no
grouping, no identity) in another child, whole (a million quads at a time per core,
gigabytes of memory) and 100,000 quads at a time (as kgraph writes, to stay within
its memory): what the engine alone costs on this machine at this moment.

Targets (issue 12): at 10M quads, peak RSS <= 600 MB and <= 12.8 s per million
quads (5x faster than the 64 s per million of the load before it streamed). The
machine's load average is saved with the figures: others' work slows the run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

BEFORE_S_PER_MILLION = 64.0  # kgraph load before it streamed (no identity at load then)
TARGET_S_PER_MILLION = BEFORE_S_PER_MILLION / 5
TARGET_RSS_MB = 600.0
ARTICLES_PER_CHUNK = 50
KG = "https://kgraph.example/ns#"


# ------------------------------------------------------------------ the data
def _chunk(bounds: tuple[int, int]) -> tuple[bytes, int]:
    """N-Quads of the synthetic articles ``range(*bounds)`` and their quad count."""
    import pyoxigraph as ox
    from store import synthetic_extraction

    from kgraph.iri import Minter
    from kgraph.rdf import to_quads

    minter = Minter()
    quads = [q for i in range(*bounds) for q in to_quads(synthetic_extraction(i), minter)]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS), len(quads)


def nquads_file(work: Path, articles: int) -> tuple[Path, dict]:
    """The N-Quads file of ``articles`` synthetic articles, written if it is not
    there yet (by all cores, in article order, through a temporary name)."""
    path = work / f"load-{articles}.nq"
    meta = path.with_suffix(".json")
    if path.is_file() and meta.is_file():
        return path, json.loads(meta.read_text())
    work.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    chunks = [(i, min(i + ARTICLES_PER_CHUNK, articles)) for i in range(0, articles, ARTICLES_PER_CHUNK)]
    t = time.perf_counter()
    quads = 0
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(os.cpu_count() or 1) as pool, part.open("wb") as out:
        for data, count in pool.imap(_chunk, chunks):
            out.write(data)
            quads += count
    part.rename(path)
    info = {"articles": articles, "quads": quads, "bytes": path.stat().st_size,
            "generated_s": round(time.perf_counter() - t, 1)}
    meta.write_text(json.dumps(info))
    return path, info


# ------------------------------------------------------------------ measuring
def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _child(args: list[str]) -> dict[str, Any]:
    """Run a command; its wall time, peak RSS (its own) and output."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime,
            "stdout": out.decode(), "stderr": err.decode().strip()}


def _kgraph(store: Path, *args: str) -> dict[str, Any]:
    return _child([sys.executable, "-m", "kgraph", "--store", str(store), *args])


_REFERENCE = """
import itertools, sys, pyoxigraph as ox
store = ox.Store(sys.argv[2])
if sys.argv[3] == "whole":
    store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
else:  # 100,000 lines at a time, as kgraph load writes (N-Quads: a quad a line)
    with open(sys.argv[1], "rb") as lines:
        while chunk := b"".join(itertools.islice(lines, 100_000)):
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
store.flush()
"""


def run_size(quads: int, work: Path, reference: bool) -> dict[str, Any]:
    from store import QUADS_PER_ARTICLE

    articles = max(1, round(quads / QUADS_PER_ARTICLE))
    path, info = nquads_file(work, articles)
    print(f"\n== {info['quads']:,} quads, {articles:,} articles, {info['bytes'] / 1e6:,.0f} MB of N-Quads "
          f"(generated in {info['generated_s']} s)", flush=True)
    store = work / f"load-store-{articles}"  # not store.py's kept store-N
    shutil.rmtree(store, ignore_errors=True)
    before = _load_average()
    load = _kgraph(store, "load", str(path))
    after = _load_average()
    million = info["quads"] / 1e6
    per_million = load["seconds"] / million
    print(f"kgraph load: {load['seconds']:.1f} s ({per_million:.2f} s per million quads, "
          f"{BEFORE_S_PER_MILLION / per_million:.1f}x the 64 s per million before), peak RSS "
          f"{load['peak_mb']:.0f} MB, CPU {load['cpu_s']:.0f} s; load average {before} -> {after}",
          flush=True)
    print(f"  {load['stderr']}")
    # the compaction at the end (kgraph optimize), timed apart: part of the load's time
    compacted = re.search(r"compacted the store in ([0-9.]+) s", load["stderr"])
    compaction_s = float(compacted.group(1)) if compacted else None
    without = None if compaction_s is None else (load["seconds"] - compaction_s) / million
    if without is not None:
        print(f"  of which compacting the store: {compaction_s:.1f} s; without it "
              f"{without:.2f} s per million", flush=True)
    # the result: articles, every article node resolved, an actor's events
    stats = json.loads(_kgraph(store, "stats", "--json")["stdout"])
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?x <{KG}canonical> ?c }} }}"
    linked = json.loads(_kgraph(store, "query", "--json", "-e", count)["stdout"])
    from store import synthetic_extraction

    first = synthetic_extraction(0)  # an actor of the first article's first event
    actor = first.actors[first.events[0].participants[0].actor].label
    query = _kgraph(store, "query", "actor-events", "-p", f"actor={actor}", "--json")
    rows = len(json.loads(query["stdout"]))
    counts = {"articles": stats.get("articles"), "actors": stats.get("actors"), "events": stats.get("events"),
              "article_nodes_resolved": int(linked[0]["n"]), "actor": actor, "actor_events_rows": rows,
              "actor_events_s": round(query["seconds"], 2)}
    ok = bool(counts["articles"] == articles and counts["actors"] and counts["events"]
              and counts["article_nodes_resolved"] and rows)
    print(f"  after the load: {counts} -> {'ok' if ok else 'WRONG'}", flush=True)
    result: dict[str, Any] = {
        "quads": info["quads"], "graphs": articles, "file_mb": round(info["bytes"] / 1e6),
        "seconds": round(load["seconds"], 1), "s_per_million": round(per_million, 2),
        "speedup_vs_64_s_per_million": round(BEFORE_S_PER_MILLION / per_million, 2),
        "peak_rss_mb": round(load["peak_mb"]), "cpu_s": round(load["cpu_s"], 1),
        "compaction_s": compaction_s,
        "s_per_million_without_compaction": None if without is None else round(without, 2),
        "load_average_before": before, "load_average_after": after,
        "message": load["stderr"], "after_load": counts, "sanity": ok,
    }
    if reference:
        for mode in ("whole", "chunks"):
            ref_store = work / f"reference-{articles}"
            shutil.rmtree(ref_store, ignore_errors=True)
            ref = _child([sys.executable, "-c", _REFERENCE, str(path), str(ref_store), mode])
            shutil.rmtree(ref_store, ignore_errors=True)
            what = "the whole file" if mode == "whole" else "100,000 quads at a time"
            print(f"pyoxigraph bulk_load, {what} (no identity): {ref['seconds']:.1f} s "
                  f"({ref['seconds'] / million:.2f} s per million), peak RSS {ref['peak_mb']:.0f} MB, "
                  f"CPU {ref['cpu_s']:.0f} s", flush=True)
            result[f"pyoxigraph_bulk_load_{mode}"] = {
                "seconds": round(ref["seconds"], 1), "s_per_million": round(ref["seconds"] / million, 2),
                "peak_rss_mb": round(ref["peak_mb"]), "cpu_s": round(ref["cpu_s"], 1)}
    shutil.rmtree(store, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "load.json")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kgraph-bench-load")
    parser.add_argument("--no-reference", action="store_true", help="Skip pyoxigraph's own bulk load.")
    args = parser.parse_args()
    rows = {str(size): run_size(size, args.work, not args.no_reference) for size in args.sizes}
    largest = rows[str(max(args.sizes))]
    verdict = {
        "target_s_per_million": TARGET_S_PER_MILLION, "target_peak_rss_mb": TARGET_RSS_MB,
        "time_met": largest["s_per_million"] <= TARGET_S_PER_MILLION,
        "memory_met": largest["peak_rss_mb"] <= TARGET_RSS_MB,
        "sanity": all(r["sanity"] for r in rows.values()),
    }
    print(f"\nat {max(args.sizes):,} quads: {largest['s_per_million']} s per million "
          f"(target {TARGET_S_PER_MILLION}), peak RSS {largest['peak_rss_mb']} MB "
          f"(target {TARGET_RSS_MB:.0f}): "
          f"time {'met' if verdict['time_met'] else 'NOT met'}, memory "
          f"{'met' if verdict['memory_met'] else 'NOT met'}")
    out = {"benchmark": "load", "python": sys.version.split()[0], "cpus": os.cpu_count(),
           "sizes": rows, "verdict": verdict,
           "self_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2) + "\n")
    print(f"saved {args.json}")


if __name__ == "__main__":
    main()
