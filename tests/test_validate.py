"""SHACL validation reports real violations, not only the absence of them."""

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SDO

from kg.rdf import NKG
from kg.store import GraphStore
from kg.validate import validate

ARTICLE = URIRef("https://w3id.org/newskg/id/article/bad")


def test_an_article_without_text_and_an_event_without_evidence_are_violations(tmp_path):
    graph = Graph(identifier=ARTICLE)
    graph.add((ARTICLE, RDF.type, SDO.NewsArticle))
    graph.add((ARTICLE, SDO.identifier, Literal("bad")))
    graph.add((ARTICLE, NKG.sha256, Literal("not a hash")))
    event = URIRef("https://w3id.org/newskg/id/event/bad/1")
    graph.add((event, RDF.type, NKG.ReportedEvent))
    store = GraphStore(tmp_path / "s")
    store.replace_graph(str(ARTICLE), graph.serialize(format="nt"))
    problems = {(v.focus, v.path.rsplit("#", 1)[-1]) for v in validate(store)}
    assert (str(ARTICLE), "isString") in problems
    assert (str(ARTICLE), "sha256") in problems
    assert (str(event), "evidence") in problems
    assert (str(event), "factuality") in problems
