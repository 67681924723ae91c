"""Incremental builds: changed articles replaced, deleted ones pruned, and every engine gives one graph."""

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.store import GraphStore

TEXTS = {
    "a": "Vladimir Putin met Emmanuel Macron in Moscow on Monday.",
    "b": "Olaf Scholz visited Kyiv, where he met Volodymyr Zelensky.",
    "c": "NATO ministers met in Brussels. Jens Stoltenberg said the alliance was united.",
    "d": "Joe Biden spoke to Xi Jinping about Taiwan.",
}


@pytest.fixture
def corpus(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, text in TEXTS.items():
        (data / f"{name}.txt").write_text(text, encoding="utf-8")
    return data


def people(out):
    rows = GraphStore(out / "store", read_only=True).select(
        "SELECT DISTINCT ?n WHERE { ?p a schema:Person ; rdfs:label ?n }"
    )
    return {r["n"] for r in rows}


def canonical_quads(out) -> set[str]:
    """The store's quads as canonical N-Quads lines: equal sets mean the same graph, IRIs included."""
    dataset = ox.Dataset(ox.Store(str(out / "store")))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def test_a_changed_article_replaces_its_graph(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out)
    (corpus / "a.txt").write_text("Angela Merkel met Emmanuel Macron in Paris.", encoding="utf-8")
    report = build([corpus], out)
    assert (report.built, report.unchanged) == (1, 3)
    assert "Angela Merkel" in people(out) and "Vladimir Putin" not in people(out)


def test_prune_removes_deleted_articles_and_their_entities(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out)
    (corpus / "d.txt").unlink()
    assert build([corpus], out).pruned == 0
    assert "Joe Biden" in people(out)
    report = build([corpus], out, prune=True)
    assert report.pruned == 1
    assert "Joe Biden" not in people(out) and "Xi Jinping" not in people(out)
    assert report.counts["NewsArticle"] == 3


def test_an_unchanged_build_reads_nothing(corpus, tmp_path):
    build([corpus], tmp_path / "out")
    report = build([corpus], tmp_path / "out")
    assert (report.built, report.unchanged) == (0, 4)


def test_no_views_updates_the_store_and_the_next_build_writes_the_views(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out)
    before = (out / "kg.trig").read_bytes()
    (corpus / "e.txt").write_text("Rishi Sunak met Giorgia Meloni in Rome.", encoding="utf-8")
    report = build([corpus], out, views=False)
    assert report.built == 1 and report.views_stale and report.outputs == {}
    assert report.triples is None  # not counted: counting reads every quad
    assert "Rishi Sunak" in people(out)
    assert (out / "kg.trig").read_bytes() == before
    report = build([corpus], out)
    assert (report.built, report.views_stale) == (0, False)
    assert report.triples == sum(1 for _ in ox.parse(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert (
        b"Rishi Sunak" in (out / "kg.trig").read_bytes()
        and b"Rishi Sunak" in (out / "graph.html").read_bytes()
    )
    assert build([corpus], out).outputs == {}  # views now current: nothing to rewrite


def test_two_processes_give_the_same_graph(corpus, tmp_path):
    build([corpus], tmp_path / "one")
    build([corpus], tmp_path / "two", processes=2)
    assert canonical_quads(tmp_path / "one") == canonical_quads(tmp_path / "two")


def test_a_dask_local_cluster_gives_the_same_graph(corpus, tmp_path):
    build([corpus], tmp_path / "one")
    report = build([corpus], tmp_path / "dask", engine="dask", processes=2)
    assert report.built == 4
    assert canonical_quads(tmp_path / "one") == canonical_quads(tmp_path / "dask")


def test_builds_name_the_exports_written_before_the_store_last_changed(corpus, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "out"
    build([corpus], out)
    runner = CliRunner()
    for fmt in ("ttl", "neo4j"):
        assert runner.invoke(main, ["export", "--format", fmt, "--store", str(out / "store")]).exit_code == 0
    assert build([corpus], out).stale_exports == {}  # nothing changed: the exports are current
    (corpus / "e.txt").write_text("Rishi Sunak met Giorgia Meloni in Rome.", encoding="utf-8")
    result = runner.invoke(main, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{out / 'kg.ttl'} (rewrite: kg export --format ttl)" in " ".join(result.output.split())
    assert f"{out / 'neo4j'} (rewrite: kg export --format neo4j)" in " ".join(result.output.split())
    assert b"Rishi Sunak" not in (out / "kg.ttl").read_bytes()  # named, not rewritten behind the user's back
    assert build([corpus], out).stale_exports == {"ttl": out / "kg.ttl", "neo4j": out / "neo4j"}  # until
    assert runner.invoke(main, ["export", "--format", "ttl", "--store", str(out / "store")]).exit_code == 0
    assert build([corpus], out).stale_exports == {"neo4j": out / "neo4j"}  # rewritten: no longer named
