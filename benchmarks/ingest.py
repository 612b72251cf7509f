"""Ingest speed against bare spaCy, the ``--workers`` speed-up, and ingest memory at
1,000 and 10,000 articles.

    .venv/bin/python benchmarks/ingest.py [--articles N [N ...]] [--json OUT]
        [--repeat R] [--batch-size B] [--seed S] [--profile OUT.prof]
        [--only table workers memory] [--workers-articles N] [--chunk-size C]
        [--memory N [N ...]] [--memory-words W] [--memory-workers W]

Three parts, each on by default (``--only`` picks some):

``table``: for each N (default 100) the generated articles (:mod:`generate`, seeded,
400-600 words each) are timed three ways, the model already loaded and warmed up (load
time is reported on its own line):

- ``bare``: ``list(nlp.pipe(bodies, batch_size=B))`` with the pipeline kgraph loads
  (:func:`kgraph.extract.nlp.load`, same model name, same line-break component);
- ``extract``: ``list(Extractor().extract_many(articles, batch_size=B))``, no store;
- ``ingest``: ``KGraph.open(<fresh temp folder>).ingest(articles)`` and ``close()``
  (removing the folder afterwards is not timed);
  ``KGraph`` builds its own ``Extractor``, which reuses the process-wide cached
  pipeline and lexicon, so nothing is loaded inside the timing.

Each figure is the best of ``--repeat`` interleaved rounds (default 2; ``--repeat 1``
runs each once): the machine is shared, and the minimum is the least disturbed run.
Peak RSS is the process high-water mark so far (``resource.getrusage``), so it never
goes down. The last column, the same ratio on CPU time (``time.process_time``, all
threads), is steadier than wall time when other processes share the machine; a
warning says when wall time ran over 1.2x CPU time. ``extract`` covers the extractor
only: ``ingest - extract`` is what api.ingest adds (cross-article identity, RDF,
store). ``--profile OUT.prof`` also runs the largest N's ingest once under cProfile,
saves the stats and prints the top functions by cumulative and own time.

``workers``: extraction alone (no store: identity is resolved at write time and
measured by ``benchmarks/identity.py``), as ``kgraph extract`` and the first phase of
``kgraph ingest`` run it: :func:`kgraph.parallel.extract` over ``--workers-articles``
generated articles (default 320) in chunks of ``--chunk-size`` (16), with one worker
(in this process) and with two (spawned processes), each yielding every article's
N-Quads in input order; the outputs must be identical. The rate is taken in the
steady state: from when the first chunk of each worker is back to the last article
(the start of the worker processes, a model load each, and the first chunk are left
out); the end-to-end time, start included, is shown too. Goals: two workers >= 1.7x
one, and one worker <= 1.5x bare ``nlp.pipe`` on the same texts (wall and CPU time).
Also: quads and N-Quads bytes per article, for sizing a corpus.

``memory``: ``kgraph ingest`` of ``--memory`` N short articles (default 1,000 and
10,000; each the front matter and the first paragraphs, about ``--memory-words``
words, of a generated article, so every stage of the extractor runs) from files into a
fresh on-disk store, as a child process with ``--workers --memory-workers`` (default:
the machine's cores). Peak RSS is taken two ways: the largest single process (the
kernel's high-water mark, ``os.wait4``: the ingest process or one of its workers) and
the whole process tree (RSS of the ingest process and its workers summed, sampled
every 0.2 s). Goal: peak RSS at the largest N <= 1.2x that at the smallest.
``--memory-command extract`` measures ``kgraph extract`` instead (no store). Times on
this 2-core machine, shared (load 5-7): extract 1,000 articles 77 s, 10,000 764 s;
ingest 1,000 187 s; ingest 10,000 had written half the articles after an hour
(identity resolution at write time), so it was stopped.

The exit code is 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import articles as generate_articles

from kgraph import KGraph
from kgraph.model import Article
from kgraph.sources import parse_article

GOAL = 1.5
BUSY = 1.2  # wall/CPU time above which the machine was visibly shared
WARM_SEED = 9_999  # warm-up articles come from another series than the measured ones

T = TypeVar("T")


@dataclass
class Row:
    """The figures for one N."""

    articles: int
    words: int
    bare_s: float
    extract_s: float
    ingest_s: float
    articles_per_s: float
    ratio: float
    extract_ratio: float
    per_article_ms: float
    quads: int
    peak_rss_mb: float
    bare_cpu_s: float
    extract_cpu_s: float
    ingest_cpu_s: float
    cpu_ratio: float

    busy: float  # the largest wall/CPU time of the measurements: > 1.2 means contention

    @property
    def verdict(self) -> str:
        """PASS when the ratio meets the goal on wall time and on CPU time alike."""
        return "PASS" if max(self.ratio, self.cpu_ratio) <= GOAL else "FAIL"


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MiB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def timed(run: Callable[[], T]) -> tuple[float, float, T]:
    """Wall time (``time.perf_counter``) and CPU time of the process, all threads
    (``time.process_time``), of one call, and its result."""
    cpu, start = time.process_time(), time.perf_counter()
    result = run()
    return time.perf_counter() - start, time.process_time() - cpu, result


def parse(texts: list[str], prefix: str) -> list[Article]:
    return [parse_article(t, f"{prefix}-{k:04d}.txt") for k, t in enumerate(texts)]


def ingest_once(arts: list[Article], folder: Path) -> int:
    """Open a store in ``folder``, ingest, close (flush); the number of quads written."""
    kg = KGraph.open(str(folder / "store"))
    try:
        report = kg.ingest(arts)
    finally:
        kg.close()
    if len(report.added) != len(arts):
        raise SystemExit(f"ingest added {len(report.added)} of {len(arts)} articles")
    return report.quads


def ingest_fresh(arts: list[Article]) -> tuple[float, float, int]:
    """:func:`ingest_once` into a fresh temporary folder, timed without the clean-up."""
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        return timed(lambda: ingest_once(arts, Path(tmp)))


def load(batch_size: int) -> tuple[Any, Any, dict[str, float]]:
    """Load the pipeline and an extractor, then warm both up; the times of each step."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    from kgraph.extract import Extractor
    from kgraph.extract.nlp import default_model_name
    from kgraph.extract.nlp import load as load_nlp

    nlp = load_nlp(default_model_name())
    times["import_and_model_load_s"] = time.perf_counter() - start

    start = time.perf_counter()
    extractor = Extractor()
    if extractor.nlp is not nlp:
        raise SystemExit("the extractor did not reuse the loaded pipeline")
    _ = extractor.lexicon
    times["lexicon_load_s"] = time.perf_counter() - start

    warm = parse(generate_articles(batch_size, seed=WARM_SEED), "warm")
    start = time.perf_counter()
    list(nlp.pipe((a.body for a in warm), batch_size=batch_size))
    list(extractor.extract_many(warm, batch_size=batch_size))
    ingest_fresh(warm[:2])
    times["warm_up_s"] = time.perf_counter() - start
    return nlp, extractor, times


