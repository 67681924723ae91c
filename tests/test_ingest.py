"""Reading articles from files: formats, metadata, ids and every kind of bad input."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import FORMATS, expand_paths, read_articles
from kg.models import Article, Skipped

DATA = Path(__file__).resolve().parent.parent / "data"
BODY = "The minister said on Tuesday that talks in Brussels would go on next week."

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Talks to continue in Brussels</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2022-03-15T10:00:00Z">
<meta property="og:site_name" content="The Daily Example">
<link rel="canonical" href="https://example.com/news/talks">
</head><body>
<nav>Home | World | Sport</nav>
<article><h1>Talks to continue in Brussels</h1>
<p>The minister said on Tuesday that talks in Brussels would go on next week,
despite objections from several member states.</p>
<p>Officials from twelve countries attended the meeting and discussed the war
in Ukraine at length, a spokesman said.</p></article>
<footer>Copyright 2022 The Daily Example</footer>
</body></html>"""


def read(*paths: str | Path) -> list[Article | Skipped]:
    """Everything read from the given paths, as a list."""
    return list(read_articles(paths))


def only(results: list[Article | Skipped]) -> Article | Skipped:
    """The single result of a read."""
    assert len(results) == 1, results
    return results[0]


def test_txt_with_sidecar_takes_metadata_and_id_from_sidecar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + "\n", encoding="utf-8")
    sidecar = {
        "id": "story-1",
        "title": "Talks go on",
        "published": "2022-03-15",
        "source": "Daily Example",
        "url": "https://example.com/a",
        "author": "Jane Doe",
        "section": "World",
    }
    (tmp_path / "a.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    article = only(read(tmp_path / "a.txt"))
    assert article == Article(
        id="story-1",
        text=BODY + "\n",
        title="Talks go on",
        published=date(2022, 3, 15),
        source="Daily Example",
        url="https://example.com/a",
        author="Jane Doe",
        path=str(tmp_path / "a.txt"),
        sha256=article.sha256,
    )
    assert len(article.sha256) == 64


def test_sidecar_is_not_read_as_an_article_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "T"}', encoding="utf-8")
    assert [a.id for a in read(tmp_path)] == ["a"]


def test_sidecar_named_explicitly_is_read_with_its_article_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "T"}', encoding="utf-8")
    items = list(read_articles([tmp_path / "a.meta.json", tmp_path / "a.txt"]))
    assert [type(item) for item in items] == [Article]
    assert items[0].title == "T"


def test_broken_sidecar_skips_the_article_naming_the_sidecar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": ', encoding="utf-8")
    skipped = only(read(tmp_path / "a.txt"))
    assert isinstance(skipped, Skipped)
    assert skipped.path == str(tmp_path / "a.txt")
    assert "a.meta.json" in skipped.reason
    assert "invalid JSON" in skipped.reason


def test_markdown_text_is_kept_as_is(tmp_path: Path) -> None:
    text = "# Talks go on\n\n*Brussels* - " + BODY + "\n"
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    article = only(read(tmp_path / "b.md"))
    assert isinstance(article, Article)
    assert (article.id, article.text, article.title) == ("b", text, None)


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    article = only(read(tmp_path / "page.html"))
    assert isinstance(article, Article)
    assert article.id == "page"
    assert article.title == "Talks to continue in Brussels"
    assert article.published == date(2022, 3, 15)
    assert article.author == "Jane Doe"
    assert article.source == "The Daily Example"
    assert article.url == "https://example.com/news/talks"
    assert "despite objections" in article.text
    assert "Home | World" not in article.text
    assert "Copyright" not in article.text


def test_html_sidecar_overrides_page_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "page.meta.json").write_text('{"author": "John Roe"}', "utf-8")
    article = only(read(tmp_path / "page.htm"))
    assert isinstance(article, Article)
    assert (article.author, article.source) == ("John Roe", "The Daily Example")


def test_json_object_is_one_article(tmp_path: Path) -> None:
    record = {"text": BODY, "title": "T", "published": "2022-03-15T10:00:00Z"}
    (tmp_path / "one.json").write_text(json.dumps(record), encoding="utf-8")
    article = only(read(tmp_path / "one.json"))
    assert isinstance(article, Article)
    assert (article.id, article.title, article.published) == (
        "one",
        "T",
        date(2022, 3, 15),
    )
    assert article.path == str(tmp_path / "one.json")


def test_json_list_ids_number_records_and_bad_records_are_skipped(
    tmp_path: Path,
) -> None:
    records = [{"text": "First story."}, {"title": "no text"}, {"text": "Third.", "id": 7}]
    (tmp_path / "many.json").write_text(json.dumps(records), encoding="utf-8")
    first, second, third = read(tmp_path / "many.json")
    assert isinstance(first, Article) and first.id == "many#1"
    assert second == Skipped(f"{tmp_path / 'many.json'}#2", "record has no 'text'")
    assert isinstance(third, Article) and third.id == "7"


def test_jsonl_bad_line_is_skipped_and_good_lines_are_read(tmp_path: Path) -> None:
    lines = ['{"text": "Line one."}', "", '{"text": "Line three.", oops}', '{"text": "4"}']
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, bad, last = read(path)
    assert isinstance(first, Article)
    assert (first.id, first.path, first.text) == ("feed#1", f"{path}:1", "Line one.")
    assert isinstance(bad, Skipped)
    assert bad.path == f"{path}:3"
    assert bad.reason.startswith("invalid JSON: Expecting property name")
    assert "line 3" in bad.reason
    assert isinstance(last, Article) and last.id == "feed#4"


