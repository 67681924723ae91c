"""Read news articles from text, Markdown, HTML and JSON files, skipping bad input."""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import dateparser

from kg.decode import DecodeError, decode
from kg.models import Article, Skipped

FORMATS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
SIDECAR = ".meta.json"
#: The longest article text parsed by default. Measured with en_core_web_sm on dense news-like text
#: (2 cores): 100,000 characters take 15 s and 550 MB, 200,000 take 48 s and 870 MB, 1,000,000 take
#: 13 minutes and 3.1 GB; a 50 MB text would take hours and more memory than a laptop has.
MAX_CHARS = 200_000
TEXT_FIELDS = ("title", "source", "url", "author")
# Absolute dates only: relative ones ("yesterday") would depend on when we run.
_DATEPARSER_SETTINGS = {"STRICT_PARSING": True, "PARSERS": ["absolute-time"]}


class InputError(Exception):
    """An input that cannot become an article; the message is the skip reason."""


def read_articles(paths: Iterable[str | Path], max_chars: int | None = None) -> Iterator[Article | Skipped]:
    """Yield an Article for each readable article, a Skipped for each bad input or text over max_chars."""
    for file, root in expand_paths(paths):
        try:
            for item in _read_file(file, root):
                yield _within(item, max_chars)
        except InputError as error:
            yield Skipped(str(file), str(error))


def _within(item: Article | Skipped, max_chars: int | None) -> Article | Skipped:
    """The article, or a Skipped when its text is longer than the limit."""
    if isinstance(item, Skipped) or max_chars is None or len(item.text) <= max_chars:
        return item
    return Skipped(
        item.path or item.id,
        f"too long: {len(item.text):,} characters (limit {max_chars:,}); split it, or raise --max-chars",
    )


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """Yield each (file, root it was found under) once, expanding directories and globs."""
    seen: set[str] = set()
    for raw in paths:
        for file, root in _expand(Path(raw)):
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                yield file, root


def _expand(path: Path) -> Iterator[tuple[Path, Path]]:
    """Files named by one input; missing paths and unmatched globs pass through."""
    if _is_pattern(path) and not os.path.lexists(path):
        root = Path(*_literal_prefix(path))
        matches = _glob(path, root)
        if not matches:
            yield path, root
        for match in matches:
            if match.is_dir():
                yield from _walk(match, root)
            elif _is_article_name(match.name):
                yield match, root
    elif path.is_dir():
        files = _walk(path, path)
        first = next(files, None)
        yield from [(path, path.parent)] if first is None else chain([first], files)
    else:
        yield path, path.parent


def _glob(pattern: Path, root: Path) -> list[Path]:
    """Paths matching a glob, sorted; '**' walks the tree without following symlinked folders (no loops)."""
    parts = pattern.relative_to(root).parts if root.parts else pattern.parts
    if "**" not in parts:
        return [Path(match) for match in sorted(glob.glob(str(pattern)))]
    matches = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in (*dirnames, *filenames):
            path = Path(dirpath, name)
            if _matches(parts, path.relative_to(root).parts):
                matches.append(path)
    return sorted(matches)


def _matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Whether path parts match glob parts ('**': any number of folders), hidden names only when named."""
    if not pattern:
        return not parts
    head, tail = pattern[0], pattern[1:]
    if head == "**":
        visible = next((i for i, part in enumerate(parts) if part.startswith(".")), len(parts))
        return any(_matches(tail, parts[index:]) for index in range(visible + 1))
    hidden_ok = head.startswith(".") or not parts or not parts[0].startswith(".")
    return bool(parts) and hidden_ok and fnmatch.fnmatchcase(parts[0], head) and _matches(tail, parts[1:])


def _walk(directory: Path, root: Path) -> Iterator[tuple[Path, Path]]:
    """Article files under a directory, sorted, skipping hidden files and directories."""
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(directory, onerror=unreadable.append):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and _is_article_name(name):
                yield Path(dirpath, name), root
    # Reading an unreadable directory reports why it cannot be read.
    yield from ((Path(error.filename), root) for error in unreadable)


def _is_pattern(path: Path) -> bool:
    """Whether a path contains glob wildcards."""
    return glob.escape(str(path)) != str(path)


def _literal_prefix(path: Path) -> Iterator[str]:
    """The leading components of a glob pattern that hold no wildcard."""
    for part in path.parts:
        if _is_pattern(Path(part)):
            return
        yield part


def _is_article_name(name: str) -> bool:
    """Whether a file found in a directory or by a glob should be read."""
    return Path(name).suffix.lower() in FORMATS and not name.endswith(SIDECAR)


def _read_file(file: Path, root: Path) -> Iterator[Article | Skipped]:
    """The articles in one file; raises InputError when the whole file is bad."""
    if _is_pattern(file) and not os.path.lexists(file):
        raise InputError("no files match")
    if file.name.endswith(SIDECAR):
        return  # read with its article: 'kg build data/*' names both
    if not os.path.lexists(file):
        raise InputError("cannot read: no such file or directory")
    if file.is_dir():
        try:
            os.listdir(file)
        except OSError as error:
            raise InputError(f"cannot read: {_os_reason(error)}") from None
        raise InputError(f"no article files in this folder ({', '.join(FORMATS)})")
    kind = FORMATS.get(file.suffix.lower())
    if kind is None:
        raise InputError(f"unsupported file type '{file.suffix}'")
    text = _decode(_read_bytes(file))
    if not text.strip():
        raise InputError("empty: no text")
    stem = file.relative_to(root).with_suffix("").as_posix()
    if kind == "json":
        yield from _json_articles(file, stem, _load_json(text))
    elif kind == "jsonl":
        yield from _jsonl_articles(file, stem, text)
    elif kind == "html":
        yield _article(*_html(text), _sidecar(file), stem, str(file))
    else:
        yield _article(text, {}, _sidecar(file), stem, str(file))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or InputError with the operating system's reason."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {_os_reason(error)}") from None


def _os_reason(error: OSError) -> str:
    """The operating system's reason, in lower case: 'permission denied'."""
    return (error.strerror or str(error)).lower()


