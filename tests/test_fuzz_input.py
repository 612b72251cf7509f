"""Fuzzing article input (issue 9): random front matter, random bytes and random text
through :func:`kgraph.sources.parse_article`, :func:`~kgraph.sources.read_articles`
and ``kgraph extract -``. Every case is an article or a one-line
:class:`~kgraph.errors.KGraphError`; nothing else may escape."""

from __future__ import annotations

import io

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.errors import KGraphError
from kgraph.model import Article
from kgraph.sources import parse_article, read_articles
from tests.cli import run

BODY = "Secretary of State Marco Rubio met Ukraine's Rustem Umerov in Geneva on Sunday.\n"
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters that mean something to YAML, and some that trouble text handling.
_YAML_CHARS = st.sampled_from([
    *"abcXY01 :-?,[]{}&*!|>'\"#%@`\\\n\t.~=<+_/", "\ud800", "\ufeff", "\x00", "\x85",
    "\u2028", "é", "---", "...", "!!binary ", "!!python/object ",
    "<<: ", "&a ", "*a", "0x", "1e9999", "2025-02-30", "0001-01-01", "9999-12-31", "\\ud800",
])
_KEYS = st.sampled_from(["title", "published", "date", "source", "tags", "x", "<<", "?"])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.dates().map(str), st.sampled_from(["2025-02-30", "0001-01-01", "9999-12-31", "2025-1-5",
                                          "\ud800", "\udfff", "nan", ".inf", "~", ""]),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


def _check(run_it) -> Article | None:
    """Run; an Article or a one-line KGraphError, nothing else."""
    try:
        result = run_it()
    except KGraphError as exc:
        assert "\n" not in str(exc) and str(exc).strip(), repr(str(exc))
        return None
    assert isinstance(result, Article)
    assert isinstance(result.title, str) and len(result.title) <= 70_000
    result.title.encode("utf-8")  # a valid string: it goes into RDF and XML
    return result


@FAST
@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_random_front_matter_values(meta):
    try:
        front = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=None)
    except yaml.YAMLError:
        return
    _check(lambda: parse_article(f"---\n{front}---\n{BODY}", "fuzz.txt"))


@FAST
@given(st.lists(_YAML_CHARS, max_size=60).map("".join))
def test_random_front_matter_syntax(front):
    _check(lambda: parse_article(f"---\n{front}\n---\n{BODY}", "fuzz.txt"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 1500), st.sampled_from(["[", "{a: ", "- ", "? ", "&a [", "!!seq ["]))
def test_deep_front_matter(depth, opener):
    closer = {"[": "]", "{a: ": "}", "&a [": "]", "!!seq [": "]"}.get(opener, "")
    front = "title: Talks\nx: " + opener * depth + "1" + closer * depth
    _check(lambda: parse_article(f"---\n{front}\n---\n{BODY}", "fuzz.txt"))


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    for blob in (data, b"---\n" + data + b"\n---\n" + BODY.encode(), b"\xff\xfe" + data,
                 b"\xef\xbb\xbf" + data):
        _check(lambda blob=blob: next(read_articles(["-"], stdin=io.BytesIO(blob))))


@FAST
@given(st.text(max_size=2000))
def test_random_text(text):
    _check(lambda: parse_article(text, "fuzz.txt"))
    _check(lambda: parse_article("<html><body>" + text, "fuzz.html"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=300),
    st.lists(_YAML_CHARS, max_size=30).map(lambda f: f"---\n{''.join(f)}\n---\n{BODY}".encode(
        "utf-8", "surrogatepass")),
))
def test_random_input_through_the_cli(data):
    """``kgraph extract -``: exit 0 with N-Quads, or exit 1 with one line, never a
    traceback (``run`` lets any exception through)."""
    result = run("extract", "-", input=data)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        err = result.stderr.strip()
        assert err.startswith("Error: ") and len(err.splitlines()) == 1, err
