"""Readers for the gold data: CoNLL-2003, CrossNER and CrossRE, as documents of tokens with gold spans."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Gold labels to the four kinds the graph has; labels not listed (MISC, misc) are not scored.
CONLL_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
CROSSNER_LABELS = {
    "person": "PER",
    "politician": "PER",
    "organisation": "ORG",
    "politicalparty": "ORG",
    "location": "LOC",
    "country": "LOC",
    "event": "EVENT",
    "election": "EVENT",
}


@dataclass(frozen=True)
class GoldSpan:
    """A gold entity: token range [start, end) within the document, and its label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class GoldRelation:
    """A gold relation between two gold spans (token ranges within the document)."""

    head: tuple[int, int]
    tail: tuple[int, int]
    label: str


@dataclass
class GoldDocument:
    """Tokens split into sentences, with gold entities (and relations) on document token offsets."""

    id: str
    sentences: list[list[str]] = field(default_factory=list)
    entities: list[GoldSpan] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return [t for s in self.sentences for t in s]

    def text_and_offsets(self) -> tuple[str, list[tuple[int, int]]]:
        """The text the pipeline reads (tokens joined by spaces, one sentence per line) and token offsets."""
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        position = 0
        for sentence in self.sentences:
            for i, token in enumerate(sentence):
                if i:
                    parts.append(" ")
                    position += 1
                offsets.append((position, position + len(token)))
                parts.append(token)
                position += len(token)
            parts.append("\n")
            position += 1
        return "".join(parts), offsets


def bio_spans(tags: list[str]) -> Iterator[GoldSpan]:
    """Spans from IOB2 tags, with the dataset's own labels (an I- without a B- starts a span)."""
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == label):
            yield GoldSpan(start, i, label)
            start, label = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]


#: Labels to keep, and what to call them; None keeps every label as the dataset writes it (for training).
Labels = dict[str, str] | None


def _mapped(span: GoldSpan, labels: Labels, offset: int = 0) -> GoldSpan | None:
    """The span moved by ``offset`` with its label mapped, or None when the label is not kept."""
    if labels is not None and span.label not in labels:
        return None
    label = span.label if labels is None else labels[span.label]
    return GoldSpan(offset + span.start, offset + span.end, label)


def read_conll(path: str | Path, labels: Labels = CONLL_LABELS) -> list[GoldDocument]:
    """CoNLL-2003 (4 columns, -DOCSTART- between articles): one document per article."""
    return _read_columns(path, labels, split_on_docstart=True)


def read_crossner(path: str | Path, labels: Labels = CROSSNER_LABELS) -> list[GoldDocument]:
    """CrossNER (token TAB tag): one document per passage."""
    return _read_columns(path, labels, split_on_docstart=False)


def _read_columns(path: str | Path, labels: Labels, *, split_on_docstart: bool) -> list[GoldDocument]:
    documents: list[GoldDocument] = []
    current = GoldDocument(id=f"{Path(path).stem}-0")
    sentence: list[tuple[str, str]] = []

    def close_sentence() -> None:
        nonlocal current
        if not sentence:
            return
        if not split_on_docstart and current.sentences:
            documents.append(current)
            current = GoldDocument(id=f"{Path(path).stem}-{len(documents)}")
        offset = len(current.tokens)
        current.sentences.append([t for t, _ in sentence])
        spans = (_mapped(span, labels, offset) for span in bio_spans([g for _, g in sentence]))
        current.entities.extend(span for span in spans if span is not None)
        sentence.clear()

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        columns = line.split()
        if not columns:
            close_sentence()
        elif columns[0] == "-DOCSTART-":
            close_sentence()
            if current.sentences:
                documents.append(current)
            current = GoldDocument(id=f"{Path(path).stem}-{len(documents)}")
        else:
            sentence.append((columns[0], columns[-1]))
    close_sentence()
    if current.sentences:
        documents.append(current)
    return documents


def read_crossre(path: str | Path, labels: Labels = CROSSNER_LABELS) -> list[GoldDocument]:
    """CrossRE JSON lines: one document per sentence, with gold entities and relations."""
    documents = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        document = GoldDocument(id=record["doc_key"], sentences=[record["sentence"]])
        spans = (_mapped(GoldSpan(start, end + 1, label), labels) for start, end, label in record["ner"])
        document.entities.extend(span for span in spans if span is not None)
        for head_start, head_end, tail_start, tail_end, label, *_ in record["relations"]:
            document.relations.append(
                GoldRelation((head_start, head_end + 1), (tail_start, tail_end + 1), label)
            )
        documents.append(document)
    return documents
