"""The README's shell transcripts, run for real and compared with what the README shows.

A transcript is a fenced block whose first line starts with ``$ ``: each ``$`` line is a
command, the lines up to the next ``$`` line are its output (stdout and stderr together,
as a terminal shows them). Each command runs through ``bash`` with the project's
``kgraph`` first on ``PATH``, exactly as written.

To bring stale transcripts up to date, run
``KGRAPH_README_UPDATE=1 .venv/bin/python -m pytest tests/test_readme_transcripts.py``: it
rewrites the output of every failing transcript in README.md with the real output, keeping
the README's ``...`` elisions (see ``elide``), and changes nothing else.

Where the commands run: every section (the transcripts under one heading) gets its own
working directory that stands
for the top of a clone after ``make demo`` (the README's set-up): ``examples/`` (and the
other folders in ``LINKED``) linked in, and ``out/store`` a copy of the demo store, made
once per module by the Makefile's own command (``DEMO``). The blocks of a section run in
README order in that directory, so a later block sees what an earlier one wrote (``load``
reads what ``extract`` wrote). The ``ingest`` section starts with no store: its first
transcript is the set-up's own ingest. A sibling ``../shared`` is linked when it exists.

How output is compared (``matches``): line by line, trailing spaces ignored. A line that
is exactly ``...`` stands for any number of omitted lines (zero or more); every other line
must appear, in order, with the shown lines between two ``...`` contiguous. Without a
leading ``...`` the output must start with the first shown line, without a trailing one
it must end with the last. Before comparing, the output goes through ``NORMALISE``.

Commands that cannot run in a test are listed in ``SKIPPED`` with the reason; a command
that mentions ``../shared`` is skipped when that folder is absent. The README's other code
blocks (no ``$`` prompt, no output) are listed in ``NOT_TRANSCRIPTS`` with the reason they
are not run; a block in neither list fails ``test_every_code_block_is_accounted_for``.

To see the real output of every transcript::

    KGRAPH_README_SHOW=1 .venv/bin/python -m pytest tests/test_readme_transcripts.py -s

Update mode (``KGRAPH_README_UPDATE=1``) uses the same runner, so what it writes is what
the test compares. A stale command's test then passes; the README is written once, when
the module's tests are done (the ``readme_update`` fixture), only if a transcript changed
and only if README.md was not edited meanwhile; the new README is parsed again and checked
against the outputs before it is written. Check the diff (``git diff README.md``): a
changed number may deserve a word in the prose around it.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"

# Folders of the clone the commands read, linked into each working directory.
LINKED = ("examples", "queries", "graph")

# How ``make demo`` fills out/store. Run from a working directory like the others: the store
# records the article paths as given, so the ``ingested_store`` fixture (absolute paths)
# would export a few bytes more than a user's store.
DEMO = "kgraph --store out/store ingest examples/"

# Sections whose working directory starts without out/store (see the module docstring).
STARTS_EMPTY = {"ingest"}

# Commands (regex searched in the command line) that cannot run in a test, with why.
SKIPPED: dict[str, str] = {
    r"--open\b": "opens a browser",
    r"--store https?://": "needs a running SPARQL server",
    r"benchmarks/": "a long benchmark",
}

# The code blocks that are not transcripts, by the start of their first line, with why.
NOT_TRANSCRIPTS: dict[str, str] = {
    "articles (.txt / .md": "a diagram",
    "make demo": "the set-up itself (installs); DEMO builds the store it leaves",
    ".venv/bin/oxigraph serve": "needs a SPARQL server in the background; tests/test_remote_store.py",
    "---": "an example input file",
    ".venv/bin/python benchmarks/": "long benchmarks",
    "from kgraph import KGraph": "a Python example with no output shown",
    ".venv/bin/python -m pip wheel": "builds and installs a wheel; tests/test_wheel.py does it",
}

# Output that legitimately varies between runs (timings, temporary paths, today's date), as
# (regex, replacement) applied before comparing. Keep it short: the commands print
# relative paths only, and the store holds no time of ingestion.
NORMALISE: list[tuple[str, str]] = [
    # when a correction was made (kgraph curate list): the README says so
    (r"\b20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ\b", "2026-01-01T09:00:00Z"),
    # how long compacting the store took (kgraph load, kgraph optimize)
    (r"\bcompacted the store in \d+\.\d s\b", "compacted the store in 0.0 s"),
]

ELLIPSIS = "..."

# Set (to anything but empty) to rewrite stale outputs in README.md (see the docstring).
UPDATE = bool(os.environ.get("KGRAPH_README_UPDATE"))


@dataclass
class Command:
    line: int  # README line of the ``$`` line
    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    commands: list[Command] = field(default_factory=list)


@dataclass
class Block:
    line: int  # README line of the opening fence
    title: str  # the heading above it
    lines: list[str]

    @property
    def is_transcript(self) -> bool:
        return bool(self.lines) and self.lines[0].startswith("$ ")


def code_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, with the heading above each."""
    blocks: list[Block] = []
    title, block = "", None
    for number, line in enumerate(text.splitlines(), 1):
        if block is None:
            if line.startswith("```"):
                block = Block(number, title, [])
            elif line.startswith("#"):
                title = line.lstrip("#").strip()
        elif line.strip() == "```":
            blocks.append(block)
            block = None
        else:
            block.lines.append(line)
    return blocks