def measure(n: int, nlp: Any, extractor: Any, *, seed: int, repeat: int, batch_size: int) -> Row:
    """Best of ``repeat`` rounds; each round runs bare, extract and ingest in turn, so a
    burst of load from other processes hits one round rather than one measurement."""
    arts = parse(generate_articles(n, seed=seed), "bench")
    bodies = [a.body for a in arts]
    wall = {"bare": float("inf"), "extract": float("inf"), "ingest": float("inf")}
    cpu = dict(wall)
    runs: dict[str, Callable[[], Any]] = {
        "bare": lambda: list(nlp.pipe(bodies, batch_size=batch_size)),
        "extract": lambda: list(extractor.extract_many(arts, batch_size=batch_size)),
    }
    quads = 0
    for _ in range(repeat):
        for name, run in runs.items():
            w, c, _result = timed(run)
            wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
        w, c, quads = ingest_fresh(arts)
        wall["ingest"], cpu["ingest"] = min(wall["ingest"], w), min(cpu["ingest"], c)
    return Row(
        articles=n,
        words=sum(len(b.split()) for b in bodies),
        bare_s=wall["bare"],
        extract_s=wall["extract"],
        ingest_s=wall["ingest"],
        articles_per_s=n / wall["ingest"],
        ratio=wall["ingest"] / wall["bare"],
        extract_ratio=wall["extract"] / wall["bare"],
        per_article_ms=1000 * wall["ingest"] / n,
        bare_cpu_s=cpu["bare"],
        extract_cpu_s=cpu["extract"],
        ingest_cpu_s=cpu["ingest"],
        cpu_ratio=cpu["ingest"] / cpu["bare"],
        busy=max(wall[k] / cpu[k] for k in wall),
        quads=quads,
        peak_rss_mb=peak_rss_mb(),
    )


