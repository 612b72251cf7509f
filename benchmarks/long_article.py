"""Ingest time of one long article: linear in its length, or not.

    .venv/bin/python benchmarks/long_article.py [--chars N [N ...]] [--seed S]
        [--json OUT]

For each N (default 100,000, 400,000 and 1,000,000 characters) one synthetic article
is built from the bundled example articles (``examples/*.txt``): their sentences and
headline lines are shuffled with a seeded :class:`random.Random` and recombined into
paragraphs of two to five sentences, a headline line every few paragraphs, under
YAML front matter (``title``, ``published``, ``source``), until the body reaches N
characters (whole sentences, so a little under N). Each N runs in its own child
process (so its peak RSS is its own), which loads the model and warms up with one
example article (excluded from the timings), then times:

- ``parse``: :func:`kgraph.sources.parse_article` of the text;
- ``nlp``: the spaCy pipeline kgraph loads (:func:`kgraph.extract.nlp.load`, with its
  line-break component) on the body;
- ``ingest``: ``KGraph.open(<fresh temp folder>).ingest([article])`` and ``close()``.

Wall time (``time.perf_counter``) and CPU time (``time.process_time``) are reported;
chars/s is on ingest wall time; peak RSS is the child's high-water mark
(``resource.getrusage``). The goal from issue 9 is linear time: ingest time grows
like the length, so ``time(largest) / time(smallest)`` is about ``largest /
smallest`` (10 for 1M over 100k; the quadratic line-break component made it about
100). PASS needs the ratio on wall and on CPU time within 1.5x the length ratio; the
exit code is 1 otherwise. ``--json OUT`` saves the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SIZES = (100_000, 400_000, 1_000_000)
SLACK = 1.5  # a ratio up to 1.5x the length ratio still counts as linear
_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")


def pieces(folder: Path = EXAMPLES) -> tuple[list[str], list[str]]:
    """The sentences and the headline lines (no final punctuation) of the example
    articles' bodies."""
    from kgraph.sources import read_file

    sentences: list[str] = []
    headlines: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for line in read_file(path).body.splitlines():
            line = line.strip()
            if not line:
                continue
            if line[-1] not in ".!?\"”":
                headlines.append(line)
            else:
                sentences.extend(s.strip() for s in _SENTENCE.split(line) if s.strip())
    return sentences, headlines


def long_article(chars: int, seed: int = 0) -> str:
    """A synthetic article of a little under ``chars`` body characters, with front
    matter; the same ``(chars, seed)`` gives the same text.

    >>> a = long_article(5_000)
    >>> a.startswith("---\\ntitle: ") and 4_000 < len(a.split("---\\n", 2)[2]) <= 5_000
    True
    >>> a == long_article(5_000) != long_article(5_000, seed=1)
    True
    """
    rng = random.Random(seed)
    sentences, headlines = pieces()
    parts: list[str] = []
    size = 0
    while True:
        para = " ".join(rng.sample(sentences, rng.randint(2, 5)))
        if rng.random() < 0.2:
            para = f"{rng.choice(headlines)}\n{para}"
        if size + len(para) + 1 > chars:
            break
        parts.append(para)
        size += len(para) + 1
    published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
    front = (f"---\ntitle: Long synthetic article of {chars:,} characters (seed {seed})\n"
             f"published: {published.isoformat()}\n"
             f"source: kgraph benchmark (example sentences recombined)\n---\n")
    return front + "".join(p + "\n" for p in parts)


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MiB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def timed(run: Any) -> tuple[float, float, Any]:
    """Wall and CPU time (all threads) of one call, and its result."""
    cpu, start = time.process_time(), time.perf_counter()
    result = run()
    return time.perf_counter() - start, time.process_time() - cpu, result


