"""Removing boilerplate lines while keeping offsets into the original text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.clean import CleanText, clean
from kg.ingest import read_articles
from kg.models import Article

DATA = Path(__file__).resolve().parent.parent / "data"


def cleaned(text: str, **metadata: str) -> str:
    """The cleaned text of an article with this text and metadata."""
    return clean(Article(id="t", text=text, **metadata)).text


def seed(name: str) -> Article:
    """One of the seed articles in data/."""
    (article,) = read_articles([DATA / f"{name}.txt"])
    assert isinstance(article, Article)
    return article


def test_reader_app_lines_are_removed_with_either_quote() -> None:
    text = "Get all your news in one place.\n100's of premium titles.\nOne app.\nBody.\n"
    assert cleaned(text) == "Body.\n"
    assert cleaned(text.replace("'", "’")) == "Body.\n"


def test_preamble_before_the_title_is_dropped() -> None:
    text = "Daily Example\nWorld\nJane Doe\n\nTalks go on\n\nBody text.\n"
    assert cleaned(text, title="Talks go on") == "Talks go on\n\nBody text.\n"


def test_long_line_before_the_title_keeps_the_preamble() -> None:
    text = " ".join(["word"] * 30) + "\nTalks go on\n"
    assert cleaned(text, title="Talks go on") == text


def test_source_and_author_lines_are_dropped() -> None:
    text = "First.\nDaily Example\nSecond.\njane doe\n"
    assert cleaned(text, source="Daily Example", author="Jane Doe") == "First.\nSecond.\n"


def test_footer_marker_drops_everything_after_it() -> None:
    text = "Body.\nRelated Stories\nAnother story headline\nMore.\n"
    assert cleaned(text) == "Body.\n"


def test_read_more_drops_the_marker_and_the_link_title() -> None:
    text = "First.\nRead more related news:\nSome other headline\nSecond.\n"
    assert cleaned(text) == "First.\nSecond.\n"
    assert cleaned("First.\nRead more: Another headline\nSecond.\n") == "First.\nSecond.\n"


@pytest.mark.parametrize(
    "credit", ["(REUTERS)", "(Reuters)", "(PA)", "(AFP)", "(Getty Images)", "(AP)", "(EPA)"]
)
def test_photo_captions_with_agency_credit_are_dropped(credit: str) -> None:
    assert cleaned(f"First.\n\nPutin at a meeting {credit}\n\nSecond.\n") == ("First.\n\nSecond.\n")


def test_repeated_lines_are_dropped() -> None:
    assert cleaned("Daily Mirror\nDaily Mirror\nBody.\n") == "Daily Mirror\nBody.\n"


def test_blank_lines_collapse_and_do_not_lead_or_trail() -> None:
    assert cleaned("One app.\n\nFirst.\n\n\n\nSecond.\n\n") == "First.\n\nSecond.\n"


def test_to_original_maps_spans_across_removed_lines() -> None:
    text = "First.\nOne app.\nSecond line.\n"
    result = clean(Article(id="t", text=text))
    start = result.text.index("Second")
    o_start, o_end = result.to_original(start, start + 6)
    assert text[o_start:o_end] == "Second"
    assert result.to_original(0, len(result.text)) == (0, len(text))


def test_to_original_rejects_spans_outside_the_text() -> None:
    with pytest.raises(ValueError):
        CleanText("abc", ((0, 0, 3),)).to_original(2, 4)


LINES = st.one_of(
    st.sampled_from(
        [
            "",
            "Get all your news in one place.",
            "One app.",
            "Read more:",
            "Caption here (REUTERS)",
            "Daily Mirror",
            "Related Stories",
        ]
    ),
    st.text(max_size=30),
)


@given(
    lines=st.lists(LINES, max_size=20),
    title=st.none() | st.sampled_from(["Daily Mirror", "One app."]),
    data=st.data(),
)
def test_spans_within_a_segment_map_back_to_the_same_text(
    lines: list[str], title: str | None, data: st.DataObject
) -> None:
    article = Article(id="t", text="\n".join(lines), title=title, source="Daily Mirror")
    result = clean(article)
    for clean_start, original_start, length in result.segments:
        assert (
            result.text[clean_start : clean_start + length]
            == (article.text[original_start : original_start + length])
        )
    if not result.text:
        return
    start = data.draw(st.integers(0, len(result.text) - 1))
    end = data.draw(st.integers(start + 1, len(result.text)))
    o_start, o_end = result.to_original(start, end)
    assert article.text[o_start] == result.text[start]
    assert article.text[o_end - 1] == result.text[end - 1]
    if any(s <= start and end <= s + n for s, _, n in result.segments):
        assert article.text[o_start:o_end] == result.text[start:end]


def test_seed_mirror_article_is_cleaned() -> None:
    article = seed("mirror_2022-03-15_nato_toecap")
    text = clean(article).text
    assert text.startswith(article.title + "\n")
    for boilerplate in (
        "Get all your news",
        "premium titles",
        "Start reading",
        "Daily Mirror",
        "Ben Glaze",
        "(REUTERS)",
        "(PA)",
        "Sign up to read",
        "inkl",
        "Fourteen days free",
        "trusted global sources",
    ):
        assert boilerplate not in text
    assert "Justice Secretary Dominic Raab said Britain" in text
    assert "a protester yesterday burst onto the set" in text
    assert text.endswith("They’re lying.”\n")


def test_seed_rutte_article_loses_the_related_link() -> None:
    article = seed("rutte_strike_targets_in_russia")
    result = clean(article)
    assert "Read more" not in result.text
    assert "Russian warplane flew" not in result.text
    assert result.text.startswith("The new NATO secretary general Mark Rutte")
    start = result.text.index("“So that means")
    o_start, o_end = result.to_original(start, start + 14)
    assert article.text[o_start:o_end] == "“So that means"
