"""Turn a mention's surface text into a clean name, and a name into a stable key."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from kg import gazetteer

HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "reverend",
        "fr",
    ]
)
MAX_NAME_CHARS = 100
MAX_NAME_TOKENS = 8

_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:!?*#|"


def clean_name(text: str, label: str) -> str | None:
    """The name a mention stands for, without possessive, leading 'the' or honorific; None if junk."""
    name = _SPACE.sub(" ", text).strip().strip(_EDGE_PUNCT).strip()
    name = _POSSESSIVE.sub("", name).strip()
    words = name.split(" ")
    if len(words) > 1 and words[0].lower() == "the" and gazetteer.lookup(name) is None:
        words = words[1:]
    if label == "PERSON":
        while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
            words = words[1:]
    name = " ".join(words)
    if not is_plausible_name(name):
        return None
    return name.title() if name.islower() else name


def is_plausible_name(name: str) -> bool:
    """A name has a letter and a sane length."""
    if not name or len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_TOKENS:
        return False
    return any(ch.isalpha() for ch in name)


def name_key(name: str) -> str:
    """A case- and punctuation-insensitive key: 'Nato' and 'NATO', 'U.S.' and 'US' share one."""
    folded = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    folded = folded.replace(".", "")
    return _SPACE.sub(" ", folded).strip()


def slug(name: str) -> str:
    """An IRI-safe path segment for a name, valid for any input text."""
    return quote(name_key(name).replace(" ", "_"), safe="-_~")


def preferred_form(variants: list[str]) -> str:
    """The display form among case variants: an all-capitals acronym, else the most frequent."""
    acronyms = [v for v in variants if v.isupper() and len(v) <= 6]
    pool = acronyms or variants
    return max(pool, key=lambda v: (pool.count(v), -pool.index(v)))
