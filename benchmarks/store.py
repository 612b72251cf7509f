"""The store at scale: load, the stored queries and Turtle export at 100k and 1M
triples, against the same queries on rdflib's Memory store and on pyoxigraph
directly; peak memory of each step. Figures and ratios printed, saved as JSON.

    .venv/bin/python benchmarks/store.py [--sizes 100000 1000000] [--json OUT]
        [--rdflib-timeout 120]

The data is kgraph's own RDF (``kgraph.rdf.to_quads``) of synthetic extractions:
seeded articles naming actors from a pool of 5,000, with meetings, statements,
positions, relations and evidence, so the queries meet the shapes they were written
for. Each step runs in a child process of its own, so its peak RSS is its own.
Goals from the issue: kgraph's stored queries >= 50x faster than on rdflib's Memory
store, and <= 2x the time of the same query on pyoxigraph directly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

QUADS_PER_ARTICLE = 1380  # about (measured: 1,382 for the first 20)
PARAMS = {"actor": "Actor 7", "event": "Meeting in Place 3", "name": "Actor 7"}


def synthetic_extraction(i: int, seed: int = 0):
    """One article's extraction, deterministic in ``(seed, i)``."""
    from kgraph.iri import article_id
    from kgraph.model import (
        Actor,
        Article,
        Event,
        Evidence,
        Extraction,
        Participant,
        Place,
        Position,
        Relation,
    )

    rng = random.Random(seed * 1_000_003 + i)
    text = f"Synthetic article {i}.\n" + "Sentence about talks and statements. " * 60
    article = Article(id=article_id(text), text=text, title=f"Synthetic report {i}",
                      published=dt.date(2025, 1, 1) + dt.timedelta(days=i % 365),
                      source="benchmark", path=None, offset=0)
    x = Extraction(article, "kgraph.extract", "bench")

    def ev() -> Evidence:
        start = rng.randrange(0, len(text) - 40)
        return Evidence(text[start:start + 40], start, start + 40, round(rng.random(), 2), "x")

    names = rng.sample(range(5000), 25)
    for n in names:
        key = f"actor-{n}"
        x.actors[key] = Actor(key, f"Actor {n}", rng.choice(["Person"] * 4 + ["Organization", "Country"]),
                              {f"A{n}"}, None, [ev(), ev()])
    places = rng.sample(range(200), 4)
    for p in places:
        x.places[f"place-{p}"] = Place(f"place-{p}", f"Place {p}", set(), None, None, [ev()])
    keys = list(x.actors)
    for e in range(12):
        kind = rng.choice(["Meeting", "Meeting", "Statement", "Visit", "Proposal", "Attack"])
        who = rng.sample(keys, rng.randint(1, 5))
        place = rng.choice(places)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        x.events.append(Event(
            f"e{e}", kind, f"{kind} in Place {place}",
            [Participant(a, rng.choice(["participant", "head_of_delegation", "member", "speaker"]))
             for a in who],
            place=f"place-{place}", date=day, date_precision="day", planned=rng.random() < 0.1,
            quote="We want peace." if kind == "Statement" else None, evidence=[ev(), ev()]))
    for _ in range(12):
        a, b = rng.sample(keys, 2)
        x.relations.append(Relation(a, rng.choice(["leads", "member_of", "represents",
                                                   "in_contact_with"]), b, [ev()]))
    for a in rng.sample(keys, 6):
        x.positions.append(Position(a, rng.choice(["Minister", "Envoy", "Secretary of State"]), [ev()]))
    return x


def write_nquads(path: Path, articles: int) -> int:
    import pyoxigraph as ox

    from kgraph.iri import Minter
    from kgraph.rdf import to_quads

    minter = Minter()
    count = 0
    with path.open("wb") as out:
        for i in range(articles):
            quads = to_quads(synthetic_extraction(i), minter)
            out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            count += len(quads)
    return count


# ------------------------------------------------------------------ steps (child processes)
def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_load(nq: str, store: str) -> dict:
    from kgraph.api import KGraph

    data = Path(nq).read_bytes()
    t = time.perf_counter()
    with KGraph.open(store) as kg:
        loaded = kg.load(data, "nquads")
    return {"seconds": time.perf_counter() - t, "graphs": len(loaded), "peak_mb": _peak_mb()}


def step_kgraph_queries(store: str) -> dict:
    from kgraph.api import KGraph

    out = {}
    with KGraph.open(store, read_only=True) as kg:
        for name, q in sorted(kg.queries().items()):
            params = {p.name: PARAMS[p.name] for p in q.params if p.required}
            t = time.perf_counter()
            rows = kg.query(name, params)
            out[name] = {"seconds": time.perf_counter() - t, "rows": len(rows.rows)}
    return {"queries": out, "peak_mb": _peak_mb()}


def step_pyoxigraph_queries(store: str) -> dict:
    import pyoxigraph as ox

    from kgraph.namespace import PREFIXES
    from kgraph.queries import load_queries

    s = ox.Store.read_only(store)
    out = {}
    for name, q in sorted(load_queries().items()):
        text = q.bind({p.name: PARAMS[p.name] for p in q.params if p.required})
        t = time.perf_counter()
        rows = [[sol[v] for v in range(len(sol))] for sol in s.query(text, prefixes=PREFIXES)]
        out[name] = {"seconds": time.perf_counter() - t, "rows": len(rows)}
    return {"queries": out, "peak_mb": _peak_mb()}


