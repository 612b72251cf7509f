"""Cross-article identity at scale: storing and resolving one more article when the
store holds 1,000 articles and when it holds 10,000.

    .venv/bin/python benchmarks/identity.py [--articles 1000 10000] [--window 1000]
        [--trials 3] [--json OUT] [--seed S]

The articles are generated extractions (no spaCy: extraction is per article and its
cost does not depend on the store), each written and resolved as ``kgraph ingest``
does it: the article graph in one transaction, then
:meth:`kgraph.resolve.identity.Identity.add`. The corpus grows as a news stream does:
30 articles a day, each reporting three events, one new and two reported before (by
other articles) with other wording: a surname for a full name, a participant left
out, no date (the article's day is the next one), a venue for the city, a plan
reported before the meeting was held. A pool of 400 people, some sharing a surname,
and 40 countries take part; a few people are in many events (hubs).

The corpus is ingested once, in order, into an embedded Oxigraph store in a
temporary folder; when it holds N articles (each N of ``--articles``) the store is
copied aside. The figure for N is the mean time to store and resolve each of the
``--window`` articles that follow, starting from that copy: ``--trials`` times,
the sizes taken in turn (1,000, 10,000, 10,000, 1,000, ...), so that a slow spell
of the machine (a shared virtual machine varies by a third from minute to minute)
weighs on both sizes alike; the median trial is reported, with the fastest and
slowest. The time of the same articles in the one long run ("stream") is printed
too. The goal from the issue: the time per article at 10,000 within 10% of that at
1,000. The generator knows which reports are one event, so pairwise identity
precision and recall are printed too, and the incremental result is checked
against ``kgraph resolve`` (a rebuild from the article graphs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kgraph import KGraph
from kgraph.iri import Minter
from kgraph.model import Actor, Article, Event, Evidence, Extraction, Participant, Place
from kgraph.rdf import to_quads

GOAL = 1.10
PER_DAY = 30
START = dt.date(2025, 1, 1)
SYLLABLES = ["ka", "ro", "vin", "dal", "mer", "su", "tor", "el", "an", "bri", "gor", "lu", "pet",
             "sha", "mi", "ko", "ran", "zel", "dor", "ta", "nik", "ol", "bar", "ves"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


class World:
    """People, countries and places, and the events that happen among them."""

    def __init__(self, seed: int) -> None:
        rng = self.rng = random.Random(seed)
        surnames = [_word(rng, 3) for _ in range(360)]
        surnames += rng.sample(surnames, 40)  # 40 surnames two people share
        self.people = sorted({f"{_word(rng, 2)} {s}" for s in surnames})
        self.hubs = self.people[:8]
        self.countries = sorted({_word(rng, 2) + "ia" for _ in range(40)})
        self.cities = {f"{_word(rng, 2)}burg": c for c in self.countries for _ in range(2)}
        self.events: list[dict] = []

    def new_event(self, day: dt.date) -> dict:
        rng = self.rng
        people = rng.sample(self.people, rng.randint(2, 4))
        if rng.random() < 0.3:
            people[0] = rng.choice(self.hubs)
        city = rng.choice(sorted(self.cities))
        event = {"id": len(self.events), "type": rng.choice(["Meeting", "Meeting", "Visit", "Call"]),
                 "people": sorted(set(people)), "country": self.cities[city], "city": city,
                 "day": day + dt.timedelta(days=rng.choice([0, 0, 0, 2, 5]))}
        self.events.append(event)
        return event


def _report(world: World, event: dict, published: dt.date, aid: str, x: Extraction, key: str) -> None:
    """One article's report of an event, worded its own way."""
    rng = world.rng
    ev = Evidence("A generated sentence.", 0, 21, 0.8)
    people = list(event["people"])
    if len(people) > 2 and rng.random() < 0.3:
        people.pop(rng.randrange(len(people)))  # a participant left out
    parts = []
    for name in people:
        shown = name.split()[-1] if rng.random() < 0.2 else name  # a surname only
        x.actors.setdefault(shown, Actor(shown, shown, "Person", evidence=[ev]))
        parts.append(Participant(shown))
    country = event["country"]
    x.actors.setdefault(country, Actor(country, country, "Country", evidence=[ev]))
    parts.append(Participant(country))
    place = event["city"]
    if rng.random() < 0.25:
        place = f"Grand Hotel {event['city']}"  # a venue in the city
    x.places.setdefault(place, Place(place, place, evidence=[ev]))
    planned = event["day"] > published
    dated = rng.random() < 0.8 or planned
    x.events.append(Event(key=key, type=event["type"], label=f"{event['type']} in {event['city']}",
                          participants=parts, place=place,
                          date=event["day"] if dated else None, date_precision="day" if dated else None,
                          planned=planned, evidence=[ev]))


