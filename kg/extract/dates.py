"""Resolve time expressions ('Sunday', 'yesterday', 'on Wednesday') against a publication date."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from dateparser.date import DateDataParser

from kg.models import TimeExpression

_LEADING = re.compile(r"^(?:on|in|at|by|since|from|until|this|the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
#: Counts of days or weeks ('20th day', 'two weeks') are durations, and decades ('the 1990s') are
#: periods that dateparser misreads: neither is a date.
_DURATION = re.compile(r"^(?:(?:\S+\s+)?\S+\s+(?:days?|weeks?|months?|years?)|\d{2,4}['’]?s)$", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PERIODS = {"day": "date", "week": "date", "month": "gYearMonth", "year": "gYear"}


def resolve(text: str, published: date | None, future: bool = False) -> TimeExpression:
    """The date an expression points to, relative to ``published``; unresolved when it cannot be."""
    phrase = _LEADING.sub("", _POSSESSIVE.sub("", text.strip()))
    weekday = phrase.split(" ", 1)[0].lower()
    if published is not None and weekday in _WEEKDAYS and _WEEKDAYS.index(weekday) == published.weekday():
        return TimeExpression(text, published.isoformat(), "date")  # 'Tuesday (night)' in Tuesday's paper
    if _DURATION.match(phrase) or (published is None and _is_relative(phrase)):
        return TimeExpression(text)
    data = _parser(published, future).get_date_data(phrase)
    if data.date_obj is None or data.period not in _PERIODS:
        return TimeExpression(text)
    granularity = _PERIODS[data.period]
    value = data.date_obj.date()
    if granularity == "gYear":
        return TimeExpression(text, f"{value.year:04d}", granularity)
    if granularity == "gYearMonth":
        return TimeExpression(text, f"{value.year:04d}-{value.month:02d}", granularity)
    return TimeExpression(text, value.isoformat(), granularity)


@lru_cache(maxsize=64)
def _parser(published: date | None, future: bool) -> DateDataParser:
    """A date parser anchored at the publication date, preferring past or future readings."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if future else "past"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def _is_relative(phrase: str) -> bool:
    """Whether an expression needs a reference date: it names no year."""
    return re.search(r"\b\d{4}\b", phrase) is None
