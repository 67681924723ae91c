"""`kg eval`: readers and scoring on files made here; the real benchmarks when ../shared/data is there."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.eval.datasets import GoldSpan, read_conll, read_crossner, read_crossre
from kg.eval.ner import Report, Scores, compare

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_gold = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} is absent: the gold-data evaluations were NOT run"
)

CONLL = """-DOCSTART- -X- -X- O

SOCCER NN B-NP O
- : O O
JAPAN NNP B-NP B-LOC
WIN NN I-NP O

Nadim NNP B-NP B-PER
Ladki NNP I-NP I-PER
of IN O O
Italia NNP B-NP B-MISC

-DOCSTART- -X- -X- O

United NNP B-NP B-ORG
Nations NNP I-NP I-ORG
"""


def test_conll_reader_keeps_articles_and_drops_misc(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(CONLL, encoding="utf-8")
    docs = read_conll(path)
    assert [len(d.sentences) for d in docs] == [2, 1]
    assert docs[0].entities == [GoldSpan(2, 3, "LOC"), GoldSpan(4, 6, "PER")]
    assert docs[1].entities == [GoldSpan(0, 2, "ORG")]
    text, offsets = docs[0].text_and_offsets()
    assert text.splitlines()[1] == "Nadim Ladki of Italia"
    assert text[offsets[4][0] : offsets[5][1]] == "Nadim Ladki"


def test_crossner_reader_maps_labels(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(
        "At\tO\nthe\tO\n2001\tB-election\nItalian\tI-election\nelection\tI-election\n\n"
        "Prodi\tB-politician\nled\tO\nthe\tO\nOlive\tB-politicalparty\nTree\tI-politicalparty\n",
        encoding="utf-8",
    )
    docs = read_crossner(path)
    assert [d.entities for d in docs] == [
        [GoldSpan(2, 5, "EVENT")],
        [GoldSpan(0, 1, "PER"), GoldSpan(3, 5, "ORG")],
    ]


def test_crossre_reader_has_relations(tmp_path):
    record = {
        "doc_key": "k",
        "sentence": ["Peskov", ",", "Kremlin", "spokesman"],
        "ner": [[0, 0, "person"], [2, 2, "organisation"]],
        "relations": [[0, 0, 2, 2, "role", "", False, False]],
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = read_crossre(path)
    assert (
        doc.relations[0].head == (0, 1)
        and doc.relations[0].tail == (2, 3)
        and doc.relations[0].label == "role"
    )


def test_scores_and_error_kinds():
    report = Report(labels={"PER": Scores(), "ORG": Scores(), "LOC": Scores()})
    gold = {GoldSpan(0, 2, "PER"), GoldSpan(3, 4, "ORG"), GoldSpan(5, 6, "LOC"), GoldSpan(7, 9, "PER")}
    predicted = {GoldSpan(0, 2, "PER"), GoldSpan(3, 4, "LOC"), GoldSpan(7, 8, "PER"), GoldSpan(10, 11, "ORG")}
    compare(gold, predicted, [f"t{i}" for i in range(12)], report)
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (1, 3, 3)
    assert (
        report.errors["wrong type: gold ORG, predicted LOC"] == 2
    )  # counted once as a miss, once as spurious
    assert report.errors["missed LOC"] == 1
    assert report.errors["spurious ORG"] == 1
    assert report.errors["wrong boundary PER (gold side)"] == 1
    assert report.labels["PER"].precision == 0.5


def run_eval(*args):
    result = CliRunner().invoke(main, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@needs_gold
def test_conll_eval_runs_the_pipeline_and_counts_every_gold_entity():
    path = SHARED_DATA / "conll2003" / "test.txt"
    figures = run_eval("conll", str(path), "--limit", "40")
    gold = sum(len(d.entities) for d in read_conll(path)[:40])
    assert figures["documents"] == 40
    assert figures["micro"]["tp"] + figures["micro"]["fn"] == gold
    assert figures["micro"]["f1"] >= 0.70  # the baseline spaCy model alone scores 0.585 on this data
    assert len(figures["errors"]) == 20


@needs_gold
def test_crossner_eval_finds_named_events():
    figures = run_eval("crossner", str(SHARED_DATA / "crossner_politics" / "test.txt"), "--limit", "150")
    assert figures["labels"]["EVENT"]["f1"] >= 0.6  # spaCy's EVENT label alone: recall 0.03


@needs_gold
def test_crossre_eval_relations_are_mostly_right():
    figures = run_eval("crossre", str(SHARED_DATA / "crossre" / "news-dev.json"))
    assert figures["documents"] == 350
    assert figures["micro"]["precision"] >= 0.6
    assert figures["micro"]["tp"] > 0


def test_missing_gold_file_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(main, ["eval", "conll", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such gold file" in result.output
