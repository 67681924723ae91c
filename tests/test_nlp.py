"""Loading the model, parsing long texts in chunks, and the extractor version."""

import pytest

from kg import nlp as kg_nlp
from kg.build import build
from kg.errors import KGError
from kg.nlp import load_pipeline, parse, pipeline_version, split_text


def test_split_text_keeps_every_character_and_cuts_after_line_breaks():
    text = "".join(f"Paragraph {i} is about Paris.\n" for i in range(500))
    chunks = split_text(text, size=1000)
    assert "".join(chunks) == text
    assert all(len(c) <= 1000 for c in chunks)
    assert all(c.endswith("\n") for c in chunks[:-1])


def test_a_long_text_is_parsed_in_chunks_into_one_doc(nlp, monkeypatch):
    monkeypatch.setattr(kg_nlp, "CHUNK_CHARS", 2000)
    monkeypatch.setattr(kg_nlp.split_text, "__defaults__", (2000,))
    text = "".join(f"Vladimir Putin spoke in Moscow on day {i}.\n" for i in range(300))
    (doc,) = parse(nlp, [text])
    assert doc.text == text
    moscow = [e for e in doc.ents if e.text == "Moscow"]
    assert len(moscow) == 300
    assert all(text[e.start_char : e.end_char] == "Moscow" for e in moscow)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(KGError, match="cannot load spaCy model 'no_such_model'"):
        load_pipeline("no_such_model")


def test_version_names_the_code_and_the_model():
    version = pipeline_version()
    assert version.startswith("kg ") and "+" in version.split(";")[0]
    assert "en_core_web_sm" in version


def test_a_new_extractor_rereads_unchanged_articles(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Vladimir Putin met Emmanuel Macron in Paris.", encoding="utf-8")
    assert build([tmp_path / "a.txt"], tmp_path / "out").built == 1
    assert build([tmp_path / "a.txt"], tmp_path / "out").built == 0
    monkeypatch.setattr("kg.build.pipeline_version", lambda model=None: "kg 9.9; another model")
    assert build([tmp_path / "a.txt"], tmp_path / "out").built == 1
