"""Remove reader-app and outlet boilerplate lines, keeping a map back to the original."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter

from kg.models import Article

# Lines are compared as keys: stripped, whitespace collapsed, curly quotes made
# straight and case folded, so the patterns below are lower case with ' quotes.

#: Whole lines that reader apps (inkl) and outlets add around an article.
BOILERPLATE = (
    r"get all your news in one place\.?",
    r"100'?s of premium titles\.?",
    r"one app\.?",
    r"start reading",
    r"read news from 100'?s of titles, curated specifically for you\.?",
    r"already a member\? sign in here\.?",
    r"top stories on inkl right now",
    r"our picks",
    r"fourteen days free",
    r"download the app",
    r"one app\. one membership\.?",
    r"100\+ trusted global sources\.?",
)
#: Lines after which nothing belongs to the article; they are dropped too.
FOOTERS = (r"sign up to read this article\.?", r"related stories")
#: A link introduction; with nothing after the colon, the next line is the link title.
LINK_INTRO = r"(?:read more(?: related news)?|related)\s*:\s*(.*)"
#: A photo caption: a line ending with an agency credit such as "(REUTERS)".
CAPTION = (
    r".*\((?:(?:image|photo|picture)\s*:\s*)?"
    r"(?:reuters|afp(?: via getty images)?|ap|epa(?:-efe)?|pa(?: wire| media)?"
    r"|getty(?: images)?)\)"
)
#: A title line is only taken to end a preamble of lines at most this many words long.
PREAMBLE_MAX_WORDS = 20

_BOILERPLATE = re.compile("|".join(BOILERPLATE))
_FOOTER = re.compile("|".join(FOOTERS))
_LINK_INTRO = re.compile(LINK_INTRO)
_CAPTION = re.compile(CAPTION)
_STRAIGHT_QUOTES = str.maketrans("‘’‛“”„", "'''\"\"\"")


@dataclass(frozen=True)
class CleanText:
    """Cleaned article text and the kept segments that map it back to the original."""

    text: str
    #: (clean start, original start, length) of each run of kept text, in order.
    segments: tuple[tuple[int, int, int], ...]

    @classmethod
    def verbatim(cls, text: str) -> CleanText:
        """Text that needs no cleaning (gold data): one segment mapping onto itself."""
        return cls(text, ((0, 0, len(text)),) if text else ())

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of cleaned ``[start, end)``, removed lines within included."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is not within the cleaned text")
        return self._original(start), self._original(end - 1) + 1

    def _original(self, index: int) -> int:
        """Original offset of the cleaned character at ``index``."""
        position = bisect_right(self.segments, index, key=itemgetter(0)) - 1
        clean_start, original_start, _ = self.segments[position]
        return original_start + index - clean_start


def clean(article: Article) -> CleanText:
    """The article's text without boilerplate lines, with a map to the original."""
    lines = article.text.splitlines(keepends=True)
    keys = [_key(line) for line in lines]
    segments: list[tuple[int, int, int]] = []
    blank: tuple[int, int] | None = None
    offset = 0
    for line, key, keep in zip(lines, keys, _kept(keys, article), strict=True):
        if keep and not key:
            # Runs of blank lines shrink to one, and none lead or trail.
            blank = blank or ((offset, len(line)) if segments else None)
        elif keep:
            for start, length in filter(None, (blank, (offset, len(line)))):
                _append(segments, start, length)
            blank = None
        offset += len(line)
    text = "".join(article.text[start : start + n] for _, start, n in segments)
    return CleanText(text, tuple(segments))


def _append(segments: list[tuple[int, int, int]], start: int, length: int) -> None:
    """Keep original text ``[start, start + length)``, extending the last segment if it can."""
    if segments and segments[-1][1] + segments[-1][2] == start:
        clean_start, original_start, previous = segments[-1]
        segments[-1] = (clean_start, original_start, previous + length)
    else:
        clean_end = segments[-1][0] + segments[-1][2] if segments else 0
        segments.append((clean_end, start, length))


def _kept(keys: list[str], article: Article) -> list[bool]:
    """Which lines, given as keys, belong to the article."""
    start = _title_line(keys, article.title)
    names = {_key(name) for name in (article.source, article.author) if name}
    kept = [index >= start for index in range(len(keys))]
    seen: set[str] = set()
    link_title_next = False
    for index, key in enumerate(keys):
        if not key or index < start:
            seen.add(key)
            continue
        if _FOOTER.fullmatch(key):
            kept[index:] = [False] * (len(keys) - index)
            break
        intro = _LINK_INTRO.fullmatch(key)
        kept[index] = not (
            link_title_next
            or intro
            or key in seen
            or key in names
            or _BOILERPLATE.fullmatch(key)
            or _CAPTION.fullmatch(key)
        )
        link_title_next = bool(intro and not intro.group(1))
        seen.add(key)
    return kept


def _title_line(keys: list[str], title: str | None) -> int:
    """Index of the title's first line if only a short preamble precedes it, else 0."""
    if title:
        for index, key in enumerate(keys):
            if key == _key(title):
                return index
            if len(key.split()) > PREAMBLE_MAX_WORDS:
                break
    return 0


def _key(line: str) -> str:
    """A line as compared with patterns and names: quotes straightened, case folded."""
    return " ".join(line.translate(_STRAIGHT_QUOTES).split()).casefold()
