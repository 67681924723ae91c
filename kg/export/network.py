"""The graph as a network of entities and events, read from the store by SPARQL."""

from __future__ import annotations

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

NODES_QUERY = """
SELECT ?node ?class (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?mention) AS ?mentions)
       (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="|") AS ?aliases)
       (GROUP_CONCAT(DISTINCT STR(?article); SEPARATOR="|") AS ?articles)
       (SAMPLE(STR(?same)) AS ?sameAs) (SAMPLE(?when) AS ?date) (SAMPLE(?kind) AS ?eventType)
WHERE {
  GRAPH ?article { ?node a ?class ; rdfs:label ?name . }
  VALUES ?class { schema:Person schema:Organization schema:Place schema:Event }
  OPTIONAL { ?node gaf:denotedBy ?mention }
  OPTIONAL { ?node skos:altLabel ?alias }
  OPTIONAL { ?node owl:sameAs ?same }
  OPTIONAL { ?node schema:startDate ?when }
  OPTIONAL { ?node a ?kind . ?kind rdfs:subClassOf nkg:ReportedEvent }
}
GROUP BY ?node ?class
"""

EDGES_QUERY = """
SELECT ?source ?predicate ?target (COUNT(DISTINCT ?article) AS ?weight)
       (GROUP_CONCAT(DISTINCT STR(?article); SEPARATOR="|") AS ?articles)
WHERE {
  GRAPH ?article { ?source ?predicate ?target . }
  FILTER(isIRI(?target) && ?predicate NOT IN (rdf:type, owl:sameAs, gaf:denotedBy, prov:wasDerivedFrom,
                                             schema:mentions, nif:referenceContext, nkg:factuality))
  ?source a ?sourceClass . ?target a ?targetClass .
  VALUES ?sourceClass { schema:Person schema:Organization schema:Place schema:Event }
  VALUES ?targetClass { schema:Person schema:Organization schema:Place schema:Event }
}
GROUP BY ?source ?predicate ?target
"""


SAME_AS_QUERY = f"SELECT ?short ?full WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?short owl:sameAs ?full }} }}"


def local_name(iri: str) -> str:
    """The last part of an IRI: 'agent' for nkg:agent, 'location' for schema:location."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Entities and events as nodes, typed relations between them as edges (parallel edges kept)."""
    graph = nx.MultiDiGraph()
    for row in store.select(NODES_QUERY):
        kind = NODE_KINDS[row["class"]]
        if row["node"] in graph and graph.nodes[row["node"]]["type"] != "Event":
            continue  # a named event that is also a place keeps its first, non-event type
        graph.add_node(
            row["node"],
            label=row["label"],
            type=kind,
            iri=row["node"],
            mentions=int(row["mentions"]),
            aliases=row.get("aliases", ""),
            articles=row.get("articles", ""),
            same_as=row.get("sameAs", ""),
            date=row.get("date", ""),
            event_type=local_name(row["eventType"]) if "eventType" in row else "",
        )
    for row in store.select(EDGES_QUERY):
        if row["source"] in graph and row["target"] in graph:
            graph.add_edge(
                row["source"],
                row["target"],
                key=row["predicate"],
                predicate=row["predicate"],
                label=local_name(row["predicate"]),
                weight=int(row["weight"]),
                articles=row["articles"],
            )
    _merge_same_as(graph, {row["short"]: row["full"] for row in store.select(SAME_AS_QUERY)})
    return graph


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
