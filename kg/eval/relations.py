"""Score the pipeline's relations against CrossRE's gold relations, on the labels they map onto."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from kg.eval.datasets import GoldDocument
from kg.eval.ner import Report, Scores, run_pipeline, token_span

#: Our relation kinds to CrossRE labels. CrossRE annotates a person's country in results ('Guy Forget
#: (France)') and a city's country as 'physical', a country in an alliance or a player in a team as 'part-of'.
CROSSRE_LABELS = {"role": "role", "member_of": "part-of", "located_in": "physical", "nationality": "physical"}
SCORED_LABELS = ("role", "physical", "part-of")

Arguments = tuple[tuple[int, int], tuple[int, int]]


def score_relations(documents: Iterable[GoldDocument], nlp: Language) -> Report:
    """Directed, exact-argument scores of the pipeline's relations on the scored CrossRE labels."""
    report = Report(labels={label: Scores() for label in SCORED_LABELS})
    for document in documents:
        extraction, offsets = run_pipeline(document, nlp)
        adjectives = {span for entity in extraction.entities for span in entity.adjectives}
        predicted = {
            (token_span(r.subject, offsets), token_span(r.object, offsets), CROSSRE_LABELS[r.kind])
            for r in extraction.relations
            if r.object not in adjectives  # CrossRE tags 'Palestinian President' as misc: not scorable
        }
        gold = {(r.head, r.tail, r.label) for r in document.relations if r.label in SCORED_LABELS}
        tokens = document.tokens
        for triple in gold & predicted:
            report.labels[triple[2]].tp += 1
        for head, tail, label in gold - predicted:
            report.labels[label].fn += 1
            report.note(_kind(head, tail, label, predicted, "missed"), _show(head, tail, tokens))
        for head, tail, label in predicted - gold:
            report.labels[label].fp += 1
            report.note(_kind(head, tail, label, gold, "spurious"), _show(head, tail, tokens))
        report.documents += 1
    return report


def _kind(head, tail, label: str, others: set, alone: str) -> str:
    """What went wrong: the same pair with another label, the pair reversed, or no such pair at all."""
    labels = {other_label for h, t, other_label in others if (h, t) == (head, tail)}
    if labels:
        return f"{alone} {label}: the pair has {'/'.join(sorted(labels))}"
    if any((h, t) == (tail, head) for h, t, _ in others):
        return f"{alone} {label}: the pair is reversed"
    return f"{alone} {label}"


def _show(head: tuple[int, int], tail: tuple[int, int], tokens: list[str]) -> str:
    return f"{' '.join(tokens[head[0] : head[1]])} -> {' '.join(tokens[tail[0] : tail[1]])}"
