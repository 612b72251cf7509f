"""The stored queries at scale: every stored query, with parameters that match the
data, at 1M and 10M quads (medians of 5 runs), against the same SPARQL on pyoxigraph
directly and, at a small size, on rdflib's Memory store. Figures and ratios printed,
saved as JSON; the run fails if a query returns no rows (it would measure nothing).

    .venv/bin/python benchmarks/store.py [--sizes 1000000 10000000] [--rdflib-size 100000]
        [--runs 5] [--json OUT] [--work DIR] [--before REV]

With ``--before REV`` (a git revision), each stored query is also timed with that
revision's text, bound and run as kgraph runs a query now: the speed-up of what the
query texts changed since, on the same store and machine.

The data is kgraph's own RDF (``kgraph.rdf.to_quads``) of synthetic extractions:
seeded articles naming actors from a pool of 5,000, with meetings, statements,
positions, relations and evidence (written once per size by ``benchmarks/load.py``'s
generator and kept in ``--work``), loaded with ``kgraph load`` (identity resolved at
load). Parameters are chosen from the loaded store: an actor who met others and holds
a position, found by a surname; a meeting's label; so each query answers something.

Targets (issue 12): a stored query that takes a name (a required parameter) at most
50 ms at 1M quads and 100 ms at 10M; every other (a listing, with or without its
optional filters) at most 1 s at 1M and 5 s at 10M; kgraph at most 1.5x pyoxigraph
running the same SPARQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

QUADS_PER_ARTICLE = 1550  # about (measured: 1,548 for the first 40)


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


TARGETS_MS = {1_000_000: (50, 1000), 10_000_000: (100, 5000)}  # (name look-up, other)
RATIO_TARGET = 1.5
KG = "https://kgraph.example/ns#"

# The parameters are chosen from the data: an actor (a person in a meeting who holds a
# position; the one with the most participations, ties by IRI) and a meeting's label.
_CHOOSE = """
PREFIX kg: <https://kgraph.example/ns#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
SELECT ?label (COUNT(?p) AS ?n) ?event WHERE {
  GRAPH ?g { ?m a kg:Meeting ; kg:participation ?p ; skos:prefLabel ?event . ?p rdf:value ?ma .
             ?ma a schema:Person ; org:holds ?post }
  GRAPH ?i { ?ma kg:canonical ?a . ?a skos:prefLabel ?label }
} GROUP BY ?label ?event ORDER BY DESC(?n) ?label ?event LIMIT 1
"""


def choose_params(store: str) -> dict[str, str]:
    """Parameter values from the loaded store (see :data:`_CHOOSE`)."""
    import pyoxigraph as ox

    s = ox.Store.read_only(store)
    row = next(iter(s.query(_CHOOSE)))
    label, event = row["label"].value, row["event"].value
    surname = label.split()[-1] if " " in label else label
    return {"actor": label, "name": label, "event": event, "surname": surname}


def cases(params: dict[str, str]) -> list[tuple[str, str, dict[str, str], str]]:
    """``(case, query, params, kind)`` for every stored query: each query that takes a
    name once with it (kind ``lookup``), each listing without parameters and, when it
    has an optional name, once more with it (kind ``other``)."""
    from kgraph.queries import load_queries

    out = []
    for name, q in sorted(load_queries().items()):
        names = [p for p in q.params if p.type == "name"]
        required = [p for p in names if p.required]
        if required:
            out.append((name, name, {p.name: params[p.name] for p in required}, "lookup"))
            continue
        out.append((name, name, {}, "other"))
        for p in names:
            out.append((f"{name} ({p.name})", name, {p.name: params[p.name]}, "other"))
    return out


def _medians_ms(runs: int, *fns) -> list[tuple[float, int]]:
    """The median time of ``runs`` calls of each of ``fns`` (each returns its number of
    rows), taken in turns after one untimed call of each, so that every one of them
    meets the store's caches in the same state."""
    import statistics

    rows = [fn() for fn in fns]
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            rows[i] = fn()
            times[i].append((time.perf_counter() - t) * 1000)
    return [(statistics.median(ts), n) for ts, n in zip(times, rows, strict=True)]


def _queries_at(rev: str) -> dict[str, Any]:
    """The stored queries as they were at git revision ``rev``."""
    import subprocess

    from kgraph.queries import parse_query

    root = Path(__file__).resolve().parents[1]
    names = subprocess.run(["git", "ls-tree", "--name-only", rev, "queries/"], cwd=root, check=True,
                           capture_output=True, text=True).stdout.split()
    return {Path(n).stem: parse_query(Path(n).stem, subprocess.run(
        ["git", "show", f"{rev}:{n}"], cwd=root, check=True, capture_output=True, text=True).stdout)
        for n in names if n.endswith(".rq")}


