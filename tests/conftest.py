"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.clean import clean
from kg.cli import main
from kg.extract import extract
from kg.models import Article, Extraction
from kg.nlp import load_pipeline, parse
from kg.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extract from text written in a test, as an article published on the given date."""

    def run(text: str, published: date | None = date(2022, 3, 15), article_id: str = "t") -> Extraction:
        article = Article(id=article_id, text=text, published=published, sha256="0" * 64)
        cleaned = clean(article)
        return extract(article, cleaned, next(parse(nlp, [cleaned.text])))

    return run


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seed articles in data/ built once through the command line: (out folder, click result)."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def store(built):
    return GraphStore(built[0] / "store", read_only=True)
