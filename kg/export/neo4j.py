"""The network for Neo4j: `neo4j-admin database import` CSV files and a `LOAD CSV` Cypher script.

Nodes go to one file per label (``nodes_Person.csv``), relationships to one file per type
(``rels_AGENT.csv``), with the header conventions of neo4j-admin: ``iri:ID``, ``:LABEL``, ``:START_ID``,
``:END_ID``, ``:TYPE``, typed columns (``mentions:int``) and arrays split on ``;``. Every node also carries
the label ``Entity`` so that one uniqueness constraint on ``Entity.iri`` serves all of them. The Cypher
script names only files, labels and types that this module made: no value read from the graph is ever
written into Cypher text, and identifiers and strings are escaped all the same.
"""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import networkx as nx

ARRAY_DELIMITER = ";"
COMMON_LABEL = "Entity"
NODE_HEADER = (
    "iri:ID",
    "name",
    "mentions:int",
    "aliases:string[]",
    "articles:string[]",
    "sameAs",
    "date",
    "eventType",
    ":LABEL",
)
REL_HEADER = (":START_ID", ":END_ID", ":TYPE", "predicate", "weight:int", "articles:string[]")


def relationship_type(label: str) -> str:
    """A predicate's name as a Neo4j relationship type: 'memberOf' -> 'MEMBER_OF'."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", label)
    return re.sub(r"[^A-Z0-9_]", "_", snake.upper()).strip("_") or "RELATED_TO"


def cypher_identifier(name: str) -> str:
    """A label or type quoted for Cypher: backticks, with any backtick inside doubled."""
    return "`" + name.replace("`", "``") + "`"


def cypher_string(text: str) -> str:
    """A Cypher string literal: single quotes, with backslashes and quotes escaped."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _cell(value: object) -> str:
    """One CSV value on one line (neo4j-admin reads multi-line fields only when told to)."""
    return " ".join(str(value).split())


def _array(values: str) -> str:
    """A '|'-separated network attribute as a neo4j-admin array ('a;b'); a ';' inside a value becomes ','."""
    return ARRAY_DELIMITER.join(_cell(v).replace(ARRAY_DELIMITER, ",") for v in values.split("|") if v)


def _types(graph: nx.MultiDiGraph) -> dict[str, str]:
    """A relationship type for each predicate IRI, made unique when two predicates share a name."""
    types: dict[str, str] = {}
    for predicate, label in sorted({(d["predicate"], d["label"]) for _, _, d in graph.edges(data=True)}):
        name, n = relationship_type(label), 2
        while name in types.values():
            name, n = f"{relationship_type(label)}_{n}", n + 1
        types[predicate] = name
    return types