def step_rdflib_queries(nq: str, names: list[str], conn: Any) -> None:
    """Parse into rdflib's Memory store and run the queries, reporting each result as
    it comes (the parent stops this process at its timeout)."""
    import rdflib

    from kgraph.queries import load_queries

    t = time.perf_counter()
    ds = rdflib.Dataset(store="Memory")
    ds.parse(nq, format="nquads")
    conn.send(("parse", time.perf_counter() - t, 0, _peak_mb()))
    queries = load_queries()
    for name in names:
        q = queries[name]
        text = q.bind({p.name: PARAMS[p.name] for p in q.params if p.required})
        t = time.perf_counter()
        rows = list(ds.query(text))
        conn.send((name, time.perf_counter() - t, len(rows), _peak_mb()))
    conn.send(("done", 0, 0, _peak_mb()))


def step_export(store: str) -> dict:
    from kgraph.api import KGraph

    t = time.perf_counter()
    with KGraph.open(store, read_only=True) as kg:
        data = kg.export("turtle")
    return {"seconds": time.perf_counter() - t, "bytes": len(data), "peak_mb": _peak_mb()}


def _child(fn, *args) -> Any:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def _rdflib(nq: str, names: list[str], timeout: float) -> dict:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=step_rdflib_queries, args=(nq, names, child), daemon=True)
    proc.start()
    child.close()
    results: dict[str, Any] = {}
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not parent.poll(left):
            results["timed_out_after"] = timeout
            break
        name, seconds, rows, peak = parent.recv()
        results["peak_mb"] = peak
        if name == "done":
            break
        results[name] = {"seconds": seconds, "rows": rows}
    proc.kill()
    proc.join()
    return results


def run_size(triples: int, rdflib_timeout: float, work: Path) -> dict:
    articles = max(1, round(triples / QUADS_PER_ARTICLE))
    nq = work / f"data-{triples}.nq"
    count = write_nquads(nq, articles)
    store = str(work / f"store-{triples}")
    print(f"\n== {count:,} quads ({articles} synthetic articles, {nq.stat().st_size / 1e6:.0f} MB N-Quads)")
    load = _child(step_load, str(nq), store)
    print(f"load (kgraph load, N-Quads)    {load['seconds']:7.2f} s   peak {load['peak_mb']:.0f} MB")
    export = _child(step_export, store)
    print(f"Turtle export (union)          {export['seconds']:7.2f} s   peak {export['peak_mb']:.0f} MB")
    ours = _child(step_kgraph_queries, store)
    direct = _child(step_pyoxigraph_queries, store)
    names = sorted(ours["queries"])
    # rdflib runs the queries one after another within one time budget: quickest first
    order = sorted(names, key=lambda n: ours["queries"][n]["seconds"])
    slow = _rdflib(str(nq), order, rdflib_timeout)
    spent = sum(v["seconds"] for v in slow.values() if isinstance(v, dict))
    running = next((n for n in order if n not in slow), None)  # stopped while on this one
    parse = slow.get("parse", {}).get("seconds")
    print("rdflib Memory parse of the N-Quads: "
          + (f"{parse:.1f} s" if parse is not None else f"over {rdflib_timeout:.0f} s"))
    print(f"{'query':<20} {'rows':>7} {'kgraph s':>9} {'pyoxigraph s':>13} {'rdflib s':>10} "
          f"{'vs rdflib':>10} {'vs pyox':>8}")
    table = {}
    for name in names:
        k, d = ours["queries"][name], direct["queries"][name]
        r = slow.get(name)
        vs_rdflib = (r["seconds"] / k["seconds"]) if r else None
        # a lower bound only for the query rdflib was running when its budget ran out
        bound = (rdflib_timeout - spent) / k["seconds"] if name == running else None
        vs_direct = k["seconds"] / d["seconds"] if d["seconds"] else None
        table[name] = {"rows": k["rows"], "kgraph_s": k["seconds"], "pyoxigraph_s": d["seconds"],
                       "rdflib_s": r["seconds"] if r else None,
                       "speedup_vs_rdflib": vs_rdflib, "speedup_vs_rdflib_at_least": bound,
                       "ratio_to_pyoxigraph": vs_direct}
        if r:
            rd, sp = f"{r['seconds']:10.3f}", f"{vs_rdflib:9.0f}x"
        elif bound is not None:
            rd = f"{'>' + format(rdflib_timeout - spent, '.0f'):>10}"
            sp = f"{'>' + format(bound, '.0f'):>9}x"
        else:
            rd, sp = f"{'not run':>10}", f"{'-':>10}"
        print(f"{name:<20} {k['rows']:>7} {k['seconds']:9.3f} {d['seconds']:13.3f} {rd} {sp} "
              f"{vs_direct:7.2f}x")
    total_k = sum(v["kgraph_s"] for v in table.values())
    total_d = sum(v["pyoxigraph_s"] for v in table.values())
    done_r = [v for v in table.values() if v["rdflib_s"] is not None]
    print(f"all queries: kgraph {total_k:.2f} s, pyoxigraph {total_d:.2f} s "
          f"(ratio {total_k / total_d:.2f}, goal <= 2); rdflib answered {len(done_r)}/{len(table)} "
          f"within {rdflib_timeout:.0f} s in all; peak RSS: kgraph {ours['peak_mb']:.0f} MB, "
          f"pyoxigraph {direct['peak_mb']:.0f} MB, rdflib {slow.get('peak_mb', 0):.0f} MB")
    return {"quads": count, "articles": articles, "load": load, "export_turtle": export,
            "queries": table, "kgraph_total_s": total_k, "pyoxigraph_total_s": total_d,
            "rdflib_parse_s": parse, "rdflib_timeout_s": rdflib_timeout,
            "peak_mb": {"kgraph_queries": ours["peak_mb"], "pyoxigraph_queries": direct["peak_mb"],
                        "rdflib": slow.get("peak_mb")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    try:
        results = {str(size): run_size(size, args.rdflib_timeout, work) for size in args.sizes}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
        print(f"\nsaved {args.json}")


if __name__ == "__main__":
    main()
