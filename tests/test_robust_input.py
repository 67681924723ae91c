"""Bad input: a corpus of nasty files made here, property-based bytes and JSON, and `kg build` on them.

Each bad input is reported once with its path and a one-line reason, every good file is still built,
and the exit code says what happened (0 all built, 1 some skipped, 2 nothing built or --strict stopped).
"""

from __future__ import annotations

import codecs
import ctypes
import json
import os
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from robust_support import KG, article_graphs, run_kg

from kg.build import UNFINISHED, build
from kg.cli import main
from kg.decode import DecodeError, decode
from kg.errors import KGError
from kg.ingest import FORMATS, MAX_CHARS, read_articles
from kg.models import Article, Skipped
from kg.store import GraphStore

GOOD = "Vladimir Putin met Emmanuel Macron in Moscow on Monday, officials said.\n"
#: Western European text: what Windows-1252 / Latin-1 files hold.
WESTERN = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"-()\n"
        "éèêëàâäçîïôöûüùÿñÉÈÀÇÑÖÜßæøåÆØÅœŒšžŠŽ“”‘’–—…€£«»¿¡°\xa0"
    ),
    min_size=1,
    max_size=300,
)


def skipped_lines(output: str) -> dict[str, list[str]]:
    """The reasons printed for each skipped path, from `kg build`'s output."""
    reasons: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line.startswith("skipped "):
            path, reason = line[len("skipped ") :].split(": ", 1)
            reasons.setdefault(path, []).append(reason)
    return reasons