# ------------------------------------------------------------------ workers
SPEED_UP_GOAL = 1.7
MEMORY_GOAL = 1.2


def extract_run(arts: list[Article], extractor: Any, minter: Any, *, workers: int,
                chunk_size: int) -> dict[str, Any]:
    """:func:`kgraph.parallel.extract` over ``arts``: end-to-end and steady-state times
    (from the arrival of chunk ``workers``, when every worker has started and returned
    its first chunk, to the last article), CPU time of this process, the N-Quads."""
    from kgraph import parallel

    def children_cpu() -> float:  # worker processes, once they are reaped
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cpu, start, child = time.process_time(), time.perf_counter(), children_cpu()
    arrived: list[float] = []
    out: list[bytes] = []
    for _article, data in parallel.extract(arts, extractor, minter, workers=workers,
                                           chunk_size=chunk_size):
        arrived.append(time.perf_counter())
        out.append(data)
    skip = min(workers * chunk_size, len(arts) - 1)
    steady_s = arrived[-1] - arrived[skip - 1]
    return {"workers": workers, "end_to_end_s": arrived[-1] - start,
            "cpu_s": time.process_time() - cpu, "workers_cpu_s": children_cpu() - child,
            "steady_s": steady_s,
            "steady_articles": len(arts) - skip,
            "articles_per_s": (len(arts) - skip) / steady_s, "nquads": out}


def measure_workers(n: int, nlp: Any, extractor: Any, *, seed: int, chunk_size: int,
                    repeat: int, batch_size: int) -> dict[str, Any]:
    """Bare ``nlp.pipe``, one worker and two workers on the same ``n`` articles (best of
    ``repeat`` interleaved rounds); the outputs of one and two workers are compared."""
    from kgraph.extract.stages.segment import mask_datelines
    from kgraph.iri import Minter

    arts = parse(generate_articles(n, seed=seed), "bench")
    bodies = [mask_datelines(a.body) for a in arts]
    minter = Minter()
    best: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        w, c, _docs = timed(lambda: list(nlp.pipe(bodies, batch_size=batch_size)))
        if "bare" not in best or w < best["bare"]["wall_s"]:
            best["bare"] = {"wall_s": w, "cpu_s": c, "articles_per_s": n / w}
        for workers in (1, 2):
            run = extract_run(arts, extractor, minter, workers=workers, chunk_size=chunk_size)
            key = f"workers_{workers}"
            if key in best and best[key]["nquads"] != run["nquads"]:
                raise SystemExit("two runs of the same extraction gave different N-Quads")
            if key not in best or run["steady_s"] < best[key]["steady_s"]:
                best[key] = run
    one, two = best["workers_1"], best["workers_2"]
    size = sizing(one["nquads"])
    identical = one.pop("nquads") == two.pop("nquads")
    return {"articles": n, "words": sum(len(b.split()) for b in bodies),
            "chunk_size": chunk_size, "bare": best["bare"], "one": one, "two": two,
            "identical_nquads": identical, **size,
            "speed_up": two["articles_per_s"] / one["articles_per_s"],
            "end_to_end_speed_up": one["end_to_end_s"] / two["end_to_end_s"],
            "one_vs_bare": one["end_to_end_s"] / best["bare"]["wall_s"],
            "one_vs_bare_cpu": one["cpu_s"] / best["bare"]["cpu_s"],
            "load_average_after": os.getloadavg()}


def sizing(arts_nquads: list[bytes]) -> dict[str, float]:
    """Quads and N-Quads bytes per article."""
    n = len(arts_nquads)
    return {"quads_per_article": sum(d.count(b"\n") for d in arts_nquads) / n,
            "nquads_bytes_per_article": sum(len(d) for d in arts_nquads) / n}


# ------------------------------------------------------------------ memory
def short_article(text: str, words: int) -> str:
    """The front matter and the first lines of the body, up to about ``words`` words
    (at least the first paragraph)."""
    _, front, body = text.split("---\n", 2)
    kept: list[str] = []
    count = 0
    for line in body.splitlines():
        if count >= words:
            break
        kept.append(line)
        count += len(line.split())
    return f"---\n{front}---\n" + "\n".join(kept) + "\n"