def test_ndjson_is_read_as_json_lines(tmp_path: Path) -> None:
    (tmp_path / "feed.ndjson").write_text('{"text": "x", "id": "a"}\n', "utf-8")
    assert [a.id for a in read(tmp_path / "feed.ndjson")] == ["a"]


def test_broken_json_reports_where(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{\n  "text": "x",\n  "title" "y"\n}', "utf-8")
    skipped = only(read(tmp_path / "bad.json"))
    assert skipped == Skipped(
        str(tmp_path / "bad.json"),
        "invalid JSON: Expecting ':' delimiter (line 3, column 11)",
    )


def test_deeply_nested_json_is_skipped_not_raised(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert isinstance(only(read(tmp_path / "deep.json")), Skipped)


def test_json_that_is_not_a_record_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "n.json").write_text("42", encoding="utf-8")
    (tmp_path / "e.json").write_text("[]", encoding="utf-8")
    assert all(isinstance(r, Skipped) for r in read(tmp_path / "n.json", tmp_path / "e.json"))


def test_empty_and_whitespace_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    results = read(tmp_path / "empty.txt", tmp_path / "blank.md")
    assert [r.reason for r in results] == ["empty: no text"] * 2


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert only(read(tmp_path / "image.txt")).reason == "binary file, not text"


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = "The minister said in Zürich that the café would reopen on Tuesday.\n"
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    assert only(read(tmp_path / "latin.txt")).text == text


def test_utf16_file_with_bom_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes("Zürich café\r\nsecond line".encode("utf-16"))
    assert only(read(tmp_path / "wide.txt")).text == "Zürich café\nsecond line"


def test_utf8_bom_is_stripped_and_newlines_normalised(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfone\r\ntwo\rthree  \n")
    assert only(read(tmp_path / "bom.txt")).text == "one\ntwo\nthree  \n"


def test_directory_is_read_recursively_sorted_skipping_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    for name in ("b.txt", "a.md", "sub/c.txt", "notes.pdf", ".hidden.txt", ".git/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    assert [a.id for a in read(tmp_path)] == ["a", "b", "sub/c"]


def test_directory_with_an_article_suffix_is_walked_not_read(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inner.txt").write_text(BODY, encoding="utf-8")
    article = only(read(tmp_path / "folder.txt"))
    assert isinstance(article, Article) and article.id == "inner"


def test_unsupported_suffix_named_explicitly_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "notes.xyz").write_text(BODY, encoding="utf-8")
    skipped = only(read(tmp_path / "notes.xyz"))
    assert skipped == Skipped(str(tmp_path / "notes.xyz"), "unsupported file type '.xyz'")


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    skipped = only(read(tmp_path / "missing.txt"))
    assert skipped == Skipped(str(tmp_path / "missing.txt"), "cannot read: no such file or directory")


def test_symlink_loop_is_skipped(tmp_path: Path) -> None:
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    assert only(read(tmp_path / "loop.txt")).reason.startswith("cannot read: ")


def test_glob_matches_recursively_with_ids_relative_to_its_fixed_part(
    tmp_path: Path,
) -> None:
    for name in ("x/a.txt", "x/deep/b.txt", "x/deep/c.md", "x/a.meta.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BODY if name.endswith("txt") else "{}", "utf-8")
    assert [a.id for a in read(f"{tmp_path}/x/**/*.txt")] == ["a", "deep/b"]
    assert [a.id for a in read(f"{tmp_path}/x/**")] == ["a", "deep/b", "deep/c"]


def test_glob_matching_nothing_is_skipped(tmp_path: Path) -> None:
    assert only(read(f"{tmp_path}/*.txt")).reason == "no files match"


def test_expand_paths_yields_each_file_once_with_its_root(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    assert list(expand_paths([tmp_path, tmp_path / "a.txt"])) == [(tmp_path / "a.txt", tmp_path)]


def test_published_dates_in_other_formats_and_unparseable_ones(tmp_path: Path) -> None:
    lines = [
        {"text": "x", "published": "15 March 2022"},
        {"text": "y", "published": "sometime soon"},
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(map(json.dumps, lines)), "utf-8")
    assert [a.published for a in read(tmp_path / "d.jsonl")] == [date(2022, 3, 15), None]


def test_sha256_is_deterministic_and_changes_with_metadata(tmp_path: Path) -> None:
    lines = [{"text": "x", "title": "A"}, {"text": "x", "title": "A"}, {"text": "x"}]
    (tmp_path / "h.jsonl").write_text("\n".join(map(json.dumps, lines)), "utf-8")
    first, same, untitled = (a.sha256 for a in read(tmp_path / "h.jsonl"))
    assert first == same != untitled


@settings(deadline=None)
@given(data=st.binary(max_size=200), suffix=st.sampled_from(sorted(FORMATS)))
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "x" + suffix)
        path.write_bytes(data)
        results = read(path)
    assert results
    assert all(isinstance(r, Skipped) or r.text.strip() for r in results)


def test_seed_articles_in_data() -> None:
    articles = {a.id: a for a in read(DATA)}
    mirror = articles["mirror-2022-03-15-nato-toecap"]
    assert mirror.title.startswith("One Russian toecap on NATO soil")
    assert (mirror.published, mirror.source, mirror.author) == (
        date(2022, 3, 15),
        "Daily Mirror",
        "Ben Glaze",
    )
    assert mirror.text.startswith("Get all your news in one place.\n")
    rutte = articles["rutte-strike-targets-in-russia"]
    assert rutte.title.startswith("Rutte: Ukraine has the right")
    assert rutte.published is None
    assert len(articles) == 2
