"""Fine-tuning the entity recogniser: how gold and silver labels are combined, and the shipped weights."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.eval.datasets import GoldSpan, read_conll
from kg.nlp import NER_WEIGHTS, available_model, load_pipeline
from kg.train import example, fine_tune


def test_example_maps_gold_labels_keeps_model_dates_and_leaves_misc_missing():
    base = spacy.load(available_model())
    tokens = "Vladimir Putin met Nato officials in Brussels on Monday , a Russian source said .".split()
    gold = [GoldSpan(0, 2, "PER"), GoldSpan(3, 4, "ORG"), GoldSpan(6, 7, "LOC"), GoldSpan(11, 12, "MISC")]
    reference = example(base, tokens, gold).reference
    labels = {e.text: e.label_ for e in reference.ents}
    assert labels["Vladimir Putin"] == "PERSON"
    assert labels["Nato"] == "ORG"
    assert labels["Brussels"] in {"GPE", "LOC"}
    assert labels.get("Monday") == "DATE"  # silver: gold data has no dates, the model's own is kept
    russian = reference[11]
    assert russian.ent_iob_ == "" or labels.get("Russian") == "NORP"  # MISC: missing unless the model agrees


def test_conll_reader_keeps_the_datasets_own_labels_for_training(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n"
        "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n",
        encoding="utf-8",
    )
    documents = [(d.tokens, d.entities) for d in read_conll(path, labels=None)]
    assert documents == [
        (["EU", "rejects", "German"], [GoldSpan(0, 1, "ORG"), GoldSpan(2, 3, "MISC")]),
        (["Peter", "Blackburn"], [GoldSpan(0, 2, "PER")]),
    ]


def test_fine_tune_learns_a_name_the_base_model_misses():
    base = spacy.load(available_model())
    sentence = "Zorblax rose 5 percent after Zorblax reported profits .".split()
    spans = [GoldSpan(0, 1, "ORG"), GoldSpan(5, 6, "ORG")]
    train = [example(base, sentence, spans) for _ in range(8)]
    held_out = [example(base, sentence, spans)]
    best = fine_tune(base, train, held_out, epochs=6)
    doc = base.get_pipe("ner")(Doc(base.vocab, words=sentence))
    assert best == 1.0
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "ORG"] == [
        ("Zorblax", "ORG"),
        ("Zorblax", "ORG"),
    ]


def test_default_pipeline_uses_the_shipped_weights_and_a_named_model_its_own():
    shipped = (NER_WEIGHTS / "model").read_bytes()
    assert load_pipeline().get_pipe("ner").model.to_bytes() == shipped
    assert load_pipeline(available_model()).get_pipe("ner").model.to_bytes() != shipped
