"""Where `kg export` writes each format in the output folder when no path is given."""

from __future__ import annotations

from kg.store import RDF_FORMATS

#: A file, or a folder of files (csv, neo4j), by format.
DEFAULT_NAMES = {
    **{fmt: f"kg.{fmt}" for fmt in RDF_FORMATS},
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
    "neo4j": "neo4j",
    "csv": "csv",
}
FORMATS = tuple(DEFAULT_NAMES)
