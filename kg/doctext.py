"""The text of a parsed article, joined once: spaCy's Doc.text joins every token again on each call."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "kg_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in the Doc's user data; a Doc joined from pieces is never given a piece's text."""
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    text = doc.user_data.get(_KEY)
    if text is None or len(text) != length:
        text = doc.user_data[_KEY] = doc.text
    return text
