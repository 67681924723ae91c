"""`kg export`: the store written in one format, RDF (the statements) or a network (entities and events)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.neo4j import write_neo4j
from kg.export.network import to_networkx, write_graphml
from kg.export.tables import write_tables
from kg.store import RDF_FORMATS, GraphStore


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """GEXF 1.2 for Gephi: edge labels (the predicate's name) keep parallel edges apart as edge types."""
    nx.write_gexf(graph, path)


def export(store: GraphStore, fmt: str, path: str | Path) -> list[Path]:
    """Write the store in ``fmt`` to ``path`` (a file, or a folder for csv and neo4j); the files written."""
    path = Path(path)
    if fmt in RDF_FORMATS:
        path.parent.mkdir(parents=True, exist_ok=True)
        store.write(path, fmt)
        return [path]
    network = to_networkx(store)
    if fmt == "csv":
        return write_tables(network, path)
    if fmt == "neo4j":
        return write_neo4j(network, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        write_graphml(network, str(path))
    elif fmt == "gexf":
        write_gexf(network, path)
    else:
        raise ValueError(f"unknown export format: {fmt}")
    return [path]
