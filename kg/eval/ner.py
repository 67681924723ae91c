"""Score the pipeline's entity mentions against gold spans: precision, recall, F1 and error kinds."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language

from kg.clean import CleanText
from kg.eval.datasets import GoldDocument, GoldSpan
from kg.extract import extract
from kg.models import Article, EntityType, Extraction, Span
from kg.nlp import parse

PREDICTED_LABELS = {
    EntityType.PERSON: "PER",
    EntityType.ORGANIZATION: "ORG",
    EntityType.PLACE: "LOC",
    EntityType.EVENT: "EVENT",
}


@dataclass
class Scores:
    """True positives, false positives and false negatives, with the derived figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    """Per-label and micro-averaged scores, and the most frequent kinds of error with examples."""

    labels: dict[str, Scores] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, Counter[str]] = field(default_factory=dict)
    documents: int = 0

    @property
    def micro(self) -> Scores:
        return Scores(*(sum(getattr(s, k) for s in self.labels.values()) for k in ("tp", "fp", "fn")))

    def note(self, kind: str, example: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, Counter())[example] += 1

    def as_dict(self, top: int = 20) -> dict:
        return {
            "documents": self.documents,
            "micro": self.micro.as_dict(),
            "labels": {label: s.as_dict() for label, s in sorted(self.labels.items())},
            "errors": [
                {"kind": kind, "count": n, "examples": [e for e, _ in self.examples[kind].most_common(3)]}
                for kind, n in self.errors.most_common(top)
            ],
        }


def run_pipeline(document: GoldDocument, nlp: Language) -> tuple[Extraction, list[tuple[int, int]]]:
    """The project's extraction on a gold document's text, with the token offsets of that text."""
    text, offsets = document.text_and_offsets()
    article = Article(id=document.id, text=text)
    return extract(article, CleanText.verbatim(text), next(parse(nlp, [text]))), offsets


def token_span(span: Span, offsets: list[tuple[int, int]]) -> tuple[int, int]:
    """The tokens ``[start, end)`` a character span covers."""
    first = bisect_right([s for s, _ in offsets], span.start) - 1
    last = bisect_left([e for _, e in offsets], span.end)
    return max(first, 0), min(last, len(offsets) - 1) + 1


def predicted_spans(
    extraction: Extraction, offsets: list[tuple[int, int]], labels: set[str]
) -> set[GoldSpan]:
    """Every mention as a token span with its label, for the labels the gold data scores."""
    return {
        GoldSpan(*token_span(mention, offsets), PREDICTED_LABELS[entity.type])
        for entity in extraction.entities
        if PREDICTED_LABELS[entity.type] in labels
        for mention in entity.mentions
    }


def score(documents: Iterable[GoldDocument], nlp: Language, labels: Iterable[str]) -> Report:
    """Exact-match scores of the pipeline's entities against the gold spans of ``documents``."""
    report = Report(labels={label: Scores() for label in labels})
    for document in documents:
        extraction, offsets = run_pipeline(document, nlp)
        predicted = predicted_spans(extraction, offsets, set(report.labels))
        compare(set(document.entities), predicted, document.tokens, report)
        report.documents += 1
    return report


def compare(gold: set[GoldSpan], predicted: set[GoldSpan], tokens: list[str], report: Report) -> None:
    """Count matches and classify every miss and every spurious span by its kind of error."""
    for span in gold & predicted:
        report.labels[span.label].tp += 1
    for span in gold - predicted:
        report.labels[span.label].fn += 1
        report.note(_kind(span, predicted, "missed"), _text(span, tokens))
    for span in predicted - gold:
        report.labels[span.label].fp += 1
        report.note(_kind(span, gold, "spurious"), _text(span, tokens))


def _kind(span: GoldSpan, others: set[GoldSpan], alone: str) -> str:
    """What went wrong with a span, judged by the spans on the other side that overlap it."""
    overlapping = [o for o in others if o.start < span.end and span.start < o.end]
    if not overlapping:
        return f"{alone} {span.label}"
    other = overlapping[0]
    gold_first = alone == "missed"
    gold_label, predicted_label = (span.label, other.label) if gold_first else (other.label, span.label)
    if (other.start, other.end) == (span.start, span.end):
        return f"wrong type: gold {gold_label}, predicted {predicted_label}"
    if other.label == span.label:
        return f"wrong boundary {span.label} ({'gold' if gold_first else 'predicted'} side)"
    return f"wrong boundary and type: gold {gold_label}, predicted {predicted_label}"


def _text(span: GoldSpan, tokens: list[str]) -> str:
    return " ".join(tokens[span.start : span.end])