def step_queries(store: str, params: dict[str, str], runs: int, before: str | None = None) -> dict[str, Any]:
    """Each case through kgraph (``KGraph.query``, rows made Python values) and the same
    SPARQL on a pyoxigraph store (solutions materialised), medians of ``runs`` taken in
    turns; with ``before`` (a git revision), the query text of that revision too, bound
    and run as kgraph runs a query now (``kgraph.api._evaluate``)."""
    import pyoxigraph as ox

    from kgraph.api import KGraph, _evaluate
    from kgraph.namespace import PREFIXES
    from kgraph.queries import find_query

    out: dict[str, Any] = {}
    direct = ox.Store.read_only(store)
    old = _queries_at(before) if before else {}
    with KGraph.open(store, read_only=True) as kg:
        for case, name, p, kind in cases(params):
            text = find_query(name).bind(p, kg.own_graphs())
            fns = [lambda n=name, p=p: len(kg.query(n, p).rows),
                   lambda t=text: len([[s[i] for i in range(len(s))] for s in direct.query(
                       t, prefixes=PREFIXES, use_default_graph_as_union=True)])]
            if name in old:
                then = old[name].bind(p, kg.own_graphs())
                fns.append(lambda t=then: len(_evaluate(kg.store, t, union=True).rows))
            timed = _medians_ms(runs, *fns)
            (ms, rows), (ox_ms, ox_rows) = timed[:2]
            out[case] = {"query": name, "params": p, "kind": kind, "kgraph_ms": ms, "rows": rows,
                         "pyoxigraph_ms": ox_ms, "pyoxigraph_rows": ox_rows}
            if len(timed) > 2:
                out[case].update(before_ms=timed[2][0], before_rows=timed[2][1])
            print(f"  {case}: {ms:.1f} ms, {rows} rows", file=sys.stderr, flush=True)
    out["peak_mb"] = _peak_mb()
    return out


def step_rdflib(nq: str, params: dict[str, str], conn: Any) -> None:
    """Parse into rdflib's Memory store and run each case once, reporting as it goes
    (the parent stops this process at its timeout)."""
    import rdflib

    from kgraph.queries import find_query

    t = time.perf_counter()
    ds = rdflib.Dataset(store="Memory", default_union=True)
    ds.parse(nq, format="nquads")
    conn.send(("parse", (time.perf_counter() - t) * 1000, 0))
    for case, name, p, _kind in cases(params):
        text = find_query(name).bind(p)
        t = time.perf_counter()
        rows = len(list(ds.query(text)))
        conn.send((case, (time.perf_counter() - t) * 1000, rows))
    conn.send(("done", 0, 0))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(fn, *args) -> Any:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def _rdflib(nq: str, params: dict[str, str], timeout: float) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=step_rdflib, args=(nq, params, child), daemon=True)
    proc.start()
    child.close()
    results: dict[str, Any] = {}
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not parent.poll(left):
            results["timed_out_after_s"] = timeout
            break
        case, ms, rows = parent.recv()
        if case == "done":
            break
        results[case] = {"ms": ms, "rows": rows}
    proc.kill()
    proc.join()
    return results


def _loaded(work: Path, quads: int) -> tuple[Path, Path, dict]:
    """The N-Quads file and a store loaded from it with ``kgraph load`` (both kept in
    ``work``; the store is loaded again when the file is newer, or when it was resolved
    by other identity rules than these: its identity graph would be another's)."""
    from load import _kgraph, nquads_file

    from kgraph.resolve.rules import RULES

    articles = max(1, round(quads / QUADS_PER_ARTICLE))
    nq, info = nquads_file(work, articles)
    store = work / f"store-{articles}"
    done = store / ".loaded"
    if (not done.is_file() or done.stat().st_mtime < nq.stat().st_mtime
            or json.loads(done.read_text()).get("rules") != RULES):
        shutil.rmtree(store, ignore_errors=True)
        load = _kgraph(store, "load", str(nq))
        info["load_s"], info["load_peak_mb"] = round(load["seconds"], 1), round(load["peak_mb"])
        info["rules"] = RULES
        done.write_text(json.dumps(info))
    return nq, store, json.loads(done.read_text())


