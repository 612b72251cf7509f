"""Stage ``segment``: the parsed article -> :class:`~kgraph.extract.types.Parsed`:
sentences with file offsets, headlines, bylines, credits and captions (which give no
facts) and the tokens inside quotations.

>>> is_headline("Florida Meeting Sets Stage for Critical Diplomacy")
True
>>> is_headline("The talks took place in Geneva.")
False
>>> is_headline('"Most productive day so far"')
True
"""

from __future__ import annotations

import re
from typing import Any

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.types import Parsed, Sentence
from kgraph.model import Article

#: Lines longer than this many words are never headlines.
HEADLINE_MAX_WORDS = 16


def is_headline(line: str) -> bool:
    """A short line without final punctuation (quotes and brackets aside)."""
    stripped = line.strip().rstrip("\"'”’)]»").rstrip()
    if not stripped:
        return False
    return stripped[-1] not in ".!?;:,…" and len(stripped.split()) <= HEADLINE_MAX_WORDS


def segment(article: Article, doc: Any, lex: Lexicon) -> Parsed:
    """Sentences with offsets, headline and credit flags, paragraphs; quoted tokens."""
    body = article.body
    sentences: list[Sentence] = []
    sent_of = [0] * len(doc)
    paragraph = 0
    for span in doc.sents:
        text = span.text
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        start = span.start_char + lead
        if not stripped:
            for tok in span:
                sent_of[tok.i] = max(len(sentences) - 1, 0)
            if "\n" in text:
                paragraph += 1
            continue
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", start)
        line_end = len(body) if line_end < 0 else line_end
        line = body[line_start:line_end]
        whole_line = line.strip() == stripped
        headline = whole_line and is_headline(stripped)
        credit = line_start == start and is_credit(line, lex)
        idx = len(sentences)
        sentences.append(
            Sentence(
                index=idx, tok_start=span.start, tok_end=span.end,
                start=article.offset + start, end=article.offset + start + len(stripped),
                text=stripped, headline=headline, paragraph=paragraph,
                skip=headline or credit,
            )
        )
        for tok in span:
            sent_of[tok.i] = idx
        if "\n" in text[lead:]:
            paragraph += 1
    return Parsed(article=article, doc=doc, sentences=tuple(sentences), sent_of=tuple(sent_of),
                  quoted=frozenset(quoted_tokens(doc)))


def is_credit(line: str, lex: Lexicon) -> bool:
    """A byline, photo credit or caption line ("Photo: Reuters", "By Jane Doe",
    "(AFP/File)").

    >>> from kgraph.extract.lexicon import load_lexicon
    >>> lex = load_lexicon(gazetteer=False)
    >>> is_credit("Photo: Presidential Office", lex), is_credit("By Jane Roe", lex)
    (True, True)
    >>> is_credit("By Sunday the talks had ended.", lex)
    False
    """
    low = line.strip().casefold()
    if not low:
        return False
    words = low.replace(":", " : ").replace("/", " / ").split()
    for opener in sorted(lex.words.credit_openers, key=len, reverse=True):
        n = len(opener.split())
        if words[:n] == opener.split():
            rest = line.strip()[len(opener):].lstrip(" :|-–—")
            if opener == "by":  # a byline: a few capitalised words and nothing else
                names = rest.replace(" and ", " ").replace(",", " ").split()
                return 0 < len(names) <= 6 and all(w[:1].isupper() for w in names) and not (
                    rest.rstrip().endswith((".", "!", "?")))
            return len(words) <= 16 or ":" in words[: n + 1]
    inner = low.strip("()[] ")
    if low.startswith(("(", "[")) and low.endswith((")", "]")):
        parts = {p.strip() for p in inner.replace("/", " ").split()}
        return bool(parts & lex.words.credit_words)
    return False


def quoted_tokens(doc: Any, min_words: int = 4) -> set[int]:
    """Tokens between quotation marks (a quote may span sentences). Short scare quotes
    ("constant contact", "shadow fleet") are not quotations."""
    out: set[int] = set()
    inside = False
    current: list[int] = []
    for tok in doc:
        t = tok.text
        if t in ('"', "“", "”", "``", "''"):
            opening = t == "“" or (t not in ("”",) and not inside)
            if (inside and not opening) or t == "”":
                if sum(1 for i in current if doc[i].is_alpha) >= min_words:
                    out.update(current)
                current = []
                inside = False
            else:
                inside = True
                current = []
            continue
        if inside:
            current.append(tok.i)
    if inside and sum(1 for i in current if doc[i].is_alpha) >= min_words:
        out.update(current)
    return out


#: "KYIV, Dec 3 (Reuters) -", "WASHINGTON (AP) —" at the start of a line.
_DATELINE = re.compile(
    r"^(?P<d>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s[A-Z][A-Za-z.]+)?"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*[-–—]+)\s",
    re.MULTILINE,
)


#: Markdown markup: heading hashes, bullets, quote marks at line start, emphasis.
_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}|[-*+>]|\d+\.)(?=[ \t])|\*\*|__", re.MULTILINE)


def mask_datelines(body: str) -> str:
    r"""The body with wire datelines and Markdown markup blanked (same length, so
    offsets hold): a dateline is no sentence and its agency is no actor; "##" is no
    word.

    >>> mask_datelines("BERLIN, Dec 15 (Wire) - Talks ended.").lstrip()
    'Talks ended.'
    >>> mask_datelines("## The exchange\n**Kyiv** said so.")
    '   The exchange\n  Kyiv   said so.'
    >>> mask_datelines("NATO said so.")
    'NATO said so.'
    """
    body = _DATELINE.sub(lambda m: " " * len(m.group("d")) + m.group(0)[len(m.group("d")) :], body)
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), body)


_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of text, spaces collapsed.

    >>> clean("Hallandale\\n Beach ")
    'Hallandale Beach'
    """
    return _WS.sub(" ", text).strip()