def write_neo4j(graph: nx.MultiDiGraph, folder: str | Path) -> list[Path]:
    """Node and relationship CSV files, ``load.cypher`` (LOAD CSV) and ``import.sh`` (neo4j-admin)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    node_files = _write_nodes(graph, folder)
    rel_files = _write_relationships(graph, folder)
    script = folder / "load.cypher"
    script.write_text(load_cypher(node_files, rel_files), encoding="utf-8")
    importer = folder / "import.sh"
    importer.write_text(import_script(node_files, rel_files), encoding="utf-8")
    importer.chmod(0o755)
    return [*node_files.values(), *rel_files.values(), script, importer]


def _write_nodes(graph: nx.MultiDiGraph, folder: Path) -> dict[str, Path]:
    """One nodes_<Label>.csv per node type; the label -> file written."""
    files: dict[str, Path] = {}
    for label in sorted({data["type"] for _, data in graph.nodes(data=True)}):
        path = files[label] = folder / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(NODE_HEADER)
            for node, data in sorted(graph.nodes(data=True)):
                if data["type"] != label:
                    continue
                writer.writerow(
                    [
                        node,
                        _cell(data["label"]),
                        data["mentions"],
                        _array(data.get("aliases", "")),
                        _array(data.get("articles", "")),
                        data.get("same_as", ""),
                        data.get("date", ""),
                        data.get("event_type", ""),
                        ARRAY_DELIMITER.join((COMMON_LABEL, label)),
                    ]
                )
    return files


def _write_relationships(graph: nx.MultiDiGraph, folder: Path) -> dict[str, Path]:
    """One rels_<TYPE>.csv per relationship type; the type -> file written."""
    types = _types(graph)
    files: dict[str, Path] = {}
    for predicate, rel_type in sorted(types.items(), key=lambda item: item[1]):
        path = files[rel_type] = folder / f"rels_{rel_type}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(REL_HEADER)
            edges = [(s, t, d) for s, t, d in graph.edges(data=True) if d["predicate"] == predicate]
            for source, target, data in sorted(edges, key=lambda e: (e[0], e[1])):
                writer.writerow(
                    [source, target, rel_type, predicate, data["weight"], _array(data["articles"])]
                )
    return files


def load_cypher(node_files: dict[str, Path], rel_files: dict[str, Path]) -> str:
    """A cypher-shell script that loads the CSV files from Neo4j's import folder with LOAD CSV."""
    lines = [
        "// Load the kg export with LOAD CSV: copy the CSV files of this folder into Neo4j's import folder,",
        "// then run: cypher-shell -u neo4j -p PASSWORD -f load.cypher",
        f"CREATE CONSTRAINT entity_iri IF NOT EXISTS FOR (n:{cypher_identifier(COMMON_LABEL)}) "
        "REQUIRE n.iri IS UNIQUE;",
    ]
    for label, path in node_files.items():
        lines += [
            f"LOAD CSV WITH HEADERS FROM {cypher_string('file:///' + path.name)} AS row",
            f"MERGE (n:{cypher_identifier(COMMON_LABEL)} {{iri: row.`iri:ID`}})",
            f"SET n:{cypher_identifier(label)}, n.name = row.name,",
            "    n.mentions = toInteger(row.`mentions:int`),",
            f"    n.aliases = split(row.`aliases:string[]`, {cypher_string(ARRAY_DELIMITER)}),",
            f"    n.articles = split(row.`articles:string[]`, {cypher_string(ARRAY_DELIMITER)}),",
            "    n.sameAs = row.sameAs, n.date = row.date, n.eventType = row.eventType;",
        ]
    for rel_type, path in rel_files.items():
        lines += [
            f"LOAD CSV WITH HEADERS FROM {cypher_string('file:///' + path.name)} AS row",
            f"MATCH (a:{cypher_identifier(COMMON_LABEL)} {{iri: row.`:START_ID`}}), "
            f"(b:{cypher_identifier(COMMON_LABEL)} {{iri: row.`:END_ID`}})",
            f"MERGE (a)-[r:{cypher_identifier(rel_type)}]->(b)",
            "SET r.predicate = row.predicate, r.weight = toInteger(row.`weight:int`),",
            f"    r.articles = split(row.`articles:string[]`, {cypher_string(ARRAY_DELIMITER)});",
        ]
    return "\n".join(lines) + "\n"


def import_script(node_files: dict[str, Path], rel_files: dict[str, Path]) -> str:
    """A shell script running the offline bulk importer of Neo4j 5 on these files."""
    arguments = [f"--nodes={path.name}" for path in node_files.values()]
    arguments += [f"--relationships={path.name}" for path in rel_files.values()]
    command = " \\\n    ".join(
        [
            'neo4j-admin database import full "${1:-neo4j}" --overwrite-destination',
            f"--array-delimiter={shlex.quote(ARRAY_DELIMITER)}",
            *(shlex.quote(argument) for argument in arguments),
        ]
    )
    return (
        "#!/bin/sh\n"
        "# Bulk-import this folder into a stopped Neo4j 5 database (default neo4j): sh import.sh [DB]\n"
        'set -e\ncd "$(dirname "$0")"\n' + command + "\n"
    )