def run_size(quads: int, work: Path, runs: int, rdflib_timeout: float | None,
             before: str | None = None) -> dict[str, Any]:
    nq, store, info = _loaded(work, quads)
    params = choose_params(str(store))
    print(f"\n== {info['quads']:,} quads ({info['articles']:,} synthetic articles), loaded in "
          f"{info.get('load_s', '?')} s; parameters: {params}", flush=True)
    res = _child(step_queries, str(store), params, runs, before)
    slow = _rdflib(str(nq), params, rdflib_timeout) if rdflib_timeout else {}
    look, other = TARGETS_MS.get(quads, (None, None))
    print(f"{'case':<34} {'rows':>6} {'kgraph ms':>10} {'pyox ms':>9} {'ratio':>6} {'target':>7}"
          + (f" {'rdflib ms':>10} {'speed-up':>9}" if slow else ""))
    table, failures = {}, []
    for case, r in res.items():
        if case == "peak_mb":
            continue
        target = look if r["kind"] == "lookup" else other
        ratio = r["kgraph_ms"] / r["pyoxigraph_ms"] if r["pyoxigraph_ms"] else None
        rd = slow.get(case)
        row = {**r, "ratio_to_pyoxigraph": ratio, "target_ms": target,
               "met": None if target is None else r["kgraph_ms"] <= target,
               "rdflib_ms": rd["ms"] if rd else None,
               "speedup_vs_rdflib": rd["ms"] / r["kgraph_ms"] if rd else None,
               "speedup_vs_before": r["before_ms"] / r["kgraph_ms"] if r.get("before_ms") else None}
        table[case] = row
        if r["rows"] == 0:
            failures.append(f"{case}: no rows")
        line = (f"{case:<34} {r['rows']:>6} {r['kgraph_ms']:>10.1f} {r['pyoxigraph_ms']:>9.1f} "
                f"{ratio:>6.2f} {'-' if target is None else target:>7}")
        if row["speedup_vs_before"]:
            line += f"  before {r['before_ms']:.1f} ms ({row['speedup_vs_before']:.2f}x)"
        if slow:
            line += (f" {rd['ms']:>10.0f} {row['speedup_vs_rdflib']:>8.0f}x" if rd
                     else f" {'> ' + str(int(rdflib_timeout)) + ' s':>10} {'-':>9}")
        print(line, flush=True)
    timed = [r for r in table.values() if r["target_ms"] is not None]
    verdict = {"all_rows": not failures,
               "lookups_met": all(r["met"] for r in timed if r["kind"] == "lookup") if timed else None,
               "others_met": all(r["met"] for r in timed if r["kind"] == "other") if timed else None,
               "ratio_met": all((r["ratio_to_pyoxigraph"] or 0) <= RATIO_TARGET for r in table.values()),
               "worst_ratio": max(r["ratio_to_pyoxigraph"] or 0 for r in table.values())}
    print(f"verdict: {verdict}; peak RSS of the query process {res['peak_mb']:.0f} MB")
    return {"quads": info["quads"], "articles": info["articles"], "load_s": info.get("load_s"),
            "params": params, "queries": table, "verdict": verdict, "failures": failures,
            "query_peak_mb": res["peak_mb"],
            "rdflib": {"parse_ms": slow.get("parse", {}).get("ms"),
                       "timeout_s": rdflib_timeout} if slow else None,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--rdflib-size", type=int, default=100_000,
                        help="the size also run on rdflib's Memory store (0: none)")
    parser.add_argument("--rdflib-timeout", type=float, default=300.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kgraph-bench-load")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--before", metavar="REV",
                        help="also time the query texts of this git revision, run as kgraph runs queries now")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes) | ({args.rdflib_size} if args.rdflib_size else set()))
    results = {"benchmark": "store", "python": sys.version.split()[0], "cpus": os.cpu_count(),
               "before": args.before,
               "runs": args.runs, "targets_ms": {str(k): v for k, v in TARGETS_MS.items()},
               "ratio_target": RATIO_TARGET, "sizes": {}}
    for size in sizes:
        timeout = args.rdflib_timeout if size == args.rdflib_size else None
        results["sizes"][str(size)] = run_size(size, args.work, args.runs, timeout, args.before)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nsaved {args.json}")
    failures = [f for r in results["sizes"].values() for f in r["failures"]]
    if failures:
        raise SystemExit("queries that returned no rows (they measure nothing): " + "; ".join(failures))


if __name__ == "__main__":
    main()
