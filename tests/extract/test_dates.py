"""Date phrases resolved against a fixed publication date (no model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from kgraph.extract.lang.en.dates import resolve

SUN = dt.date(2025, 11, 30)  # a Sunday
MON = dt.date(2025, 12, 1)
D = dt.date


@pytest.mark.parametrize(
    ("phrase", "future", "expected"),
    [
        ("on Saturday", False, (D(2025, 11, 29), "day")),
        ("Sunday", False, (D(2025, 11, 30), "day")),  # same day
        ("on Friday", False, (D(2025, 11, 28), "day")),
        ("on Tuesday", True, (D(2025, 12, 2), "day")),  # planned -> next Tuesday
        ("Sunday evening", False, (D(2025, 11, 30), "day")),
        ("last Sunday", False, (D(2025, 11, 23), "day")),
        ("this weekend", False, (D(2025, 11, 29), "week")),
        ("last week", False, (D(2025, 11, 23), "week")),
        ("a week ago", False, (D(2025, 11, 23), "week")),
        ("just a week prior", False, (D(2025, 11, 23), "week")),
        ("the coming week", False, (D(2025, 12, 1), "week")),
        ("next week", True, (D(2025, 12, 1), "week")),
        ("November 27", False, (D(2025, 11, 27), "day")),
        ("Nov. 27", False, (D(2025, 11, 27), "day")),
        ("27 November", False, (D(2025, 11, 27), "day")),
        ("December 3, 2024", False, (D(2024, 12, 3), "day")),
        ("2025-10-02", False, (D(2025, 10, 2), "day")),
        ("in November", False, (D(2025, 11, 1), "month")),
        ("late October", False, (D(2025, 10, 1), "month")),
        ("today", False, (SUN, "day")),
        ("yesterday", False, (D(2025, 11, 29), "day")),
        ("two days earlier", False, (D(2025, 11, 28), "day")),
    ],
)
def test_rules(phrase, future, expected):
    assert resolve(phrase, SUN, future=future) == expected


def test_weekday_on_a_monday():
    assert resolve("on Sunday", MON) == (D(2025, 11, 30), "day")
    assert resolve("on Monday", MON, future=True) == (MON, "day")
    assert resolve("on Monday", MON) == (MON, "day")


def test_this_weekend_from_a_weekday():
    wed = D(2025, 11, 26)
    assert resolve("this weekend", wed) == (D(2025, 11, 22), "week")
    assert resolve("this weekend", wed, future=True) == (D(2025, 11, 29), "week")


def test_week_earlier_counts_from_the_anchor():
    # a week before a stated day is that weekday; from publication it is vaguer
    assert resolve("a week earlier", MON, anchor=SUN) == (D(2025, 11, 23), "day")
    assert resolve("a week earlier", MON) == (D(2025, 11, 24), "week")


def test_month_day_without_year_stays_in_the_past():
    jan = D(2026, 1, 5)
    assert resolve("December 30", jan) == (D(2025, 12, 30), "day")
    assert resolve("January 20", jan, future=True) == (D(2026, 1, 20), "day")


@pytest.mark.parametrize(
    "phrase",
    ["winter", "nearly four-year-long", "one to two hours", "months", "the day", "28-point"],
)
def test_no_invented_dates(phrase):
    assert resolve(phrase, SUN) is None


def test_without_published_date_only_absolute_dates():
    assert resolve("on Saturday", None) is None
    assert resolve("2025-11-29", None) == (D(2025, 11, 29), "day")
