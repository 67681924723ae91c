"""Hover cards: the sentence around a mention, date spans, and the articles quoted per node."""

from __future__ import annotations

from kg.export.hover import MAX_SOURCES, date_span, node_dates, sentence_around, sources
from kg.export.network import ArticleText, Evidence


def test_sentence_around_a_mention_is_split_at_the_mention() -> None:
    text = "First one. Then Mr. Putin\nsaid “no.” More! Last"
    begin = text.index("Putin")
    assert sentence_around(text, begin, begin + 5) == ["Then Mr. ", "Putin", " said “no.”"]


def test_sentence_around_stops_at_a_paragraph_break() -> None:
    text = "A headline\n\nThe body names Kyiv here. Next."
    begin = text.index("Kyiv")
    assert sentence_around(text, begin, begin + 4) == ["The body names ", "Kyiv", " here."]


def test_a_long_sentence_is_cut_around_the_mention() -> None:
    text = "x " * 300 + "NAME" + " y" * 300 + ". Next."
    begin = text.index("NAME")
    before, mention, after = sentence_around(text, begin, begin + 4, width=100)
    assert mention == "NAME"
    assert before.startswith("…") and after.endswith("…")
    assert len(before) + len(mention) + len(after) <= 104


def test_date_spans_cover_days_months_and_years() -> None:
    assert date_span("2022-03-15") == ["2022-03-15", "2022-03-15"]
    assert date_span("2022-03") == ["2022-03-01", "2022-03-31"]
    assert date_span("2022") == ["2022-01-01", "2022-12-31"]
    assert date_span("") == [] and date_span("Sunday") == []


def test_node_dates_join_its_own_date_and_its_articles() -> None:
    articles = {"a1": ArticleText("A", "2022-03-15", ""), "a2": ArticleText("B", "", "")}
    assert node_dates("2022-03", ["a1", "a2", "gone"], articles) == [
        ["2022-03-01", "2022-03-31"],
        ["2022-03-15", "2022-03-15"],
    ]


def test_sources_quote_the_articles_that_mention_a_node_most() -> None:
    text = "Kyiv is calm. Kyiv again."
    articles = {f"urn:a{i}": ArticleText(f"T{i}", f"2022-03-1{i}", text) for i in range(5)}
    spans = [("urn:a3", 0, 4), ("urn:a3", 14, 18), *((f"urn:a{i}", 0, 4) for i in (0, 1, 2, 4))]
    cards, more = sources("urn:kyiv", Evidence(articles, {"urn:kyiv": sorted(spans)}))
    assert len(cards) == MAX_SOURCES == 3 and more == 2
    assert cards[0] == {
        "title": "T3",
        "date": "2022-03-13",
        "mentions": 2,
        "sentence": ["", "Kyiv", " is calm."],
    }
    assert [card["title"] for card in cards[1:]] == ["T0", "T1"]  # then the earliest
    assert sources("urn:other", Evidence(articles, {})) == ([], 0)
    assert sources("urn:kyiv", None) == ([], 0)
