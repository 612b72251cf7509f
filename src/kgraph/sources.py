"""Read articles from files, folders or stdin into :class:`~kgraph.model.Article`.

A file is UTF-8 text (``.txt``) or Markdown (``.md``), optionally opened by a YAML
front-matter block with ``title``, ``published`` (ISO date) and ``source``.

>>> a = parse_article("---\\ntitle: Talks\\npublished: 2025-11-30\\n---\\nThey met.\\n")
>>> a.title, a.published.isoformat(), a.body
('Talks', '2025-11-30', 'They met.\\n')
"""

from __future__ import annotations

import datetime as dt
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
_ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by",
    "at", "from", "he", "it", "his", "are", "be", "has", "said", "have", "not", "this", "an",
    "but", "were", "which", "its", "their", "they", "who", "after", "will", "been", "would",
})

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def decode(data: bytes, name: str) -> str:
    """Decode a file's bytes: UTF-8 (a BOM is allowed), no NUL bytes.

    >>> decode(b"caf\\xc3\\xa9", "a.txt")
    'café'
    >>> decode(b"\\x00\\x01", "a.bin")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: a.bin: binary file, not text
    """
    if b"\x00" in data:
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
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise KGraphError(f"{name}: 'published' is not an ISO date: {value!r}") from None


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
    import os

    limit = int(os.environ.get("KGRAPH_MAX_CHARS", MAX_CHARS))
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
    meta: dict = {}
    offset = 0
    match = _FRONT_MATTER.match(text)
    if match:
        import yaml

        try:
            loaded = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            raise KGraphError(f"{name}: front matter is not valid YAML{where}") from None
        if not isinstance(loaded, dict):
            raise KGraphError(f"{name}: front matter must be 'key: value' lines")
        meta = loaded
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
        title=str(title),
        published=_parse_date(meta.get("published") or meta.get("date"), name),
        source=str(meta["source"]) if meta.get("source") else None,
        path=path,
        offset=offset,
    )


def read_file(path: Path) -> Article:
    """Read one article file.

    >>> read_file(Path("no/such/file.txt"))
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: no/such/file.txt: no such file
    """
    try:
        data = path.read_bytes()
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
            data = stream.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield parse_article(decode(data, "<stdin>"), "<stdin>")
        else:
            yield read_file(Path(p))
