"""Quotations: the quoted words of a statement (read by the ``events`` stage).

>>> find_quotes('"We want peace," Rubio said. He called it "a good start".')
['We want peace', 'a good start']
>>> find_quotes('the so-called "shadow fleet" of tankers', min_words=3)
[]
"""

from __future__ import annotations

import re

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.types import Parsed

_QUOTE = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def find_quotes(text: str, min_words: int = 2) -> list[str]:
    """Quoted passages of at least ``min_words`` words, trailing commas dropped."""
    out = []
    for m in _QUOTE.finditer(text):
        q = m.group(1).strip().rstrip(",").strip()
        if len(q.split()) >= min_words:
            out.append(q)
    return out


def quotes_near(d: Parsed, sent: int, lex: Lexicon) -> list[str]:
    """Quotes of sentence ``sent`` and of following sentences that are pure quotes
    (they continue the same speaker)."""
    sents = d.sentences
    quotes = find_quotes(sents[sent].text)
    k = sent + 1
    while k < len(sents) and sents[k].text[:1] in "\"“" and not sents[k].skip:
        more = find_quotes(sents[k].text)
        if not more:
            # A quote opened here and closed in a later sentence.
            more = [sents[k].text.strip("\"“” ")]
        rest = _QUOTE.sub("", sents[k].text)
        if any(w.casefold() in lex.words.speech_tags for w in re.findall(r"\w+", rest)):
            break
        quotes.extend(more)
        k += 1
    return quotes
