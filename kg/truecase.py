"""Give ALL-CAPS lines (headlines, datelines) ordinary case, keeping every character offset."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

#: Acronyms that stay in capitals when a shouting line is given ordinary case.
ACRONYMS = frozenset(
    [
        "US",
        "USA",
        "UK",
        "EU",
        "UN",
        "NATO",
        "FIFA",
        "UEFA",
        "IMF",
        "WHO",
        "WTO",
        "OPEC",
        "OECD",
        "BBC",
        "CNN",
        "NBA",
        "NFL",
        "NHL",
        "PGA",
        "IOC",
        "ICC",
        "FBI",
        "CIA",
        "KGB",
        "MP",
        "PM",
        "CEO",
        "GDP",
        "UAE",
        "PLO",
        "IRA",
        "ANC",
    ]
)
MIN_CASED_LETTERS = 6
UPPER_SHARE = 0.8

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def truecase(text: str) -> str:
    """The text with every mostly-uppercase line in title case (stop words lower), of the same length."""
    return "".join(_truecase_line(line) for line in text.splitlines(keepends=True))


def _truecase_line(line: str) -> str:
    letters = [ch for ch in line if ch.isalpha() and ch.lower() != ch.upper()]
    if len(letters) < MIN_CASED_LETTERS or sum(ch.isupper() for ch in letters) < UPPER_SHARE * len(letters):
        return line
    return _WORD.sub(_recase_word, line)


def _recase_word(match: re.Match[str]) -> str:
    word = match.group()
    if word in ACRONYMS or "." in word.rstrip("."):
        recased = word
    elif word.lower() in STOP_WORDS:
        recased = word.lower()
    else:
        recased = "-".join(part.capitalize() for part in word.split("-"))
    return recased if len(recased) == len(word) else word