def parse(text: str) -> list[Section]:
    """The transcripts of a README, grouped by the heading above them."""
    sections: dict[str, Section] = {}
    for block in filter(lambda b: b.is_transcript, code_blocks(text)):
        section = sections.setdefault(block.title, Section(block.title))
        for number, row in enumerate(block.lines, block.line + 1):
            if row.startswith("$ "):
                section.commands.append(Command(number, row[2:]))
            else:
                section.commands[-1].expected.append(row)
    return list(sections.values())


def not_transcript_reason(block: Block) -> str | None:
    first = block.lines[0] if block.lines else ""
    return next((why for start, why in NOT_TRANSCRIPTS.items() if first.startswith(start)), None)


TEXT = README.read_text()
BLOCKS = code_blocks(TEXT)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"L{b.line}" for b in BLOCKS])
def test_every_code_block_is_accounted_for(block: Block):
    """Each block is a transcript (run below) or listed in NOT_TRANSCRIPTS (not run)."""
    if block.is_transcript:
        return
    assert not any(line.startswith("$ ") for line in block.lines), (
        f"README.md:{block.line}: a transcript must start with its command")
    reason = not_transcript_reason(block)
    assert reason, f"README.md:{block.line}: neither a transcript nor in NOT_TRANSCRIPTS"
    pytest.skip(f"README.md:{block.line}: not run: {reason}")


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` with ``...`` lines as wildcards for any run of lines of ``actual``."""
    chunks = chunks_of(expected)
    if len(chunks) == 1:
        return expected == actual
    head, *middle, tail = chunks
    pos, end = len(head), len(actual) - len(tail)
    if end < pos or actual[:pos] != head or actual[end:] != tail:
        return False
    for chunk in middle:  # the leftmost place is right when only wildcards separate chunks
        for start in range(pos, end - len(chunk) + 1):
            if actual[start : start + len(chunk)] == chunk:
                pos = start + len(chunk)
                break
        else:
            return False
    return True


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a"], ["a", "b"], False),
        (["a", "..."], ["a", "b", "c"], True),
        (["...", "c"], ["a", "b", "c"], True),
        (["...", "b", "..."], ["a", "b", "c"], True),
        (["a", "...", "c"], ["a", "c"], True),
        (["a", "...", "c"], ["a", "b"], False),
        (["...", "b", "c", "..."], ["b", "x", "c"], False),
        (["a", "...", "a"], ["a"], False),
    ],
)
def test_matches(expected, actual, result):
    assert matches(expected, actual) is result


def chunks_of(expected: list[str]) -> list[list[str]]:
    """The shown runs of lines of an output, split at the ``...`` lines."""
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line == ELLIPSIS:
            chunks.append([])
        else:
            chunks[-1].append(line)
    return chunks


def _placement(chunk: list[str], actual: list[str], lo: int, hi: int) -> int:
    """Where in ``actual[lo:]`` (starting at most at ``hi``) ``chunk`` fits best: most equal
    lines, then most similar ones, then the earliest."""
    def score(start: int) -> tuple[int, float]:
        pairs = list(zip(chunk, actual[start : start + len(chunk)], strict=True))
        return (sum(a == b for a, b in pairs),
                sum(difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs))
    return max(range(lo, hi + 1), key=lambda start: (score(start), -start))


def elide(expected: list[str], actual: list[str]) -> list[str]:
    """``actual`` shown the way the README showed ``expected``: as many lines at the start
    and at the end as it showed there, ``...`` where it had one, and each run of lines it
    showed between two ``...`` taken from where it best fits in ``actual``. Without ``...``,
    or when ``actual`` is too short for the shape, all of ``actual``."""
    chunks = chunks_of([line.rstrip() for line in expected])
    if len(chunks) == 1:
        return list(actual)
    head, *middle, tail = chunks
    if len(head) + sum(map(len, middle)) + len(tail) > len(actual):
        return list(actual)
    out, pos, end = list(actual[: len(head)]), len(head), len(actual) - len(tail)
    for index, chunk in enumerate(middle):
        room = sum(map(len, middle[index + 1 :]))
        start = _placement(chunk, actual, pos, end - room - len(chunk))
        out += [ELLIPSIS, *actual[start : start + len(chunk)]]
        pos = start + len(chunk)
    return [*out, ELLIPSIS, *actual[end:]]


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        (["a", "b"], ["x", "y", "z"], ["x", "y", "z"]),
        (["a", "...", "c", "d"], list("vwxyz"), ["v", "...", "y", "z"]),
        (["...", "c"], list("vwxyz"), ["...", "z"]),
        (["a", "b", "..."], list("vwxyz"), ["v", "w", "..."]),
        (["a", "b", "...", "c"], ["x", "y"], ["x", "y"]),
        (["a", "...", "c"], ["x", "y"], ["x", "...", "y"]),
        (["...", "errors: 2", "e1", "..."], ["s", "errors: 3", "e1", "e2", "e3", "t"],
         ["...", "errors: 3", "e1", "..."]),
        (["...", "b", "...", "d", "..."], ["a", "b", "c", "d2"], ["...", "b", "...", "d2", "..."]),
        (["h", "...", "m", "...", "t"], ["h", "t"], ["h", "t"]),
    ],
)
def test_elide(expected, actual, result):
    assert elide(expected, actual) == result
    assert matches(result, actual)


def rewrite(text: str, outputs: dict[int, tuple[int, list[str]]]) -> str:
    """``text`` with, for each ``$`` line number, the ``old`` lines after it replaced by
    ``new`` (``outputs[line] = (old, new)``); every other byte unchanged."""
    lines = text.splitlines(keepends=True)  # numbered as code_blocks numbers them
    for number in sorted(outputs, reverse=True):
        old, new = outputs[number]
        lines[number : number + old] = [f"{line}\n" for line in new]
    return "".join(lines)


def test_rewrite():
    text = "intro\n```\n$ a\nold\n...\n$ b\nsame\n```\r\nend"
    assert rewrite(text, {3: (2, ["new", "..."])}) == text.replace("old", "new")
    assert rewrite(text, {3: (2, []), 6: (1, ["x", "y"])}) == (
        "intro\n```\n$ a\n$ b\nx\ny\n```\r\nend")


class ReadmeUpdate:
    """The new outputs of the stale commands, written into README.md by ``write``."""

    def __init__(self) -> None:
        self.outputs: dict[int, tuple[int, list[str]]] = {}
        self.actual: dict[int, list[str]] = {}

    def record(self, command: Command, actual: list[str]) -> None:
        bad = [line for line in actual if line.startswith(("$ ", "```"))]
        if bad:  # would read back as a command or the end of the block
            pytest.fail(f"README.md:{command.line}: cannot update, the output has {bad[0]!r}",
                        pytrace=False)
        self.outputs[command.line] = (len(command.expected), elide(command.expected, actual))
        self.actual[command.line] = actual

    def write(self) -> str:
        """Write README.md and say what changed (nothing when no output changed)."""
        if not self.outputs:
            return "README.md: every transcript is up to date"
        if README.read_text() != TEXT:
            raise RuntimeError("README.md changed while the tests ran; not updated, run again")
        text = rewrite(TEXT, self.outputs)
        # Read back as the test will: the same blocks and commands, every update a match.
        assert len(code_blocks(text)) == len(BLOCKS), "the update broke a code block"
        pairs = list(zip([c for s in SECTIONS for c in s.commands],
                         [c for s in parse(text) for c in s.commands], strict=True))
        for old, new in pairs:
            assert new.text == old.text, f"README.md:{old.line}: the update changed a command"
            if old.line in self.actual:
                assert matches(new.expected, self.actual[old.line]), (
                    f"README.md:{old.line}: the updated output does not match")
        README.write_text(text)
        lines = ", ".join(f"L{new.line}" for old, new in pairs if old.line in self.outputs)
        return f"README.md: updated the output of {len(self.outputs)} command(s): {lines}"


