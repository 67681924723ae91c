"""No injection: names and text never become SPARQL or Cypher syntax; minted IRIs are valid for any input."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Graph, Literal
from robust_support import article_graphs

from kg.cli import main
from kg.errors import KGError
from kg.export.neo4j import cypher_identifier, cypher_string
from kg.extract.entities import entity_key
from kg.models import EntityType, Event, Span
from kg.rdf import article_iri, entity_iri, event_iri, mention_iri
from kg.store import GraphStore

HOSTILE = (
    "Eve\" } } ; DROP ALL ; INSERT DATA { GRAPH <urn:x:evil> { <urn:x:a> <urn:x:b> 'c' } } #",
    "O'Brien' }) DETACH DELETE n //",
    "`Robert`); MATCH (n) DETACH DELETE n; //",
    "</script><script>alert('x')</script>",
    "\\u0022 } ; CLEAR ALL ; \\",
    "line\nbreak\r\tand \x0b control \u2028 separator",
)
ANY_TEXT = st.text(max_size=80) | st.sampled_from(HOSTILE)


@settings(max_examples=300)
@given(name=ANY_TEXT, kind=st.sampled_from(list(EntityType)), start=st.integers(0, 10**6))
def test_every_minted_iri_is_a_valid_iri(name, kind, start):
    article = article_iri(name)
    span = Span(start, start + 1, name)
    event = Event(type="Attack", label=name, trigger=span, sentence=span)
    minted = (article, entity_iri(entity_key(kind, name)), mention_iri(article, span), event_iri(name, event))
    for iri in minted:
        assert ox.NamedNode(str(iri)).value == str(iri)  # oxigraph's IRI parser accepts it unchanged


@settings(max_examples=200, deadline=None)
@given(text=ANY_TEXT, article_id=ANY_TEXT)
def test_text_and_ids_reach_the_store_as_data_only(text, article_id):
    store = GraphStore()
    name = article_iri(article_id)
    graph = Graph(identifier=name)
    graph.add((name, RDFS.label, Literal(text)))
    shared = Graph()
    shared.add((entity_iri(entity_key(EntityType.PERSON, text or "x")), RDFS.label, Literal(text)))
    store.replace_graph(str(name), graph.serialize(format="nt"), shared.serialize(format="nt"))
    labels = store.select(f"SELECT ?l WHERE {{ GRAPH {ox.NamedNode(str(name))} {{ ?s rdfs:label ?l }} }}")
    assert labels == [{"l": text}]
    assert len(store) == 2 and len(store.graph_names()) == 2  # the article and entities graphs, no other


def test_text_that_is_not_n_triples_is_refused_before_anything_is_written():
    store = GraphStore()
    store.replace_graph("https://w3id.org/newskg/id/article/a", '<urn:x:a> <urn:x:b> "kept" .\n')
    sneaky = '<urn:x:a> <urn:x:b> "c" . } } ; DROP ALL ; INSERT DATA { GRAPH <urn:x:g> { <urn:x:d> <x:e> 1 .'
    with pytest.raises(KGError, match="not valid N-Triples"):
        store.replace_graph("https://w3id.org/newskg/id/article/b", sneaky)
    with pytest.raises(ValueError):
        store.drop_graphs(["urn:x:a> } ; DROP ALL ; #"])
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "kept"}]


def _cypher_unescape(literal: str) -> str:
    """The value of a Cypher single-quoted string literal; fails on an unescaped quote inside."""
    assert literal[0] == literal[-1] == "'"
    value, chars = [], iter(literal[1:-1])
    for char in chars:
        assert char != "'", "an unescaped quote would end the string"
        value.append(next(chars) if char == "\\" else char)
    return "".join(value)


@given(ANY_TEXT)
def test_cypher_strings_and_identifiers_hold_any_text_as_data(text):
    assert _cypher_unescape(cypher_string(text)) == text
    quoted = cypher_identifier(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == "`" and inner.replace("``", "").count("`") == 0
    assert inner.replace("``", "`") == text


def test_hostile_metadata_and_text_stay_data_in_store_views_and_exports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Vladimir Putin met Emmanuel Macron in Paris on Monday. " + " ".join(HOSTILE)
    (folder / "evil.txt").write_text(text, encoding="utf-8")
    sidecar = dict(zip(("id", "title", "source", "author", "url"), HOSTILE, strict=False))
    (folder / "evil.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    store = GraphStore(out / "store", read_only=True)
    rows = store.select(
        "SELECT ?id ?title WHERE { ?a a schema:NewsArticle ; schema:identifier ?id ; schema:headline ?title }"
    )
    assert rows == [{"id": HOSTILE[0], "title": HOSTILE[1]}]
    assert list(article_graphs(out / "store")) == [str(article_iri(HOSTILE[0]))]
    assert "urn:x:evil" not in store.graph_names()
    assert HOSTILE[3] not in (out / "graph.html").read_text(encoding="utf-8")  # escaped data, never markup
    exported = CliRunner().invoke(main, ["export", "--format", "neo4j", "--store", str(out / "store")])
    assert exported.exit_code == 0, exported.output
    script = (out / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    assert not any(part in script for part in ("DETACH DELETE", "O'Brien", "Robert", "DROP ALL"))
