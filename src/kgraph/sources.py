"""Read articles from files, folders or stdin into :class:`~kgraph.model.Article`.

A file is UTF-8 text (``.txt``) or Markdown (``.md``), optionally opened by a YAML
front-matter block with ``title``, ``published`` (ISO date) and ``source``.

>>> a = parse_article("---\\ntitle: Talks\\npublished: 2025-11-30\\n---\\nThey met.\\n")
>>> a.title, a.published.isoformat(), a.body
('Talks', '2025-11-30', 'They met.\\n')
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kgraph.errors import KGraphError
from kgraph.iri import article_id
from kgraph.model import Article

#: File endings read when a folder is given.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
#: Longest article body read, in characters (``KGRAPH_MAX_CHARS``); spaCy's own limit.
MAX_CHARS = 1_000_000
#: Bytes read from a file per character allowed (markup, multi-byte characters); more
#: is refused before it is all read (``/dev/zero``, a multi-GB file).
BYTES_PER_CHAR = 10
#: Longest front matter, in characters, and how deep its values may nest: it is small,
#: flat data (title, published, source), so an alias bomb or a huge block is refused.
FRONT_MATTER_MAX = 64 * 1024
FRONT_MATTER_DEPTH = 10
_ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by",
    "at", "from", "he", "it", "his", "are", "be", "has", "said", "have", "not", "this", "an",
    "but", "were", "which", "its", "their", "they", "who", "after", "will", "been", "would",
})

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def max_chars() -> int:
    """The longest article body read, in characters: ``KGRAPH_MAX_CHARS`` if set, else
    :data:`MAX_CHARS`.

    >>> max_chars() == int(os.environ.get("KGRAPH_MAX_CHARS") or MAX_CHARS)
    True
    """
    raw = os.environ.get("KGRAPH_MAX_CHARS", "").strip()
    if not raw:
        return MAX_CHARS
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise KGraphError(f"KGRAPH_MAX_CHARS must be a positive whole number, not {raw!r}")
    return value


def max_bytes() -> int:
    """The most bytes read from one file or stdin (:data:`BYTES_PER_CHAR` per allowed
    character, plus the front matter)."""
    return BYTES_PER_CHAR * max_chars() + 4 * FRONT_MATTER_MAX


def read_bounded(stream: object, name: str) -> bytes:
    """At most :func:`max_bytes` bytes of a binary (or text) stream; one more is an
    error, so ``/dev/zero`` or a multi-GB file is never read whole.

    >>> import io
    >>> read_bounded(io.BytesIO(b"They met."), "a.txt")
    b'They met.'
    """
    limit = max_bytes()
    data = stream.read(limit + 1)  # type: ignore[attr-defined]
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > limit:
        raise KGraphError(
            f"{name}: more than {limit:,} bytes, over the {max_chars():,} limit of characters; "
            "split the file into articles (or raise KGRAPH_MAX_CHARS)"
        )
    return data


#: Byte-order marks of the encodings read besides UTF-8 (UTF-32 first: its LE mark
#: starts with UTF-16's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, name: str) -> str:
    """Decode a file's bytes: UTF-8 (a BOM is allowed), or UTF-16/UTF-32 opened by a
    byte-order mark; no NUL bytes.

    >>> decode(b"caf\\xc3\\xa9", "a.txt")
    'café'
    >>> decode("café".encode("utf-16"), "a.txt")
    'café'
    >>> decode(b"\\x00\\x01", "a.bin")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: a.bin: binary file, not text
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise KGraphError(
                    f"{name}: not valid {encoding.upper()} (byte {exc.start}); convert it "
                    "to UTF-8 first, e.g. iconv -t UTF-8"
                ) from None
            if "\x00" in text:
                raise KGraphError(f"{name}: binary file, not text")
            return text.removeprefix("\ufeff")
    if b"\x00" in data:
        sample = data[:4096]
        half = len(sample) // 2
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if half >= 4 and max(even, odd) > 0.6 * half:
            order = "BE" if even > odd else "LE"
            raise KGraphError(
                f"{name}: looks like UTF-16{order} text without a byte-order mark; convert it "
                f"to UTF-8 first, e.g. iconv -f UTF-16{order} -t UTF-8"
            )
        raise KGraphError(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KGraphError(
            f"{name}: not valid UTF-8 (byte {exc.start}); convert it first, e.g. iconv -t UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _parse_date(value: object, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.match(r"(\d{4})-(\d\d?)-(\d\d?)(?!\d)", text)  # YAML's dates: 2025-1-5 too
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise KGraphError(f"{name}: 'published' is not an ISO date: {shown}") from None


def looks_like_html(text: str) -> bool:
    """Whether a file is an HTML page rather than text.

    >>> looks_like_html("<!DOCTYPE html><html><body>Hi</body></html>")
    True
    """
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def html_to_text(html: str) -> str:
    """The readable text of an HTML page: paragraphs and headings one per line,
    scripts, styles and navigation dropped, entities decoded.

    >>> html_to_text("<h1>Talks</h1><script>x()</script><p>Rubio met&nbsp;Umerov.</p>")
    'Talks\\nRubio met Umerov.\\n'
    """
    from html.parser import HTMLParser

    skip = {"script", "style", "noscript", "template", "nav", "footer", "head", "svg"}
    blocks = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "title",
              "article", "section", "blockquote", "header"}

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in skip:
                self.hidden += 1
            elif tag in blocks:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in skip:
                self.hidden = max(0, self.hidden - 1)
            elif tag in blocks:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def _check_body(body: str, name: str) -> None:
    limit = max_chars()
    if len(body) > limit:
        raise KGraphError(
            f"{name}: {len(body):,} characters is over the {limit:,} limit; split the file "
            "into articles (or raise KGRAPH_MAX_CHARS)"
        )
    words = re.findall(r"[^\W\d_]+", body.casefold())
    if len(words) >= 40 and sum(w in _ENGLISH for w in words) / len(words) < 0.12:
        raise KGraphError(f"{name}: does not look like English text; kgraph reads English news")


def parse_article(text: str, name: str = "<stdin>", path: str | None = None) -> Article:
    """Split front matter from body and build an Article; errors are one line.
    HTML is reduced to its text first (offsets then point into that text).

    >>> parse_article("   \\n", "empty.txt")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: empty.txt: no text to read
    """
    if looks_like_html(text):
        text = html_to_text(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise KGraphError(f"{name}: not valid Unicode (a lone surrogate at character "
                          f"{exc.start})") from None
    meta: dict = {}
    offset = 0
    match = _FRONT_MATTER.match(text)
    if match:
        meta = front_matter(match.group(1), name)
        offset = match.end()
    body = text[offset:]
    if not body.strip():
        raise KGraphError(f"{name}: no text to read")
    _check_body(body, name)
    title = meta.get("title")
    if not title:
        first = body.strip().splitlines()[0].strip().lstrip("# ")
        title = first if len(first) <= 120 else Path(name).stem
    return Article(
        id=article_id(text),
        text=text,
        title=_unicode(title, "title", name),
        published=_parse_date(meta.get("published") or meta.get("date"), name),
        source=_unicode(meta["source"], "source", name) if meta.get("source") else None,
        path=path,
        offset=offset,
    )


class _Refused(Exception):
    """Front matter YAML that is valid but not accepted (an alias, deep nesting)."""

    def __init__(self, problem: str, mark: object) -> None:
        super().__init__(problem)
        self.problem, self.mark = problem, mark


@functools.cache
def _loader() -> type:
    """A ``yaml.SafeLoader`` for front matter: no anchors or aliases (an alias bomb
    expands 2 KB into gigabytes), nesting bounded, dates kept as text (checked by
    :func:`_parse_date`, so ``2025-02-30`` is a one-line error)."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: object, index: object) -> object:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _Refused("uses a YAML anchor or alias", event.start_mark)
            if self.depth >= FRONT_MATTER_DEPTH:
                raise _Refused(f"nests deeper than {FRONT_MATTER_DEPTH} levels", event.start_mark)
            self.depth += 1
            try:
                return super().compose_node(parent, index)  # type: ignore[no-untyped-call]
            finally:
                self.depth -= 1

    FrontMatterLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_str)
    return FrontMatterLoader


def front_matter(block: str, name: str) -> dict:
    """The ``key: value`` mapping of a front-matter block (the text between the
    ``---`` lines); errors are one line.

    >>> front_matter("title: Talks\\npublished: 2025-11-30", "a.txt")
    {'title': 'Talks', 'published': '2025-11-30'}
    >>> front_matter("a: &x [1]\\nb: *x", "a.txt")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: a.txt: front matter uses a YAML anchor or alias (line 2)
    """
    import yaml

    if len(block) > FRONT_MATTER_MAX:
        raise KGraphError(
            f"{name}: front matter is {len(block):,} characters, over the {FRONT_MATTER_MAX:,} "
            "limit; it holds a title, a date and a source"
        )
    try:
        loaded = yaml.load(block, Loader=_loader()) or {}  # a SafeLoader
    except _Refused as exc:
        line = getattr(exc.mark, "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise KGraphError(f"{name}: front matter {exc.problem}{where}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise KGraphError(f"{name}: front matter is not valid YAML{where}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        detail = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise KGraphError(f"{name}: front matter has a value that cannot be read ({detail})") from None
    if not isinstance(loaded, dict):
        raise KGraphError(f"{name}: front matter must be 'key: value' lines")
    return loaded


def _unicode(value: object, key: str, name: str) -> str:
    """A front-matter value as text; an escaped surrogate pair (``"\\ud83d\\ude00"``)
    is joined, a lone surrogate (``"\\ud800"``) is a one-line error.

    >>> _unicode("\\ud83d\\ude00", "title", "a.txt") == "\\U0001f600"
    True
    """
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise KGraphError(
                f"{name}: front matter {key!r} has a lone surrogate (an escape like "
                "\\ud800 with no pair), which is not a character"
            ) from None
    return text


def read_file(path: Path) -> Article:
    """Read one article file.

    >>> read_file(Path("no/such/file.txt"))
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: no/such/file.txt: no such file
    """
    try:
        with path.open("rb") as stream:
            data = read_bounded(stream, str(path))
    except FileNotFoundError:
        raise KGraphError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise KGraphError(f"{path}: is a folder") from None
    except OSError as exc:
        raise KGraphError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_article(decode(data, str(path)), str(path), str(path))


def expand(paths: Iterable[str]) -> list[str]:
    """Files named, files inside folders (sorted, recursive), and ``-`` for stdin."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
            )
            if not found:
                raise KGraphError(f"{p}: no {', '.join(SUFFIXES)} files in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def read_articles(paths: Iterable[str], stdin: object = None) -> Iterator[Article]:
    """Articles from each path (``-`` reads stdin) in order."""
    for p in expand(paths):
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = read_bounded(stream, "<stdin>")
            yield parse_article(decode(data, "<stdin>"), "<stdin>")
        else:
            yield read_file(Path(p))
