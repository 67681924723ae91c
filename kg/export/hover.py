"""What a node's hover card says about its sources: articles, dates and the sentences that mention it."""

from __future__ import annotations

import re
from collections import defaultdict

from kg.export.network import ArticleText, Evidence

#: At most this many articles, each with one sentence, are quoted per node; the rest are counted.
MAX_SOURCES = 3
#: A quoted sentence is cut to about this many characters around the mention.
SENTENCE_CHARS = 200
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?][\"'”’)]*\s+|\n\s*\n")


def date_span(value: str) -> list[str]:
    """The first and last day a date, month ('2022-03') or year ('2022') covers, as ISO strings."""
    value = value.strip()[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [value, value]
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return [value + "-01", value + "-31"]
    if re.fullmatch(r"\d{4}", value):
        return [value + "-01-01", value + "-12-31"]
    return []


def sentence_around(text: str, begin: int, end: int, width: int = SENTENCE_CHARS) -> list[str]:
    """The sentence holding text[begin:end] as [before, mention, after], cut to about ``width`` chars."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, begin):
        start = match.end()
    stop = next((m.end() for m in _SENTENCE_END.finditer(text, end)), len(text))
    before, mention, after = (_squash(part) for part in (text[start:begin], text[begin:end], text[end:stop]))
    room = max(width - len(mention), 20)
    keep_before = min(len(before), max(room // 2, room - len(after)))
    keep_after = room - keep_before
    if keep_before < len(before):
        before = "…" + before[len(before) - keep_before :].lstrip()
    if keep_after < len(after):
        after = after[:keep_after].rstrip() + "…"
    return [before.lstrip(), mention, after.rstrip()]


def _squash(text: str) -> str:
    """Runs of whitespace, line breaks included, as one space."""
    return re.sub(r"\s+", " ", text)


def node_dates(
    event_date: str, article_names: list[str], articles: dict[str, ArticleText]
) -> list[list[str]]:
    """The date spans a node belongs to: its own date (events) and its articles' publication dates."""
    values = {event_date} | {articles[a].date for a in article_names if a in articles}
    return sorted(span for span in map(date_span, values) if span)


def sources(node: str, evidence: Evidence | None) -> tuple[list[dict], int]:
    """Up to MAX_SOURCES articles that mention ``node`` most, each with one sentence; and how many more."""
    if evidence is None or node not in evidence.spans:
        return [], 0
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article, begin, end in evidence.spans[node]:
        if article in evidence.articles:
            by_article[article].append((begin, end))
    ranked = sorted(by_article, key=lambda a: (-len(by_article[a]), evidence.articles[a].date, a))
    cards = []
    for article in ranked[:MAX_SOURCES]:
        meta = evidence.articles[article]
        begin, end = by_article[article][0]
        cards.append(
            {
                "title": meta.title or article.rsplit("/", 1)[-1],
                "date": meta.date,
                "mentions": len(by_article[article]),
                "sentence": sentence_around(meta.text, begin, end),
            }
        )
    return cards, len(ranked) - len(cards)