def ingest(article: Any) -> int:
    """Ingest one article into a fresh temporary store; the quads written."""
    from kgraph import KGraph

    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        kg = KGraph.open(str(Path(tmp) / "store"))
        try:
            report = kg.ingest([article])
        finally:
            kg.close()
    if len(report.added) != 1:
        raise SystemExit(f"ingest added {len(report.added)} articles, not 1")
    return report.quads


def child(chars: int, seed: int) -> dict[str, Any]:
    """Load, warm up, then measure one article of ``chars`` characters."""
    from kgraph.extract.nlp import load
    from kgraph.sources import parse_article, read_file

    start = time.perf_counter()
    nlp = load()
    ingest(read_file(sorted(EXAMPLES.glob("*.txt"))[0]))
    load_s = time.perf_counter() - start

    text = long_article(chars, seed)
    parse_s, _, article = timed(lambda: parse_article(text, f"long-{chars}.txt"))
    nlp_s, nlp_cpu_s, doc = timed(lambda: nlp(article.body))
    tokens = len(doc)
    del doc
    ingest_s, ingest_cpu_s, quads = timed(lambda: ingest(article))
    return {
        "target_chars": chars,
        "chars": len(article.body),
        "tokens": tokens,
        "load_s": load_s,
        "parse_s": parse_s,
        "nlp_s": nlp_s,
        "nlp_cpu_s": nlp_cpu_s,
        "ingest_s": ingest_s,
        "ingest_cpu_s": ingest_cpu_s,
        "chars_per_s": len(article.body) / ingest_s,
        "quads": quads,
        "peak_rss_mb": peak_rss_mb(),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = ["chars", "tokens", "parse s", "nlp s", "ingest s", "ingest CPU s", "chars/s",
            "quads", "peak RSS MB"]
    body = [[f"{r['chars']:,}", f"{r['tokens']:,}", f"{r['parse_s']:.2f}", f"{r['nlp_s']:.1f}",
             f"{r['ingest_s']:.1f}", f"{r['ingest_cpu_s']:.1f}", f"{r['chars_per_s']:,.0f}",
             f"{r['quads']:,}", f"{r['peak_rss_mb']:.0f}"] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    lines = [head, ["-" * w for w in widths], *body]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in lines)


def git_state() -> dict[str, Any]:
    """The commit measured and whether the work tree had changes (others edit it)."""

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, nargs="+", default=list(SIZES), metavar="N",
                        help="article lengths in characters (default 100k 400k 1M)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--child", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:
        print(json.dumps(child(args.child, args.seed)))
        return 0

    rows: list[dict[str, Any]] = []
    for n in sorted(args.chars):
        print(f"measuring {n:,} characters ...", file=sys.stderr)
        out = subprocess.run([sys.executable, __file__, "--child", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"child for {n:,} characters failed:\n{out.stderr}")
        rows.append(json.loads(out.stdout.splitlines()[-1]))

    print(table(rows))
    small, large = rows[0], rows[-1]
    length_ratio = large["chars"] / small["chars"]
    ratio = large["ingest_s"] / small["ingest_s"]
    cpu_ratio = large["ingest_cpu_s"] / small["ingest_cpu_s"]
    verdict = "PASS" if max(ratio, cpu_ratio) <= SLACK * length_ratio else "FAIL"
    print(f"time({large['chars']:,}) / time({small['chars']:,}): {ratio:.1f} wall, "
          f"{cpu_ratio:.1f} CPU; length ratio {length_ratio:.1f} (linear), goal <= "
          f"{SLACK * length_ratio:.1f}: {verdict}")

    if args.json:
        import spacy

        from kgraph.extract.nlp import default_model_name

        doc = {
            "goal": f"ingest time ratio <= {SLACK} x length ratio",
            "model": default_model_name(),
            "seed": args.seed,
            "python": platform.python_version(),
            "spacy": spacy.__version__,
            "machine": platform.machine(),
            "git": git_state(),
            "rows": rows,
            "length_ratio": length_ratio,
            "ratio": ratio,
            "cpu_ratio": cpu_ratio,
            "verdict": verdict,
        }
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