def nasty_corpus(folder: Path) -> tuple[dict[str, str], list[str]]:
    """Bad files (path -> expected start of the reason) and good article ids, all written into ``folder``."""
    folder.mkdir()
    bad = {
        "empty.txt": (b"", "empty: no text"),
        "blank.md": (b" \n\t \n", "empty: no text"),
        "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file, not text"),
        "junk.txt": (bytes(range(128, 256)) * 4, "not valid UTF-8"),
        "bad-utf8.txt": (
            b"The minister said \xff\xfe\xc3 that talks \x80\x81 would go on.\n",
            "not valid UTF-8",
        ),
        "mixed.txt": ("Zürich ".encode() + "café au lait".encode("latin-1"), "not valid UTF-8"),
        "utf16-no-bom.txt": (GOOD.encode("utf-16-le"), "binary file, not text"),
        "broken.json": (b'{"text": "unfinished', "invalid JSON: Unterminated string"),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, "invalid JSON: nested too deeply"),
        "deep-object.json": (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "invalid JSON: nested too deeply"),
        "number.json": (b"42", "JSON is neither an object nor a list"),
        "scripts.html": (
            b"<html><head><script>alert('x')</script><style>p{}</style></head></html>",
            "empty: no text",
        ),
    }
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "w", encoding="utf-8") as huge:  # 50 MB of text, unique lines
        line = "Reporters in Brussels wrote line {:08d} of a very long transcript today.\n"
        huge.writelines(line.format(n) for n in range(50 * 1024 * 1024 // len(line.format(0))))
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: walking must not follow it
    (folder / "sub" / "again").symlink_to(folder / "sub")
    (folder / "feed.jsonl").write_text(json.dumps({"text": GOOD, "id": "feed-good"}) + "\n{oops\n", "utf-8")
    expected = {str(folder / name): reason for name, (_, reason) in bad.items()}
    size = (folder / "huge.txt").stat().st_size
    expected[str(folder / "huge.txt")] = f"too long: {size:,} characters (limit {MAX_CHARS:,})"
    expected[str(folder / "loop.txt")] = "cannot read: too many levels of symbolic links"
    expected[f"{folder / 'feed.jsonl'}:2"] = "invalid JSON: Expecting property name"

    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(
        "El presidente de España habló en Señor Muñoz's café.\n".encode("latin-1")
    )
    (folder / "cp1252.md").write_bytes(
        "He said “we will not back down” – and left for Köln.\n".encode("cp1252")
    )
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    (folder / "page.html").write_text(
        f"<html><head><title>T</title><script>var x = 1;</script></head><body><article><p>{GOOD}</p>"
        f"<p>{GOOD.replace('Monday', 'Tuesday')}</p></article></body></html>",
        encoding="utf-8",
    )
    good = ["good", "latin1", "cp1252", "utf16", "page", "feed-good"]
    return expected, good


def test_nasty_corpus_each_bad_input_reported_once_and_every_good_one_built(tmp_path):
    expected, good = nasty_corpus(tmp_path / "in")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    reported = skipped_lines(result.output)
    assert set(reported) == set(expected), result.output
    for path, reasons in reported.items():
        assert len(reasons) == 1 and reasons[0].startswith(expected[path]), (path, reasons)
    ids = {name.rsplit("/", 1)[-1] for name in article_graphs(tmp_path / "out" / "store")}
    assert ids == set(good)
    assert time.monotonic() - started < 120  # the 50 MB file is refused, not parsed


def test_decoding_policy_on_known_encodings():
    assert decode("Zürich café".encode("latin-1")) == "Zürich café"
    assert decode("“quoted” – €5".encode("cp1252")) == "“quoted” – €5"
    assert decode(codecs.BOM_UTF8 + "naïve".encode()) == "naïve"
    assert decode(codecs.BOM_UTF16_BE + "naïve".encode("utf-16-be")) == "naïve"
    russian = "Президент России заявил во вторник, что переговоры продолжатся в Минске. " * 3
    assert decode(russian.encode("cp1251")) == russian  # a confident, plausible guess
    with pytest.raises(DecodeError, match=r"not valid UTF-8 \(invalid start byte 0xff at byte 3\): damaged"):
        decode("né\xff".encode("latin-1").replace(b"\xe9", "é".encode()))
    with pytest.raises(DecodeError, match="no other encoding fits with confidence"):
        decode(b"The minister said \xff\xfe\xc3 that talks \x80\x81 would go on.\n")  # not cp775 garbage


@settings(max_examples=200, deadline=None)
@given(text=WESTERN)
def test_western_text_in_windows_1252_is_read_exactly_or_refused(text):
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)  # bytes that are also valid UTF-8 are read as UTF-8, by design
    try:
        assert decode(data) == text
    except DecodeError as error:
        assert str(error).startswith("not valid UTF-8") and "\n" not in str(error)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200).filter(lambda t: "\x00" not in t and not t.isascii()),
    at=st.integers(min_value=0),
    bad=st.sampled_from(b"\x80\xbf\xc0\xff"),
)
def test_damaged_utf8_is_refused_never_read_as_another_encoding(text, at, bad):
    at %= len(text) + 1  # between characters: the text's own multi-byte sequences stay, as evidence
    damaged = text[:at].encode() + bytes([bad]) + text[at:].encode()
    with pytest.raises(DecodeError, match="not valid UTF-8"):
        decode(damaged)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_decode_to_plain_text_or_a_one_line_reason(data):
    try:
        text = decode(data)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert "\x00" not in text
    if not _is_utf(data):  # a legacy reading: no control, unassigned, private or replacement characters
        odd = {"Cc", "Cn", "Co", "Cs"}
        assert not [c for c in text if unicodedata.category(c) in odd and c not in "\t\n\r\f\v"], text
        assert "\ufffd" not in text


