"""The network as two CSV tables for spreadsheets: nodes.csv and edges.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

NODE_COLUMNS = ("id", "label", "type", "event_type", "mentions", "date", "aliases", "same_as", "articles")
EDGE_COLUMNS = (
    "source",
    "source_label",
    "predicate",
    "label",
    "target",
    "target_label",
    "weight",
    "articles",
)


def write_tables(graph: nx.MultiDiGraph, folder: str | Path) -> list[Path]:
    """nodes.csv and edges.csv (UTF-8 with a BOM, so spreadsheets read accents right); lists keep '|'."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with nodes.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(NODE_COLUMNS)
        for node, data in sorted(graph.nodes(data=True)):
            writer.writerow([node, *(data.get(column, "") for column in NODE_COLUMNS[1:])])
    with edges.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(EDGE_COLUMNS)
        for source, target, data in sorted(
            graph.edges(data=True), key=lambda e: (e[0], e[2]["predicate"], e[1])
        ):
            label = graph.nodes[source]["label"], graph.nodes[target]["label"]
            writer.writerow(
                [
                    source,
                    label[0],
                    data["predicate"],
                    data["label"],
                    target,
                    label[1],
                    data["weight"],
                    data["articles"],
                ]
            )
    return [nodes, edges]
