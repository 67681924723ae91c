"""The graph as one self-contained, offline HTML page: pyvis with vis-network inlined, no CDN."""

from __future__ import annotations

import math
from collections import Counter
from importlib.resources import files
from pathlib import Path

import networkx as nx
from pyvis.network import Network

#: Colour, vis-network shape and legend glyph per node type.
KINDS = {
    "Person": ("#4e79a7", "dot", "\u25cf"),
    "Organization": ("#f28e2b", "square", "\u25a0"),
    "Place": ("#59a14f", "triangle", "\u25b2"),
    "Event": ("#e15759", "diamond", "\u25c6"),
}
MAX_NODE_SIZE = 60
MAX_EDGE_WIDTH = 8
TEMPLATES = Path(__file__).parent / "templates"
VIS = files("pyvis") / "lib" / "vis-9.1.2"

#: vis-network options: a barnesHut layout that the page freezes once stabilised.
OPTIONS = {
    "nodes": {"font": {"size": 14, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#333333"},
        "font": {"size": 10, "color": "#555555", "align": "middle"},
        "smooth": {"type": "continuous"},
    },
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -8000, "springLength": 140, "avoidOverlap": 0.2},
        "stabilization": {"enabled": True, "iterations": 1000, "updateInterval": 25},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}


def _split(value: str) -> list[str]:
    """The non-empty items of a '|'-separated attribute."""
    return [item for item in value.split("|") if item]


def _node(iri: str, data: dict) -> dict:
    """A vis-network node; tooltip facts go in 'info' as plain text, built into DOM by the page."""
    color, shape, _ = KINDS[data["type"]]
    mentions = data.get("mentions", 0)
    return {
        "id": iri,
        "label": data["label"],
        "shape": shape,
        "color": color,
        "size": min(10 + 4 * math.sqrt(mentions), MAX_NODE_SIZE),
        "info": {
            "type": data["type"],
            "eventType": data.get("event_type", ""),
            "aliases": _split(data.get("aliases", "")),
            "sameAs": _split(data.get("same_as", "")),
            "date": data.get("date", ""),
            "articles": len(_split(data.get("articles", ""))),
            "mentions": mentions,
        },
    }


def _edges(graph: nx.MultiDiGraph) -> list[dict]:
    """vis-network edges, one per predicate; parallel edges of a pair get distinct curves."""
    seen: Counter[tuple[str, str]] = Counter()
    edges = []
    for number, (source, target, predicate, data) in enumerate(graph.edges(keys=True, data=True)):
        pair = (min(source, target), max(source, target))
        edge = {
            "id": f"e{number}",
            "from": source,
            "to": target,
            "label": data["label"],
            "width": min(data["weight"], MAX_EDGE_WIDTH),
            "info": {"predicate": predicate, "weight": data["weight"]},
        }
        if seen[pair]:
            edge["smooth"] = {"type": "curvedCW", "roundness": 0.2 * seen[pair]}
        seen[pair] += 1
        edges.append(edge)
    return edges


def write_html(graph: nx.MultiDiGraph, path: str | Path, title: str = "News knowledge graph") -> None:
    """Write the graph as one offline HTML page: search, type filters, highlighting, physics toggle."""
    counts = Counter(kind for _, kind in graph.nodes(data="type"))
    net = Network(directed=True, heading=title)
    net.nodes = [_node(iri, data) for iri, data in graph.nodes(data=True)]
    net.edges = _edges(graph)
    net.options = OPTIONS
    net.set_template_dir(str(TEMPLATES), "graph.html")
    net.templateEnv.globals.update(
        vis_js=(VIS / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS / "vis-network.css").read_text(encoding="utf-8"),
        legend=[(kind, color, glyph, counts[kind]) for kind, (color, _, glyph) in KINDS.items()],
    )
    Path(path).write_text(net.generate_html(), encoding="utf-8")
