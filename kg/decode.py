"""Bytes to text: UTF-8 and BOM-marked UTF-16/32 exactly; a legacy encoding only when it is plausible.

Policy. A file that is not valid UTF-8 is read in a legacy encoding only when that reading is
believable: Windows-1252 (the superset of Latin-1 that legacy English and Western European news is
written in) when every non-ASCII character it gives is a Latin letter or common punctuation; otherwise
charset-normalizer's best guess, only when it is confident (little "mess", a recognised language) and
the text holds no control, private-use or symbol characters. Bytes that are valid UTF-8 sequences
next to invalid ones mean damaged or mixed UTF-8, never a legacy encoding. Anything else is refused
with the reason, so no garbage (such as broken UTF-8 read as cp932) ever reaches the graph.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

_BOM_ENCODINGS = (
    ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
    ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
)
#: A well-formed multi-byte UTF-8 sequence: legacy text (nearly) never contains one.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: charset-normalizer's guess is trusted with at most this "mess" and at least this language coherence.
MAX_CHAOS = 0.1
MIN_COHERENCE = 0.3
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
#: Non-ASCII characters a Western text has besides Latin letters: punctuation, spaces, currency, a few signs.
_WESTERN_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Zs", "Sc"})
_WESTERN_SIGNS = frozenset("°©®™ªºµ\xad")
#: Character categories any plausible text is made of (letters, marks, digits, punctuation, spaces, currency).
_TEXT_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Zs", "Sc"})


class DecodeError(ValueError):
    """Bytes that are not text we can trust; the message is the one-line reason."""


def decode(data: bytes) -> str:
    """The text of a file's bytes, by the policy above, or DecodeError saying why not."""
    for boms, encoding in _BOM_ENCODINGS:
        if data.startswith(boms):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(f"cannot decode as {encoding}: {error.reason}") from None
    if b"\x00" in data:
        raise DecodeError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = f"{error.reason} 0x{data[error.start]:02x} at byte {error.start:,}"
    if _UTF8_SEQUENCE.search(data):
        raise DecodeError(f"not valid UTF-8 ({where}): damaged, or mixed encodings")
    text = _legacy(data)
    if text is None:
        raise DecodeError(f"not valid UTF-8 ({where}), and no other encoding fits with confidence")
    return text


def _legacy(data: bytes) -> str | None:
    """Windows-1252 when its reading looks Western, else charset-normalizer's confident, plausible guess."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if all(_is_western(char) for char in set(text)):
            return text
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None or guess.chaos > MAX_CHAOS or guess.coherence < MIN_COHERENCE:
        return None
    text = str(guess)
    return text if all(_is_text(char) for char in set(text)) else None


def _is_western(char: str) -> bool:
    """ASCII text, a Latin letter, or punctuation and signs common in Western European writing."""
    if char < "\x80":
        return _is_text(char)
    return (
        unicodedata.name(char, "").startswith("LATIN ")
        or unicodedata.category(char) in _WESTERN_CATEGORIES
        or char in _WESTERN_SIGNS
    )


def _is_text(char: str) -> bool:
    """A character plausible in running text: not a control (but whitespace), symbol or unassigned."""
    if char in _ALLOWED_CONTROLS or " " <= char <= "~":
        return True
    category = unicodedata.category(char)
    return category in _TEXT_CATEGORIES or category.startswith("P")
