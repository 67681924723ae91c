"""Fine-tune the model's entity recogniser on gold news text; the weights ship in kg/models/ner/.

Gold people, organisations, places and events come from the gold data; the labels gold data does not
annotate (dates, numbers, money) come from the base model itself, so the recogniser keeps them.
Entities the gold data leaves untyped (MISC) are marked missing: neither right nor wrong.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from kg.eval.datasets import GoldDocument, GoldSpan
from kg.truecase import truecase

#: A dataset's own gold label -> the model's label; None: the model's place label when it agrees, else GPE.
GOLD_TO_MODEL = {
    "PER": "PERSON",
    "person": "PERSON",
    "politician": "PERSON",
    "ORG": "ORG",
    "organisation": "ORG",
    "politicalparty": "ORG",
    "country": "GPE",
    "LOC": None,
    "location": None,
    "event": "EVENT",
    "election": "EVENT",
}
#: The model's own labels for a gold place, kept when the model agrees on the span (else GPE).
PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: The model's labels for a gold MISC span that are kept when the model agrees on the span.
MISC_LABELS = {"NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "LANGUAGE", "FAC"}
#: Labels no gold data here annotates: the model's own predictions are kept where gold says nothing.
SILVER_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}


def example(nlp: Language, tokens: list[str], spans: list[GoldSpan]) -> Example:
    """A training example: the text the pipeline would see (ALL-CAPS lines truecased), gold and silver."""
    text = truecase(GoldDocument("x", [tokens]).text_and_offsets()[0])
    words, position = [], 0
    for token in tokens:
        words.append(text[position : position + len(token)])
        position += len(token) + 1
    predicted = nlp(Doc(nlp.vocab, words=words))
    model = {(e.start, e.end): e.label_ for e in predicted.ents}
    reference = Doc(nlp.vocab, words=words)
    tags = ["O"] * len(words)
    entities: list[Span] = []
    for span in spans:
        label = GOLD_TO_MODEL.get(span.label, "MISC")
        if label is None:
            seen = model.get((span.start, span.end))
            label = seen if seen in PLACE_LABELS else "GPE"
        elif label == "MISC":
            seen = model.get((span.start, span.end))
            label = seen if seen in MISC_LABELS else None
        if label is None:
            tags[span.start : span.end] = ["-"] * (span.end - span.start)
        else:
            entities.append(Span(reference, span.start, span.end, label))
    for entity in predicted.ents:
        if entity.label_ in SILVER_LABELS and all(t == "O" for t in tags[entity.start : entity.end]):
            entities.append(Span(reference, entity.start, entity.end, entity.label_))
    covered = {i for e in entities for i in range(e.start, e.end)}
    entities = _without_overlaps(entities)
    reference.set_ents(
        entities,
        missing=[reference[i : i + 1] for i, t in enumerate(tags) if t == "-" and i not in covered],
        default="outside",
    )
    return Example(Doc(nlp.vocab, words=words), reference)


def _without_overlaps(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not taken.intersection(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return chosen


def fine_tune(
    nlp: Language,
    train: list[Example],
    held_out: list[Example],
    *,
    epochs: int = 12,
    batch_size: int = 8,
    dropout: float = 0.2,
    seed: int = 0,
    on_epoch: Callable[[int, float, float], None] | None = None,
) -> float:
    """Update the entity recogniser on ``train``; keep the weights that score best on ``held_out``."""
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    ner = nlp.get_pipe("ner")
    best, best_bytes = score(nlp, held_out), ner.to_bytes()
    if on_epoch:
        on_epoch(0, 0.0, best)
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(1, epochs + 1):
            random.shuffle(train)
            losses: dict[str, float] = {}
            for batch in spacy.util.minibatch(train, size=batch_size):
                nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
            f1 = score(nlp, held_out)
            if on_epoch:
                on_epoch(epoch, losses.get("ner", 0.0), f1)
            if f1 > best:
                best, best_bytes = f1, ner.to_bytes()
    ner.from_bytes(best_bytes)
    return best


def score(nlp: Language, examples: Iterable[Example]) -> float:
    """Micro-F1 of the recogniser's people, organisations, places and events against the references."""
    kinds = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "EVENT": "EVENT"}
    ner = nlp.get_pipe("ner")
    found = right = expected = 0
    for item in examples:
        doc = ner(Doc(nlp.vocab, words=[t.text for t in item.reference]))
        gold = {(e.start, e.end, kinds[e.label_]) for e in item.reference.ents if e.label_ in kinds}
        guess = {(e.start, e.end, kinds[e.label_]) for e in doc.ents if e.label_ in kinds}
        found, right, expected = found + len(guess), right + len(gold & guess), expected + len(gold)
    return 2 * right / (found + expected) if found + expected else 0.0
