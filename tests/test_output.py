import csv
import io
import json

import pytest

from kgraph.errors import KGraphError
from kgraph.output import Rows, write

ROWS = Rows(["actor", "note"], [["Rubio", 'said "yes", then\tleft'], ["Umerov", None]])


def test_csv_and_tsv_round_trip():
    for fmt, dialect in (("csv", "excel"), ("tsv", "excel-tab")):
        back = list(csv.reader(io.StringIO(write(ROWS, fmt)), dialect=dialect))
        assert back == [["actor", "note"], ["Rubio", 'said "yes", then\tleft'], ["Umerov", ""]]


def test_json_is_a_list_of_objects():
    assert json.loads(write(ROWS, "json")) == [
        {"actor": "Rubio", "note": 'said "yes", then\tleft'}, {"actor": "Umerov", "note": None}]


def test_table_aligns_columns():
    lines = write(ROWS, "table").splitlines()
    assert lines[0].split() == ["actor", "note"] and lines[1].startswith("------")
    assert lines[3].startswith("Umerov")


def test_unknown_format():
    with pytest.raises(KGraphError):
        write(ROWS, "xml")