def corpus(n: int, seed: int):
    """``n`` extractions with, for each, the real event behind each reported event."""
    world = World(seed)
    for i in range(n):
        published = START + dt.timedelta(days=i // PER_DAY)
        aid = f"{i:016x}"
        art = Article(id=aid, text="", title=f"Generated report {i}", published=published)
        x = Extraction(art, "benchmark", "0")
        truth = {}
        recent = [e for e in world.events[-PER_DAY * 21:]
                  if published - dt.timedelta(days=7) <= e["day"] <= published + dt.timedelta(days=5)]
        chosen = [world.new_event(published)]
        chosen += world.rng.sample(recent, min(2, len(recent)))
        for k, event in enumerate(chosen):
            _report(world, event, published, aid, x, f"e{k}")
            truth[f"e{k}"] = event["id"]
        yield x, truth


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store_one(kg: KGraph, minter: Minter, x: Extraction) -> float:
    """Store and resolve one article as ``kgraph ingest`` does; its time in seconds."""
    graph = minter.graph(x.article.id)
    quads = to_quads(x, minter)
    t0 = time.perf_counter()
    kg.store.replace_graph(graph, quads)
    kg.identity.add_article(graph, quads)
    return time.perf_counter() - t0


def _trial(snapshot: Path, work: Path, minter: Minter, articles: list[Extraction]) -> float:
    """Mean seconds per article of ``articles`` stored into a copy of ``snapshot``."""
    shutil.copytree(snapshot, work)
    try:
        kg = KGraph.open(str(work))
        times = [_store_one(kg, minter, x) for x in articles]
        kg.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return sum(times) / len(times)


def run(sizes: list[int], window: int, seed: int, trials: int) -> dict:
    top = max(sizes)
    times: list[float] = []
    truth: dict[str, int] = {}
    windows: dict[int, list[Extraction]] = {n: [] for n in sizes}
    minter = Minter()
    with tempfile.TemporaryDirectory(prefix="kgraph-identity-") as tmp:
        live = Path(tmp) / "store"
        kg = KGraph.open(str(live))
        for i, (x, events) in enumerate(corpus(top + window, seed)):
            if i in windows:  # the store holds i articles: keep a copy
                kg.close()
                shutil.copytree(live, Path(tmp) / f"at-{i}")
                kg = KGraph.open(str(live))
            for n, part in windows.items():
                if n <= i < n + window:
                    part.append(x)
            times.append(_store_one(kg, minter, x))
            for key, real in events.items():
                truth[minter.event(x.article.id, key)] = real
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1} articles, last 1000 at {1000 / sum(times[-1000:]):.1f} articles/s",
                      file=sys.stderr)
        stream_rss = _rss_mb()
        results: dict[int, list[float]] = {n: [] for n in sizes}
        for t in range(trials):
            for n in (sizes if t % 2 == 0 else sizes[::-1]):
                results[n].append(_trial(Path(tmp) / f"at-{n}", Path(tmp) / "trial", minter, windows[n]))
            print(f"  trial {t + 1}: " + ", ".join(f"{n}: {results[n][-1] * 1000:.1f} ms" for n in sizes),
                  file=sys.stderr)
        rows = []
        for n in sizes:
            mean = statistics.median(results[n])
            stream = sum(times[n:n + window]) / window
            rows.append({"articles": n, "window": window, "trials": trials,
                         "ms_per_article": round(mean * 1000, 2), "articles_per_s": round(1 / mean, 1),
                         "fastest_ms": round(min(results[n]) * 1000, 2),
                         "slowest_ms": round(max(results[n]) * 1000, 2),
                         "stream_ms_per_article": round(stream * 1000, 2)})
        incremental = _clusters(kg)
        t0 = time.perf_counter()
        kg.resolve()
        rebuild_s = time.perf_counter() - t0
        same = _clusters(kg) == incremental
        p, r = _pairwise(incremental, truth)
        quads = kg.store.count_quads()
        kg.close()
    ratio = rows[-1]["ms_per_article"] / rows[0]["ms_per_article"]
    return {"rows": rows, "ratio_last_to_first": round(ratio, 3), "goal": GOAL,
            "verdict": "PASS" if ratio <= GOAL and same else "FAIL",
            "rebuild_s": round(rebuild_s, 1), "rebuild_equals_incremental": same,
            "identity_precision": round(p, 4), "identity_recall": round(r, 4),
            "quads": quads, "stream_peak_rss_mb": round(stream_rss, 1), "peak_rss_mb": round(_rss_mb(), 1)}


def _clusters(kg: KGraph) -> dict[str, str]:
    rows = kg.store.query("SELECT ?n ?c WHERE { GRAPH ?g { ?n <https://kgraph.example/ns#canonical> ?c } }")
    return {r["n"].value: r["c"].value for r in rows}


def _pairwise(canon: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    by_system: dict[str, list[str]] = {}
    by_truth: dict[int, list[str]] = {}
    for node, real in truth.items():
        by_system.setdefault(canon.get(node, node), []).append(node)
        by_truth.setdefault(real, []).append(node)

    def pairs(groups: dict) -> set[tuple[str, str]]:
        return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}

    system, gold = pairs(by_system), pairs(by_truth)
    both = len(system & gold)
    return (both / len(system) if system else 1.0), (both / len(gold) if gold else 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    sizes = sorted(args.articles)
    if args.window < 1 or args.trials < 1:
        parser.error("--window and --trials must be at least 1")
    result = run(sizes, args.window, args.seed, args.trials)
    print(f"{'articles':>9}  {'ms/article':>10}  {'fastest':>8}  {'slowest':>8}  {'articles/s':>10}  "
          f"{'stream ms':>9}")
    for row in result["rows"]:
        print(f"{row['articles']:>9}  {row['ms_per_article']:>10}  {row['fastest_ms']:>8}  "
              f"{row['slowest_ms']:>8}  {row['articles_per_s']:>10}  {row['stream_ms_per_article']:>9}")
    print(f"ratio {sizes[-1]} / {sizes[0]}: {result['ratio_last_to_first']} (goal <= {GOAL}): "
          f"{result['verdict']}")
    print(f"rebuild (kgraph resolve) {result['rebuild_s']} s, same as incremental: "
          f"{result['rebuild_equals_incremental']}; identity P {result['identity_precision']} "
          f"R {result['identity_recall']}; {result['quads']} quads; "
          f"peak RSS {result['stream_peak_rss_mb']} MB during the long run")
    if args.json:
        doc = {"benchmark": "identity", "python": platform.python_version(),
               "machine": platform.machine(), "seed": args.seed, **result}
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0 if result["verdict"] == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
