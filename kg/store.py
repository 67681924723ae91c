"""The persistent SPARQL store (Oxigraph): the only module that talks to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import KGError
from kg.rdf import ENTITIES_GRAPH, NKG, PREFIXES

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def _one_line(message: str, limit: int = 200) -> str:
    """A parser's message folded onto one line and cut to a readable length."""
    folded = " ".join(message.split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


class GraphStore:
    """An Oxigraph store on disk (or in memory) holding one named graph per article."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise KGError(f"{self.path}: no store here (run 'kg build' first, or pass --store)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._store = ox.Store(str(self.path))
        except OSError as error:
            raise KGError(f"{self.path}: cannot open the store: {error}") from error

    def replace_graph(self, name: str, ntriples: str, shared: str = "") -> None:
        """Replace one named graph with these N-Triples, and add ``shared`` ones to the entities graph,
        in a single transaction: all or nothing."""
        graph = ox.NamedNode(name)
        entities = ox.NamedNode(str(ENTITIES_GRAPH))
        self._store.update(
            f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} "
            f"GRAPH {entities} {{\n{shared}\n}} }}"
        )

    def forget_unmentioned(self) -> None:
        """Drop the descriptions of entities no article mentions any more (after articles change or go)."""
        self._store.update(
            f"""DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?entity ?p ?o }} }}
            WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?entity ?p ?o }}
              FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?y ?entity }} FILTER(?g != <{ENTITIES_GRAPH}>) }} }}"""
        )

    def replace_default_graph(self, ntriples: str) -> None:
        """Replace the default graph (the ontology) in a single transaction."""
        self._store.update(f"DROP SILENT DEFAULT ; INSERT DATA {{\n{ntriples}\n}}")

    def drop_graphs(self, names: Iterable[str]) -> None:
        """Remove named graphs (deleted articles) in a single transaction."""
        drops = " ; ".join(f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in names)
        if drops:
            self._store.update(drops)

    def article_versions(self) -> dict[str, tuple[str, str]]:
        """(content hash, extractor) of every article in the store, by graph IRI."""
        query = f"""SELECT ?g ?h ?x WHERE {{ GRAPH ?g {{
            ?g <{NKG.sha256}> ?h . OPTIONAL {{ ?g <{NKG.extractor}> ?x }} }} }}"""
        return {
            r["g"].value: (r["h"].value, r["x"].value if r["x"] else "") for r in self._store.query(query)
        }

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query whose default graph is the union of all graphs."""
        try:
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as error:
            if re.match(
                r"\s*(?:PREFIX[^{]*)?(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", sparql, re.I
            ):
                raise KGError("this is a SPARQL update: kg query only reads the store") from error
            raise KGError(f"SPARQL syntax error: {_one_line(str(error))}") from error

    def select(self, sparql: str) -> list[dict[str, str]]:
        """A SELECT query's rows as plain dicts of variable name to value (unbound left out)."""
        results = self.query(sparql)
        names = [v.value for v in results.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in results]

    def union_graph(self) -> Graph:
        """Every triple of every graph, merged, as an rdflib Graph."""
        data = ox.serialize(self._store.query(_UNION), format=ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=data, format="nt")

    def write(self, path: str | Path, fmt: str) -> None:
        """Write the store to a file: quad formats keep the named graphs, triple formats merge them."""
        rdf_format = RDF_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self._store.dump(str(path), rdf_format, prefixes=PREFIXES)
        else:
            ox.serialize(self._store.query(_UNION), str(path), rdf_format, prefixes=PREFIXES)

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs (one per article, and the resolution graph), sorted."""
        return sorted(graph.value for graph in self._store.named_graphs())

    def graph_ntriples(self, name: str | None) -> bytes:
        """One graph as N-Triples: the named graph ``name``, or the default graph (the ontology) for None."""
        graph = ox.NamedNode(name) if name else ox.DefaultGraph()
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        self._store.flush()