@pytest.fixture(scope="module")
def readme_update(request) -> Iterator[ReadmeUpdate | None]:
    """In update mode, collects the stale outputs and writes README.md once, at the end."""
    if not UPDATE:
        yield None
        return
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("KGRAPH_README_UPDATE needs a single process (-p no:xdist)", pytrace=False)
    update = ReadmeUpdate()
    yield update
    message = update.write()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
            reporter.write_line(f"\n{message}")


def normalise(output: str) -> list[str]:
    for pattern, replacement in NORMALISE:
        output = re.sub(pattern, replacement, output)
    return [line.rstrip() for line in output.splitlines()]


def skip_reason(command: str) -> str | None:
    for pattern, reason in SKIPPED.items():
        if re.search(pattern, command):
            return reason
    if "../shared" in command and not SHARED.is_dir():
        return "needs ../shared"
    return None


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGRAPH_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"  # stdout and stderr interleaved as on a terminal
    return env


def workdir(tmp_path: Path, demo_store: Path | None) -> Path:
    """A stand-in for the top of a clone, with ``demo_store`` copied to out/store."""
    repo = tmp_path / "repo"
    (repo / "out").mkdir(parents=True)
    for name in LINKED:
        (repo / name).symlink_to(ROOT / name)
    if SHARED.is_dir():
        (tmp_path / "shared").symlink_to(SHARED)
    if demo_store is not None:
        shutil.copytree(demo_store, repo / "out" / "store")
    return repo


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` through bash in ``cwd``; stdout holds stdout and stderr interleaved."""
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environment(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)


class Transcripts:
    """Each section's working directory and the output of its commands run so far."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory, demo_store: Path):
        self.tmp_path_factory, self.demo_store = tmp_path_factory, demo_store
        self.cwd: dict[str, Path] = {}
        self.outputs: dict[str, list[list[str] | None]] = {}

    def output(self, section: Section, index: int) -> list[str]:
        """The output of command ``index``, after running every command before it."""
        if section.title not in self.cwd:
            tmp = self.tmp_path_factory.mktemp("readme")
            store = None if section.title in STARTS_EMPTY else self.demo_store
            self.cwd[section.title] = workdir(tmp, store)
            self.outputs[section.title] = []
        done = self.outputs[section.title]
        while len(done) <= index:
            command = section.commands[len(done)]
            skipped = skip_reason(command.text)
            done.append(None if skipped else normalise(run(command.text, self.cwd[section.title]).stdout))
        return done[index]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    repo = workdir(tmp_path_factory.mktemp("demo"), None)
    proc = run(DEMO, repo)
    assert proc.returncode == 0, proc.stdout
    return repo / "out" / "store"


@pytest.fixture(scope="module")
def transcripts(tmp_path_factory, demo_store) -> Transcripts:
    return Transcripts(tmp_path_factory, demo_store)


SECTIONS = parse(TEXT)
CASES = [(s, i) for s in SECTIONS for i in range(len(s.commands))]


def _id(case: tuple[Section, int]) -> str:
    section, index = case
    command = section.commands[index]
    short = re.sub(r"^kgraph (--store \S+ )?", "", command.text)
    return f"L{command.line}-" + re.sub(r"\W+", "-", short).strip("-")[:50]


def test_the_readme_has_transcripts():
    assert len(CASES) > 20


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_transcript(case: tuple[Section, int], transcripts: Transcripts,
                    readme_update: ReadmeUpdate | None):
    section, index = case
    command = section.commands[index]
    reason = skip_reason(command.text)
    if reason:
        pytest.skip(f"README.md:{command.line}: {reason}")
    actual = transcripts.output(section, index)
    if os.environ.get("KGRAPH_README_SHOW"):
        print(f"\n--- README.md:{command.line}\n$ {command.text}", *actual, sep="\n")
    expected = [line.rstrip() for line in command.expected]
    if not matches(expected, actual):
        if readme_update is not None:
            readme_update.record(command, actual)
            return
        diff = "\n".join(difflib.unified_diff(expected, actual, "README", "actual", lineterm=""))
        pytest.fail(f"README.md:{command.line}: $ {command.text}\n{diff}", pytrace=False)
