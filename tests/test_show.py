"""``kgraph show ARTICLE``: the article's text with its facts marked, real store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli import run

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MOSCOW = EXAMPLES / "moscow-meeting.txt"


def test_every_fact_is_marked_after_its_sentence_with_its_id(store_copy: Path) -> None:
    out = run("--store", str(store_copy), "show", str(MOSCOW), "--width", "200").output
    facts = json.loads(run("--store", str(store_copy), "show", str(MOSCOW), "--json").output)
    text = MOSCOW.read_text()
    assert facts["title"] in out and facts["facts"]
    for f in facts["facts"]:
        assert f["id"] in out
        # the offsets point at the evidence sentence in the file
        assert " ".join(text[f["start"]:f["end"]].split()) == " ".join(f["sentence"].split())
    body, _, listing = out.partition("\n[1] ")
    marks = [m for m in range(1, 100) if f"[{m}]" in body]
    assert marks == list(range(1, len(marks) + 1)) and len(marks) >= 3
    assert listing  # the facts under each mark


def test_a_changed_file_shows_the_sentences_only(tmp_path: Path) -> None:
    copy = tmp_path / "moscow-meeting.txt"
    shutil.copy(MOSCOW, copy)
    store = str(tmp_path / "store")
    assert run("--store", store, "ingest", str(copy)).exit_code == 0
    whole = run("--store", store, "show", str(copy)).output
    assert "only the sentences" not in whole and "[1]" in whole
    article = json.loads(run("--store", store, "show", str(copy), "--json").output)["article"]
    copy.write_text(copy.read_text() + "\nA line added later.\n")
    out = run("--store", store, "show", article).output
    assert "only the sentences that state facts" in out
    # the same facts under the same marks
    assert out.partition("\n\n[1] ")[2] == whole.partition("\n\n[1] ")[2] != ""


def test_an_unknown_article_is_a_one_line_error(store_copy: Path) -> None:
    result = run("--store", str(store_copy), "show", "no-such-article")
    assert result.exit_code == 1 and "no article 'no-such-article'" in result.output