def _decode(data: bytes) -> str:
    """The text of a file (kg.decode's policy), or InputError with the reason."""
    try:
        return decode(data)
    except DecodeError as error:
        raise InputError(str(error)) from None


def _load_json(text: str, first_line: int = 1) -> Any:
    """Parse JSON, or InputError saying where it is broken."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno + first_line - 1}, column {error.colno}"
        raise InputError(f"invalid JSON: {error.msg} ({where})") from None
    except ValueError as error:  # e.g. an integer with too many digits
        raise InputError(f"invalid JSON: {error}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None


def _json_articles(file: Path, stem: str, data: Any) -> Iterator[Article | Skipped]:
    """Articles from a JSON file holding one record or a list of records."""
    if isinstance(data, dict):
        yield _record_article(data, stem, str(file))
        return
    if not isinstance(data, list):
        raise InputError("JSON is neither an object nor a list of objects")
    if not data:
        raise InputError("empty: no records")
    for number, record in enumerate(data, 1):
        path = f"{file}#{number}"
        try:
            yield _record_article(record, f"{stem}#{number}", path)
        except InputError as error:
            yield Skipped(path, str(error))


def _jsonl_articles(file: Path, stem: str, text: str) -> Iterator[Article | Skipped]:
    """Articles from a JSON Lines file, one Skipped per bad line."""
    for number, line in enumerate(_normalise_newlines(text).split("\n"), 1):
        if not line.strip():
            continue
        path = f"{file}:{number}"
        try:
            yield _record_article(_load_json(line, number), f"{stem}#{number}", path)
        except InputError as error:
            yield Skipped(path, str(error))


def _record_article(record: Any, default_id: str, path: str) -> Article:
    """An article from one JSON record with ``text`` and optional metadata."""
    if not isinstance(record, dict):
        raise InputError("record is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text:
        raise InputError("record has no 'text'")
    return _article(text, record, {}, default_id, path)


def _html(page: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page."""
    import trafilatura  # here, not above: 0.1 s that a build of text and JSON files does not need

    document = trafilatura.bare_extraction(page, with_metadata=True)
    if document is None:
        raise InputError("empty: no text")
    metadata = {
        "title": document.title,
        "published": document.date,
        "author": document.author,
        "url": document.url,
        "source": document.sitename,
    }
    return document.text or "", metadata


def _sidecar(file: Path) -> dict[str, Any]:
    """The JSON object in ``NAME.meta.json`` beside ``NAME.ext``, if there is one."""
    sidecar = file.with_suffix(SIDECAR)
    if not os.path.lexists(sidecar):
        return {}
    try:
        metadata = _load_json(_decode(_read_bytes(sidecar)))
    except InputError as error:
        raise InputError(f"bad sidecar {sidecar.name}: {error}") from None
    if not isinstance(metadata, dict):
        raise InputError(f"bad sidecar {sidecar.name}: not a JSON object")
    return metadata


def _metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """The usable metadata fields of a record, sidecar or HTML page."""
    fields: dict[str, Any] = {}
    identifier = raw.get("id")
    if isinstance(identifier, str | int) and not isinstance(identifier, bool):
        fields["id"] = str(identifier).strip()
    for name in TEXT_FIELDS:
        value = raw.get(name)
        if isinstance(value, str) and value.strip():
            fields[name] = value.strip()
    published = raw.get("published")
    if isinstance(published, str) and (day := _parse_date(published)):
        fields["published"] = day
    return fields


def _article(text: str, own: dict[str, Any], sidecar: dict[str, Any], default_id: str, path: str) -> Article:
    """Build an article; sidecar metadata overrides the file's own."""
    text = _normalise_newlines(text)
    if not text.strip():
        raise InputError("empty: no text")
    fields = {name: None for name in (*TEXT_FIELDS, "published")}
    fields |= _metadata(own) | _metadata(sidecar)
    article_id = fields.pop("id", "") or default_id
    content = json.dumps([text, fields], default=str, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(content.encode()).hexdigest()
    return Article(id=article_id, text=text, path=path, sha256=digest, **fields)


def _normalise_newlines(text: str) -> str:
    """Turn CRLF and CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_date(value: str) -> date | None:
    """The date in an ISO or otherwise written absolute date, or None."""
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        parsed = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)
        return parsed.date() if parsed else None