def write_corpus(folder: Path, n: int, *, seed: int, words: int) -> int:
    """``n`` short generated articles as ``NNNNN.txt`` files; their total words."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        from generate import article

        text = short_article(article(seed, i), words)
        total += len(text.split("---\n", 2)[2].split())
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return total


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and its descendants (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                todo.append(child)
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * page
        except OSError:
            continue
    return total


def measure_memory(n: int, folder: Path, *, workers: int, command: str = "ingest") -> dict[str, Any]:
    """``kgraph ingest folder --workers W`` into a fresh store (or ``kgraph extract
    folder -o FILE``) as a child process: wall time, peak RSS of the largest process
    and of the whole tree, the last line."""
    import subprocess
    import threading

    with tempfile.TemporaryDirectory(prefix="kgraph-bench-mem-") as tmp:
        err = Path(tmp) / "stderr"
        with err.open("wb") as stderr:
            start = time.perf_counter()
            if command == "ingest":
                cmd = ["--store", str(Path(tmp) / "store"), "ingest", str(folder)]
            else:
                cmd = ["extract", str(folder), "-o", str(Path(tmp) / "out.nq")]
            proc = subprocess.Popen(
                [sys.executable, "-m", "kgraph", *cmd, "--workers", str(workers)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
            peak = [0]
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.2):
                    peak[0] = max(peak[0], _tree_rss(proc.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            stop.set()
            sampler.join()
            proc.returncode = os.waitstatus_to_exitcode(status)
        last = (err.read_text(errors="replace").strip().splitlines() or [""])[-1]
        if proc.returncode != 0:
            raise SystemExit(f"kgraph {command} of {n} articles failed: {last}")
    return {"command": command, "articles": n, "workers": workers, "wall_s": wall,
            "articles_per_s": n / wall,
            "peak_rss_mb": usage.ru_maxrss / 1024, "tree_peak_rss_mb": peak[0] / 2**20,
            "result": last, "load_average_after": os.getloadavg()}


def table(rows: list[Row]) -> str:
    head = ["N", "words", "bare nlp.pipe s", "extract s", "ingest s", "articles/s", "ms/article",
            "extract/bare", "ingest/bare", "CPU ingest/bare", f"goal <= {GOAL}", "quads",
            "peak RSS MB"]
    body = [
        [str(r.articles), str(r.words), f"{r.bare_s:.2f}", f"{r.extract_s:.2f}",
         f"{r.ingest_s:.2f}", f"{r.articles_per_s:.1f}", f"{r.per_article_ms:.0f}",
         f"{r.extract_ratio:.2f}", f"{r.ratio:.2f}", f"{r.cpu_ratio:.2f}", r.verdict,
         str(r.quads), f"{r.peak_rss_mb:.0f}"]
        for r in rows
    ]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    lines = [head, ["-" * w for w in widths], *body]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in lines)


def scheduling() -> str:
    """This process's nice value and its autogroup's (Linux shares the CPU between
    autogroups first: on a machine others use, ``setsid`` and ``echo -10 >
    /proc/self/autogroup`` give the benchmark its cores)."""
    try:
        with open("/proc/self/autogroup", encoding="utf-8") as f:
            group = f.read().strip()
    except OSError:
        group = "no autogroup"
    return f"nice {os.nice(0)}; {group}"


def git_state() -> dict[str, Any]:
    """The commit measured and whether the work tree had changes (others edit it)."""
    import subprocess

    root = Path(__file__).resolve().parent.parent

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=root, capture_output=True, text=True,
                                  check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def profile(n: int, out: Path, *, seed: int, top: int = 30) -> str:
    """Ingest ``n`` articles under cProfile; save the stats and return the top lines."""
    arts = parse(generate_articles(n, seed=seed), "bench")
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        prof.enable()
        ingest_once(arts, Path(tmp))
        prof.disable()
    prof.dump_stats(str(out))
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def workers_table(w: dict[str, Any]) -> str:
    head = ["", "articles/s (steady)", "end-to-end s", "CPU s (this process)", "CPU s (workers)"]
    body = [["bare nlp.pipe", f"{w['bare']['articles_per_s']:.1f}", f"{w['bare']['wall_s']:.2f}",
             f"{w['bare']['cpu_s']:.2f}", "-"]]
    for key, name in (("one", "--workers 1"), ("two", "--workers 2")):
        r = w[key]
        body.append([name, f"{r['articles_per_s']:.1f}", f"{r['end_to_end_s']:.2f}", f"{r['cpu_s']:.2f}",
                     f"{r['workers_cpu_s']:.2f}" if key == "two" else "-"])
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    lines = [head, ["-" * x for x in widths], *body]
    return "\n".join("  ".join(c.rjust(x) for c, x in zip(line, widths, strict=True)) for line in lines)


def memory_table(rows: list[dict[str, Any]]) -> str:
    head = ["command", "articles", "workers", "wall s", "articles/s", "peak RSS MB (largest process)",
            "peak RSS MB (process tree)", "result"]
    body = [[r.get("command", "ingest"), str(r["articles"]), str(r["workers"]), f"{r['wall_s']:.0f}",
             f"{r['articles_per_s']:.1f}",
             f"{r['peak_rss_mb']:.0f}", f"{r['tree_peak_rss_mb']:.0f}", r["result"]] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    lines = [head, ["-" * x for x in widths], *body]
    return "\n".join("  ".join(c.rjust(x) for c, x in zip(line, widths, strict=True)) for line in lines)


def main(argv: list[str] | None = None) -> int:
    from kgraph.parallel import default_workers

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=["table", "workers", "memory"],
                        default=["table", "workers", "memory"], help="the parts to run (default all)")
    parser.add_argument("--articles", type=int, nargs="+", default=[100], metavar="N",
                        help="table: article counts to measure (default 100)")
    parser.add_argument("--json", type=Path, metavar="OUT",
                        help="also write the figures as JSON (parts not run keep those saved in OUT)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="best of R interleaved rounds (default 2; 1 = one run each)")
    parser.add_argument("--batch-size", type=int, default=16,
                        help="nlp.pipe batch size, as Extractor.extract_many's default (16)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--profile", type=Path, metavar="OUT.prof",
                        help="profile the largest N's ingest and print the hot spots")
    parser.add_argument("--workers-articles", type=int, default=320, metavar="N",
                        help="workers: articles extracted with one and two workers (default 320)")
    parser.add_argument("--chunk-size", type=int, default=16, help="workers: articles per task (16)")
    parser.add_argument("--memory", type=int, nargs="+", default=[1000, 10000], metavar="N",
                        help="memory: article counts to ingest (default 1000 10000)")
    parser.add_argument("--memory-words", type=int, default=120, metavar="W",
                        help="memory: about W words per article (default 120)")
    parser.add_argument("--memory-command", choices=["ingest", "extract"], default="ingest",
                        help="memory: the command measured (default ingest; extract: no store)")
    parser.add_argument("--memory-workers", type=int, default=default_workers(), metavar="W",
                        help="memory: ingest --workers W (default: the machine's cores)")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    print("loading and warming up ...", file=sys.stderr)
    nlp, extractor, load_times = load(args.batch_size)
    model = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"
    runs = "one run each" if args.repeat == 1 else f"best of {args.repeat} interleaved rounds"
    print(f"model {model} ({', '.join(nlp.pipe_names)}); batch size {args.batch_size}; {runs}; "
          f"seed {args.seed}; load average before {load_before[0]:.2f}; {scheduling()}")
    print("load (excluded from the timings): " + ", ".join(
        f"{k.removesuffix('_s').replace('_', ' ')} {v:.2f} s" for k, v in load_times.items()))
    ok = True

    rows: list[Row] = []
    if "table" in args.only:
        for n in args.articles:
            print(f"measuring N={n} ...", file=sys.stderr)
            rows.append(measure(n, nlp, extractor, seed=args.seed, repeat=args.repeat,
                                batch_size=args.batch_size))
        print(table(rows))
        busy = max(r.busy for r in rows)
        if busy > BUSY:
            print(f"warning: wall time was up to {busy:.1f}x CPU time: other processes shared the "
                  f"CPU, wall-clock figures are unreliable; trust the CPU ratio")

    workers: dict[str, Any] | None = None
    if "workers" in args.only:
        print(f"extracting {args.workers_articles} articles with one and two workers ...",
              file=sys.stderr)
        workers = measure_workers(args.workers_articles, nlp, extractor, seed=args.seed,
                                  chunk_size=args.chunk_size, repeat=args.repeat,
                                  batch_size=args.batch_size)
        w = workers
        print(f"\nextraction, {w['articles']} articles ({w['words']} words), chunks of "
              f"{w['chunk_size']}, no store:")
        print(workers_table(w))
        speed = "PASS" if w["speed_up"] >= SPEED_UP_GOAL else "FAIL"
        ratio = "PASS" if max(w["one_vs_bare"], w["one_vs_bare_cpu"]) <= GOAL else "FAIL"
        print(f"speed-up, two workers / one: {w['speed_up']:.2f} (goal >= {SPEED_UP_GOAL}) {speed}; "
              f"end to end, worker start-up included: {w['end_to_end_speed_up']:.2f}")
        print(f"one worker / bare nlp.pipe: {w['one_vs_bare']:.2f} wall, {w['one_vs_bare_cpu']:.2f} "
              f"CPU (goal <= {GOAL}) {ratio}")
        print(f"identical N-Quads from one and two workers: {w['identical_nquads']}; "
              f"{w['quads_per_article']:.0f} quads and {w['nquads_bytes_per_article'] / 1000:.0f} kB "
              f"of N-Quads per article")
        ok &= speed == "PASS" and ratio == "PASS" and w["identical_nquads"]

    memory: list[dict[str, Any]] = []
    if "memory" in args.only:
        with tempfile.TemporaryDirectory(prefix="kgraph-bench-corpus-") as tmp:
            for n in args.memory:
                folder = Path(tmp) / str(n)
                words = write_corpus(folder, n, seed=args.seed, words=args.memory_words)
                print(f"{args.memory_command} of {n} short articles ({words / n:.0f} words each) ...",
                      file=sys.stderr)
                memory.append(measure_memory(n, folder, workers=args.memory_workers,
                                             command=args.memory_command) |
                              {"words_per_article": words / n})
                print(memory_table(memory[-1:]), file=sys.stderr)  # kept if a larger N fails
        where = "into a fresh store" if args.memory_command == "ingest" else "to an N-Quads file"
        print(f"\nkgraph {args.memory_command} of short articles (about {args.memory_words} words) {where}:")
        print(memory_table(memory))
        if len(memory) > 1:
            small, large = memory[0], memory[-1]
            for key, what in (("peak_rss_mb", "largest process"), ("tree_peak_rss_mb", "process tree")):
                r = large[key] / small[key]
                verdict = "PASS" if r <= MEMORY_GOAL else "FAIL"
                ok &= verdict == "PASS"
                print(f"peak RSS {large['articles']} / {small['articles']} articles ({what}): "
                      f"{r:.2f} (goal <= {MEMORY_GOAL}) {verdict}")
    load_after = os.getloadavg()
    print(f"load average after: {load_after[0]:.2f} (1 min), {load_after[1]:.2f} (5 min), "
          f"{load_after[2]:.2f} (15 min)")

    if args.json:
        import spacy

        doc = {
            "goal_ratio": GOAL,
            "goal_speed_up": SPEED_UP_GOAL,
            "goal_memory_ratio": MEMORY_GOAL,
            "model": model,
            "pipes": nlp.pipe_names,
            "batch_size": args.batch_size,
            "repeat": args.repeat,
            "timing": runs,
            "seed": args.seed,
            "python": platform.python_version(),
            "spacy": spacy.__version__,
            "machine": platform.machine(),
            "cores": default_workers(),
            "scheduling": scheduling(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "load": load_times,
            "git": git_state(),
            "runs": [asdict(r) | {"verdict": r.verdict} for r in rows],
            "workers": workers,
            "memory" if args.memory_command == "ingest" else "memory_extract": memory,
        }
        if args.json.exists():  # the parts not run this time keep their saved figures
            old = json.loads(args.json.read_text(encoding="utf-8"))
            for key in ("runs", "workers", "memory", "memory_extract"):
                if not doc.get(key) and old.get(key):
                    doc[key] = old[key]
                    doc.setdefault("kept_from_earlier_run", {})[key] = old.get("git", {})
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)

    if args.profile:
        n = max(args.articles)
        print(f"profiling ingest of N={n} ...", file=sys.stderr)
        print(profile(n, args.profile, seed=args.seed))
    return 0 if ok and all(r.verdict == "PASS" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
