"""The Oxigraph store: atomic per-article replacement, hashes, queries and files."""

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import KGError
from kg.rdf import NKG
from kg.store import GraphStore

G1 = URIRef("https://w3id.org/newskg/id/article/one")


def put(store: GraphStore, graph: Graph) -> None:
    store.replace_graph(str(graph.identifier), graph.serialize(format="nt"))


def article_graph(label: str, sha: str = "0" * 64) -> Graph:
    graph = Graph(identifier=G1)
    graph.add((G1, RDFS.label, Literal(label)))
    graph.add((G1, NKG.sha256, Literal(sha)))
    graph.add((URIRef("https://w3id.org/newskg/id/x"), RDFS.label, Literal('quote " and \\ and\nnewline')))
    return graph


def test_replacing_a_graph_is_idempotent_and_drops_old_statements(tmp_path):
    store = GraphStore(tmp_path / "s")
    put(store, article_graph("old"))
    put(store, article_graph("new"))
    put(store, article_graph("new"))
    labels = store.select(f"SELECT ?l WHERE {{ GRAPH <{G1}> {{ <{G1}> rdfs:label ?l }} }}")
    assert labels == [{"l": "new"}]
    assert len(store) == 3


def test_literals_with_quotes_and_newlines_survive(tmp_path):
    store = GraphStore(tmp_path / "s")
    put(store, article_graph("x"))
    rows = store.select("SELECT ?l WHERE { <https://w3id.org/newskg/id/x> rdfs:label ?l }")
    assert rows == [{"l": 'quote " and \\ and\nnewline'}]


def test_article_versions(tmp_path):
    store = GraphStore(tmp_path / "s")
    graph = article_graph("x", "f" * 64)
    graph.add((G1, NKG.extractor, Literal("kg 1; model 2")))
    put(store, graph)
    assert store.article_versions() == {str(G1): ("f" * 64, "kg 1; model 2")}


def test_store_persists_and_opens_read_only(tmp_path):
    store = GraphStore(tmp_path / "s")
    put(store, article_graph("x"))
    store.flush()
    del store
    assert len(GraphStore(tmp_path / "s", read_only=True)) == 3


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(KGError, match="no store here"):
        GraphStore(tmp_path / "nothing", read_only=True)


def test_syntax_error_is_a_clear_error(tmp_path):
    with pytest.raises(KGError, match="SPARQL syntax error"):
        GraphStore(tmp_path / "s").query("SELEKT nothing")


@pytest.mark.parametrize(("fmt", "parser"), [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_dataset_formats_keep_named_graphs(tmp_path, fmt, parser):
    store = GraphStore(tmp_path / "s")
    put(store, article_graph("x"))
    store.write(tmp_path / f"out.{fmt}", fmt)
    dataset = Dataset().parse(tmp_path / f"out.{fmt}", format=parser)
    assert G1 in {g.identifier for g in dataset.graphs()}
    assert len(dataset.graph(G1)) == 3


@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("xml", "xml")])
def test_triple_formats_hold_the_merged_graph(tmp_path, fmt, parser):
    store = GraphStore(tmp_path / "s")
    put(store, article_graph("x"))
    store.write(tmp_path / f"out.{fmt}", fmt)
    assert len(Graph().parse(tmp_path / f"out.{fmt}", format=parser)) == 3


def test_a_closed_store_frees_its_lock_and_says_it_is_closed(tmp_path):
    with GraphStore(tmp_path / "store") as store:
        put(store, article_graph("one"))
        store.close()  # closing twice is harmless
    with pytest.raises(KGError, match="the store is closed"):
        len(store)
    with GraphStore(tmp_path / "store") as again:  # the lock is free
        assert again.graph_names() == [str(G1)]
