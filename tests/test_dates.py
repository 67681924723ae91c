"""Time expressions resolved against the publication date (Tuesday 2022-03-15)."""

from datetime import date

import pytest

from kg.extract.dates import resolve

TUESDAY = date(2022, 3, 15)


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("Sunday", False, "2022-03-13"),
        ("Sunday’s", False, "2022-03-13"),
        ("yesterday", False, "2022-03-14"),
        ("today", False, "2022-03-15"),
        ("tomorrow", True, "2022-03-16"),
        ("on Wednesday", True, "2022-03-16"),
        ("Wednesday", False, "2022-03-09"),
        ("Tuesday", False, "2022-03-15"),
        ("last Friday", False, "2022-03-11"),
    ],
)
def test_relative_days(text, future, expected):
    resolved = resolve(text, TUESDAY, future)
    assert (resolved.value, resolved.granularity, resolved.text) == (expected, "date", text)


def test_month_and_year_keep_their_granularity():
    assert (resolve("March 2022", TUESDAY).value, resolve("March 2022", TUESDAY).granularity) == (
        "2022-03",
        "gYearMonth",
    )
    assert resolve("2024", TUESDAY).granularity == "gYear"


def test_relative_expression_without_publication_date_stays_unresolved():
    resolved = resolve("yesterday", None)
    assert resolved.value is None and resolved.text == "yesterday"


def test_absolute_date_resolves_without_publication_date():
    assert resolve("March 3, 2021", None).value == "2021-03-03"


def test_vague_expression_stays_unresolved():
    assert resolve("the past few days", TUESDAY).value is None


@pytest.mark.parametrize("text", ["the 1990s", "1990s", "two weeks", "20th day"])
def test_decades_and_durations_are_not_dates(text):
    assert resolve(text, TUESDAY).value is None


def test_part_of_the_publication_day_is_that_day():
    assert resolve("Tuesday night", TUESDAY).value == "2022-03-15"
