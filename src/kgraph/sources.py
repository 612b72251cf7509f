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
SUFFIXES = (".txt", ".md", ".markdown")

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


def parse_article(text: str, name: str = "<stdin>", path: str | None = None) -> Article:
    """Split front matter from body and build an Article; errors are one line.

    >>> parse_article("   \\n", "empty.txt")
    Traceback (most recent call last):
    ...
    kgraph.errors.KGraphError: empty.txt: no text to read
    """
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
