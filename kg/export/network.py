"""The graph as a network of entities and events, read from the store by SPARQL."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.rdf import RESOLUTION_GRAPH
from kg.store import GraphStore

#: Node kinds shown in views, by their RDF class.
NODE_KINDS = {
    "https://schema.org/Person": "Person",
    "https://schema.org/Organization": "Organization",
    "https://schema.org/Place": "Place",
    "https://schema.org/Event": "Event",
}

#: Each query is a plain scan of the article graphs; the joins happen in Python, where they are cheap.
NODES_QUERY = """SELECT DISTINCT ?node ?class ?label WHERE {
  GRAPH ?g { ?node a ?class ; rdfs:label ?label }
  VALUES ?class { schema:Person schema:Organization schema:Place schema:Event } }"""
MENTIONS_QUERY = "SELECT DISTINCT ?node ?mention WHERE { GRAPH ?g { ?node gaf:denotedBy ?mention } }"
ALIASES_QUERY = "SELECT DISTINCT ?node ?alias WHERE { GRAPH ?g { ?node skos:altLabel ?alias } }"
ARTICLES_QUERY = "SELECT DISTINCT ?node ?g WHERE { GRAPH ?g { ?g schema:mentions ?node } }"
LINKS_QUERY = """SELECT DISTINCT ?node ?same WHERE { GRAPH ?g { ?node owl:sameAs ?same }
  FILTER(STRSTARTS(STR(?same), "https://sws.geonames.org/")) }"""
DATES_QUERY = "SELECT DISTINCT ?node ?date WHERE { GRAPH ?g { ?node schema:startDate ?date } }"
KINDS_QUERY = """SELECT DISTINCT ?node ?kind WHERE { GRAPH ?g { ?node a ?kind }
  FILTER(STRSTARTS(STR(?kind), STR(nkg:)) && ?kind != nkg:ReportedEvent && ?kind != nkg:Mention) }"""
#: Edges are statements by the ontology's object properties (the join makes Oxigraph read only those).
EDGES_QUERY = """SELECT ?source ?predicate ?target ?g WHERE {
  ?predicate a owl:ObjectProperty . GRAPH ?g { ?source ?predicate ?target }
  FILTER(isIRI(?target) && ?predicate NOT IN (rdf:type, owl:sameAs, gaf:denotedBy, prov:wasDerivedFrom,
    schema:mentions, nif:referenceContext, nkg:factuality, rdf:subject, rdf:object, rdf:predicate,
    org:member, org:organization, org:role)) }"""

SAME_AS_QUERY = f"SELECT ?short ?full WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?short owl:sameAs ?full }} }}"
ARTICLE_TEXTS_QUERY = """SELECT ?g ?text ?title ?date WHERE { GRAPH ?g { ?g a schema:NewsArticle ;
  nif:isString ?text OPTIONAL { ?g schema:headline ?title } OPTIONAL { ?g schema:datePublished ?date } } }"""


def local_name(iri: str) -> str:
    """The last part of an IRI: 'agent' for nkg:agent, 'location' for schema:location."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Entities and events as nodes, typed relations between them as edges (parallel edges kept)."""
    graph = nx.MultiDiGraph()
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    for row in store.select(NODES_QUERY):
        labels[row["node"]][row["label"]] += 1
        kinds.setdefault(row["node"], NODE_KINDS[row["class"]])
    mentions = _values(store, MENTIONS_QUERY, "mention")
    aliases = _values(store, ALIASES_QUERY, "alias")
    articles = _values(store, ARTICLES_QUERY, "g")
    links = _values(store, LINKS_QUERY, "same")
    dates = _values(store, DATES_QUERY, "date")
    event_types = _values(store, KINDS_QUERY, "kind")
    for node, kind in kinds.items():
        graph.add_node(
            node,
            label=labels[node].most_common(1)[0][0],
            type=kind,
            iri=node,
            mentions=len(mentions[node]),
            aliases="|".join(sorted(aliases[node])),
            articles="|".join(sorted(articles[node])),
            same_as=min(links[node], default=""),
            date=min(dates[node], default=""),
            event_type=local_name(min(event_types[node])) if event_types[node] else "",
        )
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in store.select(EDGES_QUERY):
        if row["source"] in kinds and row["target"] in kinds:
            edges[(row["source"], row["predicate"], row["target"])].add(row["g"])
    for (source, predicate, target), where in edges.items():
        graph.add_edge(
            source,
            target,
            key=predicate,
            predicate=predicate,
            label=local_name(predicate),
            weight=len(where),
            articles="|".join(sorted(where)),
        )
    _merge_same_as(graph, {row["short"]: row["full"] for row in store.select(SAME_AS_QUERY)})
    return graph


def _values(store: GraphStore, query: str, column: str) -> dict[str, set[str]]:
    """The distinct values of ``column`` for each node a query returns."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.select(query):
        found[row["node"]].add(row[column])
    return found


def _merge_same_as(graph: nx.MultiDiGraph, same_as: dict[str, str]) -> None:
    """One node per real entity: a short form resolved across articles joins its full name."""
    for short, full in same_as.items():
        if short not in graph or full not in graph:
            continue
        into, gone = graph.nodes[full], graph.nodes[short]
        into["mentions"] += gone["mentions"]
        into["aliases"] = _join_values(into["aliases"], gone["aliases"], gone["label"])
        into["articles"] = _join_values(into["articles"], gone["articles"])
        for source, _, key, data in list(graph.in_edges(short, keys=True, data=True)):
            graph.add_edge(full if source == short else source, full, key=key, **data)
        for _, target, key, data in list(graph.out_edges(short, keys=True, data=True)):
            graph.add_edge(full, full if target == short else target, key=key, **data)
        graph.remove_node(short)


def _join_values(*values: str) -> str:
    """'|'-separated values merged, sorted and without repeats."""
    return "|".join(sorted({v for value in values for v in value.split("|") if v}))


def write_graphml(graph: nx.MultiDiGraph, path: str) -> None:
    """GraphML for Gephi, Cytoscape, yEd and networkx."""
    nx.write_graphml(graph, path)


@dataclass(frozen=True)
class ArticleText:
    """An article as the views quote it: headline, publication date and text ('' when unknown)."""

    title: str
    date: str
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a network's nodes were read from: the articles, and each node's mention spans in them."""

    articles: dict[str, ArticleText]
    spans: dict[str, list[tuple[str, int, int]]]  # node -> (article IRI, begin, end), sorted


def read_evidence(store: GraphStore, graph: nx.MultiDiGraph) -> Evidence:
    """The articles and mention spans behind the nodes of ``graph`` (a merged short form's join its node)."""
    merged = {row["short"]: row["full"] for row in store.select(SAME_AS_QUERY)}
    spans: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    for row in store.select(MENTIONS_QUERY):
        node = row["node"] if row["node"] in graph else merged.get(row["node"], "")
        article, _, where = row["mention"].rpartition("#char=")
        begin, _, end = where.partition(",")
        if node in graph and article and begin.isdigit() and end.isdigit():
            spans[node].add((article, int(begin), int(end)))
    wanted = {article for found in spans.values() for article, _, _ in found}
    wanted.update(a for _, names in graph.nodes(data="articles", default="") for a in names.split("|") if a)
    articles = {
        row["g"]: ArticleText(row.get("title", ""), row.get("date", ""), row["text"])
        for row in store.select(ARTICLE_TEXTS_QUERY)
        if row["g"] in wanted
    }
    return Evidence(articles, {node: sorted(found) for node, found in spans.items()})
