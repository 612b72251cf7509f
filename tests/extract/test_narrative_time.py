"""Narrative time and scene places: sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import events_of
from kgraph.extract.dates import resolve

D = dt.date
WED = D(2025, 12, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("phrase", "anchor", "expected"),
    [
        ("the next evening", D(2025, 11, 20), (D(2025, 11, 21), "day")),
        ("the following day", D(2025, 11, 20), (D(2025, 11, 21), "day")),
        ("the day before", D(2025, 11, 20), (D(2025, 11, 19), "day")),
        ("the next day", None, None),  # nothing to count from: no date
        ("Sunday and Monday", None, (D(2025, 12, 7), "day")),  # the first day named
        ("Monday and Tuesday", None, (D(2025, 12, 8), "day")),
        ("last Thursday", None, (D(2025, 12, 4), "day")),
        ("Dec. 3", None, (D(2025, 12, 3), "day")),
        ("earlier this month", None, (D(2025, 12, 1), "month")),  # month stays a month
        ("in mid-November", None, (D(2025, 11, 1), "month")),
        ("two weeks ago", None, (D(2025, 11, 26), "week")),  # never a day
    ],
)
def test_relative_phrases(phrase, anchor, expected):
    assert resolve(phrase, WED, anchor=anchor) == expected


def test_month_day_without_year_near_the_publication_date():
    # a deadline a few days ahead stays in this year; old dates go back a year
    assert resolve("December 14", WED) == (D(2025, 12, 14), "day")
    assert resolve("December 30", D(2026, 1, 3)) == (D(2025, 12, 30), "day")
    assert resolve("March 3", WED) == (D(2025, 3, 3), "day")


def test_undated_sentence_takes_the_scene_date(run):
    x = run(
        "Ministers from Norway and Chile met in Oslo on Tuesday to discuss fishing rights.\n"
        "Later, the Chilean minister Ana Rojas said the talks had gone well.\n",
        published=WED,
    )
    (meeting,) = events_of(x, "Meeting")
    assert meeting.date == D(2025, 12, 9)
    (st,) = events_of(x, "Statement")
    assert st.date == D(2025, 12, 9)


def test_a_new_paragraph_returns_to_the_lead_scene(run):
    x = run(
        "Foreign Minister Ana Rojas met Prime Minister Jonas Gahr Store in Oslo on Monday.\n\n"
        "On Tuesday, Rojas travelled to Stockholm.\n\n"
        "Store said afterwards that Norway would send a delegation to Chile.\n",
        published=WED,
    )
    (st,) = events_of(x, "Statement")
    assert st.date == D(2025, 12, 8)


def test_coarse_or_planned_dates_are_not_a_scene(run):
    x = run(
        "Foreign Minister Ana Rojas met Prime Minister Jonas Gahr Store last week.\n",
        published=WED,
    )
    (meeting,) = events_of(x, "Meeting")
    assert meeting.date_precision == "week"


def test_live_blog_entries_happen_on_the_publication_day(run):
    x = run(
        "LIVE\n\n10:05 GMT\nForeign Minister Ana Rojas is due in Oslo later today for talks"
        " with Prime Minister Jonas Gahr Store.\n\n"
        "12:40 GMT\nRojas has arrived. She was welcomed by Store.\n\n"
        "15:10 GMT\nNorway's foreign ministry said the two had spoken about fishing quotas.\n",
        published=WED,
    )
    meetings = events_of(x, "Meeting")
    assert any(m.place and "oslo" in m.place and m.date == WED for m in meetings)
    visits = events_of(x, "Visit")
    assert len(visits) == 1 and visits[0].date == WED and not visits[0].planned


def test_deadline_dates_no_statement(run):
    x = run(
        "On Monday, Prime Minister Jonas Gahr Store said he wanted an answer from Chile"
        " by December 14.\n",
        published=WED,
    )
    (st,) = events_of(x, "Statement")
    assert st.date == D(2025, 12, 8)


def test_place_inside_the_trigger_arguments(run):
    x = run(
        "Russia fired dozens of missiles and hundreds of drones at Kyiv on Saturday.\n"
        "Prime Minister Jonas Gahr Store, speaking in Oslo on Monday, said Norway would help.\n",
        published=WED,
    )
    (attack,) = events_of(x, "Attack")
    assert attack.place and "kyiv" in attack.place
    (st,) = events_of(x, "Statement")
    assert st.place and "oslo" in st.place


def test_meeting_takes_the_scene_place(run):
    x = run(
        "Norwegian and Chilean negotiators spent Sunday behind closed doors in Oslo.\n"
        "The Norwegian delegation was led by Jonas Gahr Store, who was joined by Espen Eide.\n",
        published=WED,
    )
    (meeting,) = events_of(x, "Meeting")
    assert meeting.place and "oslo" in meeting.place
    assert meeting.date == D(2025, 12, 7)
