"""One entity's neighbourhood as its own page: find the entity by IRI, name or alias, cut N hops around it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import networkx as nx

from kg.errors import KGError
from kg.export.html import Page, write_html
from kg.export.network import read_evidence, to_networkx
from kg.store import GraphStore


@dataclass(frozen=True)
class View:
    """A written neighbourhood page: the entity at its centre and what the page draws."""

    node: str
    label: str
    kind: str
    hops: int
    path: Path
    page: Page


def names(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """A node's label and aliases."""
    data = graph.nodes[node]
    return [data["label"], *(alias for alias in data.get("aliases", "").split("|") if alias)]


def find_node(graph: nx.MultiDiGraph, query: str) -> str | None:
    """The node whose IRI is ``query``, else whose label, else whose alias matches it case-insensitively.

    Among several, an entity wins over an event, then the most mentioned.
    """
    if query in graph:
        return query
    wanted = query.strip().casefold()
    rank = _rank(graph)
    for pick in (lambda n: [graph.nodes[n]["label"]], lambda n: names(graph, n)):
        found = [node for node in graph if wanted in (name.casefold() for name in pick(node))]
        if found:
            return min(found, key=rank)
    return None


def _rank(graph: nx.MultiDiGraph):
    """Sort key: entities before events, then most mentions, then IRI."""
    return lambda n: (graph.nodes[n]["type"] == "Event", -graph.nodes[n].get("mentions", 0), n)


def close_matches(graph: nx.MultiDiGraph, query: str, count: int = 5) -> list[str]:
    """Up to ``count`` entity names that look like ``query``, closest first."""
    entities = sorted((n for n in graph if graph.nodes[n]["type"] != "Event"), key=_rank(graph))
    by_folded: dict[str, str] = {}
    for node in entities:
        for name in names(graph, node):
            by_folded.setdefault(name.casefold(), name)
    wanted = query.strip().casefold()
    close = difflib.get_close_matches(wanted, by_folded, n=count, cutoff=0.6)
    close += [f for f in by_folded if wanted and wanted in f and f not in close]
    return [by_folded[f] for f in close[:count]]


def neighbourhood(graph: nx.MultiDiGraph, node: str, hops: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``hops`` relations of ``node`` (either direction), and every edge among them."""
    seen, frontier = {node}, {node}
    for _ in range(hops):
        frontier = {n for f in frontier for n in chain(graph.successors(f), graph.predecessors(f))} - seen
        seen |= frontier
    return graph.subgraph(seen).copy()


def slug(text: str) -> str:
    """A file-name-safe form of a name: 'Vladimir Putin' -> 'vladimir-putin'."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-") or "entity"


def write_view(store: GraphStore, entity: str, hops: int = 1, path: str | Path | None = None) -> View:
    """Write the neighbourhood of ``entity`` (IRI, name or alias) as an HTML page; KGError when not found."""
    graph = to_networkx(store)
    node = find_node(graph, entity)
    if node is None:
        close = close_matches(graph, entity)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise KGError(f"no entity '{entity}' in {store.path or 'the store'}{hint}")
    data = graph.nodes[node]
    near = neighbourhood(graph, node, hops)
    folder = store.path.parent if store.path else Path("out")
    path = Path(path) if path else folder / f"view-{slug(data['label'])}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    title = f"{data['label']}: {hops} hop{'s' if hops != 1 else ''}"
    page = write_html(near, path, title=title, evidence=read_evidence(store, near), focus=node)
    return View(node, data["label"], data["type"], hops, path, page)