def _is_utf(data: bytes) -> bool:
    """Whether bytes are UTF-8, or carry a UTF-16/32 byte order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.one_of(JSON, st.fixed_dictionaries({"text": st.text(min_size=1, max_size=80)})), max_size=6
    ),
    suffix=st.sampled_from([".json", ".jsonl"]),
)
def test_any_json_gives_articles_or_one_line_reasons_per_record(records, suffix):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "feed" + suffix)
        lines = [json.dumps(record) for record in records]
        path.write_text(json.dumps(records) if suffix == ".json" else "\n".join(lines), encoding="utf-8")
        items = list(read_articles([path]))
    assert items
    for item in items:
        assert item.path.startswith(str(path))
        if isinstance(item, Skipped):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip()


def test_ten_thousand_tiny_files_are_read_in_seconds(tmp_path):
    for number in range(10_000):
        content = b"" if number % 3 else f"Story {number}: Putin met Macron in Paris.".encode()
        (tmp_path / f"{number:05d}.txt").write_bytes(content)
    started = time.monotonic()
    items = list(read_articles([tmp_path]))
    seconds = time.monotonic() - started
    assert len(items) == 10_000 and sum(isinstance(item, Article) for item in items) == 3_334
    assert {item.reason for item in items if isinstance(item, Skipped)} == {"empty: no text"}
    assert seconds < 15, f"reading 10,000 tiny files took {seconds:.1f} s"


def test_a_folder_with_no_articles_and_a_glob_through_folder_loops(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "tree" / "d").mkdir(parents=True)
    (tmp_path / "tree" / "d" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "tree" / "d" / "up").symlink_to(tmp_path / "tree")
    (tmp_path / "tree" / "d" / "up2").symlink_to(tmp_path / "tree")  # glob.glob('**') would never end
    (empty,) = read_articles([tmp_path / "empty"])
    assert empty == Skipped(
        str(tmp_path / "empty"), f"no article files in this folder ({', '.join(FORMATS)})"
    )
    started = time.monotonic()
    assert [item.id for item in read_articles([f"{tmp_path}/tree/**/*.txt", f"{tmp_path}/tree/**"])] == [
        "d/a"
    ]
    assert time.monotonic() - started < 5


def test_a_file_that_vanishes_after_listing_is_skipped_and_the_rest_is_built(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(GOOD.replace("Monday", name), encoding="utf-8")

    def reading_while_b_vanishes(paths, max_chars=None):
        for number, item in enumerate(read_articles(paths, max_chars)):
            if number == 0:
                (folder / "b.txt").unlink()  # listed with the folder, gone before it is read
            yield item

    monkeypatch.setattr("kg.build.read_articles", reading_while_b_vanishes)
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert skipped_lines(result.output) == {str(folder / "b.txt"): ["cannot read: no such file or directory"]}
    assert len(article_graphs(tmp_path / "out" / "store")) == 2


def _without_file_permission_override() -> None:
    """In the child: as root, give up the capabilities that let root read any file (so modes apply)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def test_unreadable_files_and_folders_are_skipped_by_an_unprivileged_build(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "secret.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked" / "inner.txt").write_text(GOOD, encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    try:
        result = subprocess.run(
            [*KG, "build", str(folder), "--out", str(tmp_path / "out")],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_without_file_permission_override,
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert skipped_lines(result.stderr) == {
        str(folder / "secret.txt"): ["cannot read: permission denied"],
        str(folder / "locked"): ["cannot read: permission denied"],
    }
    assert list(article_graphs(tmp_path / "out" / "store")) == ["https://w3id.org/newskg/id/article/good"]


def test_strict_stops_at_the_first_bad_input_before_writing_anything(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\x00binary")
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last == f"error: {folder / 'b.txt'}: empty: no text; stopped by --strict before writing anything"
    assert not (tmp_path / "out" / "store").exists()


def test_strict_stops_during_extraction_leaving_whole_articles_and_a_rerun_finishes(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text("Sign up to read this article\nDownload the app\n", encoding="utf-8")
    (folder / "c.txt").write_text(GOOD.replace("Moscow", "Paris"), encoding="utf-8")
    result = run_kg("build", str(folder), "--out", str(out), "--strict")
    assert result.returncode == 2
    stopped = f"{folder / 'b.txt'}: no article text left after removing boilerplate; stopped by --strict"
    assert stopped in result.stderr.strip().splitlines()[-1]
    assert list(article_graphs(out / "store")) == ["https://w3id.org/newskg/id/article/a"]
    assert (out / UNFINISHED).exists() and not (out / "kg.trig").exists()
    again = run_kg("build", str(folder), "--out", str(out))
    assert again.returncode == 1 and (out / "kg.trig").exists() and not (out / UNFINISHED).exists()
    assert len(article_graphs(out / "store")) == 2


def test_max_chars_is_an_option_and_exit_2_when_nothing_is_built(tmp_path):
    (tmp_path / "long.txt").write_text(GOOD * 10, encoding="utf-8")
    command = ["build", str(tmp_path / "long.txt"), "--out", str(tmp_path / "out"), "--max-chars", "100"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    reason = f"too long: {len(GOOD) * 10:,} characters (limit 100); split it, or raise --max-chars"
    assert skipped_lines(result.output) == {str(tmp_path / "long.txt"): [reason]}


def test_a_build_stopped_by_an_error_in_this_process_leaves_the_store_closed(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text("Sign up to read this article\nDownload the app\n", encoding="utf-8")
    with pytest.raises(KGError) as stopped:
        build([folder], out, strict=True)
    assert stopped.value.__traceback__ is not None  # the traceback (and the build's frames) still held
    with GraphStore(out / "store") as store:  # the lock is free: another build or kg serve can open it
        assert store.article_versions().keys() == {"https://w3id.org/newskg/id/article/a"}
