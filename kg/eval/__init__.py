"""Measure extraction quality on public gold data: entities (CoNLL-2003, CrossNER) and relations (CrossRE)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from kg.errors import KGError
from kg.eval.datasets import read_conll, read_crossner, read_crossre
from kg.eval.ner import Report, score
from kg.eval.relations import score_relations
from kg.nlp import load_pipeline

#: Each benchmark: its reader and the labels it scores (None: relations).
BENCHMARKS = {
    "conll": (read_conll, ("PER", "ORG", "LOC")),
    "crossner": (read_crossner, ("PER", "ORG", "LOC", "EVENT")),
    "crossre": (read_crossre, None),
}


def evaluate(
    benchmark: str, paths: Iterable[str | Path], model: str | None = None, limit: int | None = None
) -> Report:
    """Run the project's pipeline on gold files and score it: entities, or relations for CrossRE."""
    reader, labels = BENCHMARKS[benchmark]
    documents = []
    for path in paths:
        if not Path(path).is_file():
            raise KGError(f"{path}: no such gold file (the data lives in ../shared/data/)")
        try:
            documents.extend(reader(path))
        except (ValueError, KeyError, IndexError) as error:
            raise KGError(f"{path}: not a {benchmark} file: {error}") from error
    documents = list(islice(documents, limit))
    nlp = load_pipeline(model)
    return score(documents, nlp, labels) if labels else score_relations(documents, nlp)
