"""The table never cuts a value: long cells wrap to fit a width, or stay whole."""

from __future__ import annotations

import re

import pytest

from kgraph.output import Rows, text_width, wrap, write
from tests.cli import run

LONG = ("Secretary of State Marco Rubio said on Sunday that several hours of negotiations "
        "had moved the peace effort forward, while cautioning that the hardest issues remained.")
ROWS = Rows(["fact", "sentence", "id"],
            [["in event: Meeting in Shell Bay", LONG, "p-22681fxrf8"],
             ["Jared Kushner relativeOf Donald Trump", "Short.", "r-wx14xvkb2x"],
             ["x", "Averyveryveryverylongwordwithoutanyspaceatallthatmustbreak", None]])


def words(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("width", [20, 48, 60, 80, 120])
def test_a_table_fits_the_width_and_keeps_every_character(width):
    out = write(ROWS, "table", width=width)
    lines = out.splitlines()
    # the narrowest columns: 12 (MIN_COLUMN), 20 for a long word (LONG_WORD), 12 for an ID
    assert max(text_width(line) for line in lines) <= max(width, 12 + 20 + 12 + 4)
    assert "…" not in out
    # every value, read down its column, is there whole
    starts = [0] + [m.start() for m in re.finditer(r"(?<=  )-", lines[1])]
    columns = ["".join(line[a:b] for line in lines[2:])
               for a, b in zip(starts, [*starts[1:], None], strict=True)]
    for i in range(3):
        assert words("".join(str(r[i] or "") for r in ROWS.rows)) == words(columns[i])


def test_without_a_width_each_row_is_one_line_and_nothing_is_cut():
    lines = write(ROWS, "table").splitlines()
    assert len(lines) == 2 + len(ROWS.rows) and LONG in lines[2]
    assert write(ROWS, "table", width=0) == write(ROWS, "table")


def test_short_values_such_as_ids_and_dates_are_not_broken():
    lines = write(ROWS, "table", width=60).splitlines()
    assert any(line.rstrip().endswith("p-22681fxrf8") for line in lines)


def test_wrap_gives_the_text_back_whole():
    for width in range(1, 30):
        for text in (LONG, "a  b   c", "東京 and Kyiv", " leading", "trailing "):
            pieces = wrap(text, width)
            assert "".join(pieces) == text
            assert all(text_width(p.rstrip(" ")) <= max(width, 2) for p in pieces)


def test_wide_characters_keep_the_columns_aligned():
    rows = Rows(["name", "n"], [["東京", 1], ["Kyiv", 2]])
    lines = write(rows, "table").splitlines()
    assert {text_width(line[: line.rindex(" ") + 1]) for line in lines[2:]} == {6}


def test_the_command_line_width(ingested_store):
    args = ("--store", str(ingested_store), "query", "evidence", "-p", "name=Kushner")
    whole = run(*args).stdout  # not a terminal: no wrapping
    assert "…" not in whole
    assert any(len(line) > 200 for line in whole.splitlines())
    wrapped = run(*args, "--width", "150").stdout
    assert max(len(line) for line in wrapped.splitlines()) <= 150
    assert words(wrapped.split("\n", 2)[2]) != "" and len(wrapped.splitlines()) > len(whole.splitlines())
    listed = run("queries", "--width", "70").stdout
    assert max(len(line) for line in listed.splitlines()) <= 70
    assert run(*args, "--width", "-1").exit_code == 2
