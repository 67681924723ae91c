"""The graph as one self-contained, offline HTML page: pyvis with vis-network inlined, no CDN."""

from __future__ import annotations

import copy
import math
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.export.hover import node_dates, sources
from kg.export.layout import positions, top_by_degree
from kg.export.network import Evidence

#: Colour, vis-network shape and legend glyph per node type.
KINDS = {
    "Person": ("#4e79a7", "dot", "\u25cf"),
    "Organization": ("#f28e2b", "square", "\u25a0"),
    "Place": ("#59a14f", "triangle", "\u25b2"),
    "Event": ("#e15759", "diamond", "\u25c6"),
}
MAX_NODE_SIZE = 60
MAX_EDGE_WIDTH = 8
#: Labels drawn on the canvas are cut to this many characters; the hover card has the whole name.
MAX_LABEL = 36
MAX_EVENT_LABEL = 26
#: Above this many nodes the layout is computed in Python and physics starts off.
BIG_GRAPH = 1500
#: Above this many nodes only the most connected are drawn, and the page says what was left out.
MAX_NODES = 2000
TEMPLATES = Path(__file__).parent / "templates"
VIS = files("pyvis") / "lib" / "vis-9.1.2"

#: vis-network options: a barnesHut layout that the page freezes once stabilised.
OPTIONS = {
    "nodes": {
        "font": {"size": 14, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"label": {"drawThreshold": 4}},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#333333"},
        "font": {"size": 10, "color": "#555555", "align": "middle"},
        "smooth": {"type": "continuous"},
    },
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -4500,
            "centralGravity": 0.9,
            "springLength": 100,
            "avoidOverlap": 0.5,
        },
        "stabilization": {"enabled": True, "iterations": 1000, "updateInterval": 25},
    },
    "layout": {"randomSeed": 7},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}


@dataclass(frozen=True)
class Page:
    """What a written page draws, and what it left out ('' when nothing)."""

    nodes: int
    edges: int
    laid_out: bool
    note: str


def _split(value: str) -> list[str]:
    """The non-empty items of a '|'-separated attribute."""
    return [item for item in value.split("|") if item]


def _short(label: str, limit: int) -> str:
    """A label short enough to draw on the canvas."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _font_size(kind: str, mentions: int) -> int:
    """Names grow with mentions, so the most talked-about read first; event phrases stay small."""
    return 12 if kind == "Event" else round(min(15 + 2 * math.sqrt(mentions), 32))


def _node(iri: str, data: dict, evidence: Evidence | None) -> dict:
    """A vis-network node; hover facts go in 'info' as plain data, built into DOM text by the page."""
    color, shape, _ = KINDS[data["type"]]
    mentions = data.get("mentions", 0)
    articles = _split(data.get("articles", ""))
    cards, more = sources(iri, evidence)
    return {
        "id": iri,
        "label": _short(data["label"], MAX_EVENT_LABEL if data["type"] == "Event" else MAX_LABEL),
        "shape": shape,
        "color": color,
        "size": min(10 + 4 * math.sqrt(mentions), MAX_NODE_SIZE),
        "font": {"size": _font_size(data["type"], mentions)},
        "info": {
            "name": data["label"],
            "type": data["type"],
            "eventType": data.get("event_type", ""),
            "aliases": _split(data.get("aliases", "")),
            "sameAs": _split(data.get("same_as", "")),
            "date": data.get("date", ""),
            "dates": node_dates(data.get("date", ""), articles, evidence.articles if evidence else {}),
            "articles": len(articles),
            "mentions": mentions,
            "sources": cards,
            "more": more,
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
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * seen[pair]}
        seen[pair] += 1
        edges.append(edge)
    return edges


def _options(laid_out: bool) -> dict:
    """The vis-network options: physics for small graphs, fixed positions and straight edges for big ones."""
    options = copy.deepcopy(OPTIONS)
    if laid_out:
        options["physics"]["enabled"] = False
        options["edges"]["smooth"] = {"enabled": False}
        options["layout"]["improvedLayout"] = False
        options["interaction"]["hideEdgesOnZoom"] = True
    return options


def write_html(
    graph: nx.MultiDiGraph,
    path: str | Path,
    title: str = "News knowledge graph",
    evidence: Evidence | None = None,
    max_nodes: int = MAX_NODES,
    big_graph: int = BIG_GRAPH,
    focus: str | None = None,
) -> Page:
    """Write the graph as one offline HTML page: legend, hover cards, search, filters, physics toggle.

    Above ``max_nodes`` only the most connected are drawn; above ``big_graph`` the layout is computed here.
    ``focus`` is a node the page selects when it opens.
    """
    graph, note = top_by_degree(graph, max_nodes)
    laid_out = graph.number_of_nodes() > big_graph
    nodes = [_node(iri, data, evidence) for iri, data in graph.nodes(data=True)]
    if laid_out:
        where = positions(graph)
        for node in nodes:
            node["x"], node["y"] = where[node["id"]]
    days = sorted(day for node in nodes for span in node["info"]["dates"] for day in span)
    counts = Counter(kind for _, kind in graph.nodes(data="type"))
    net = Network(directed=True, heading=title)
    net.nodes = nodes
    net.edges = _edges(graph)
    net.options = _options(laid_out)
    net.set_template_dir(str(TEMPLATES), "graph.html")
    net.templateEnv.globals.update(
        vis_js=(VIS / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS / "vis-network.css").read_text(encoding="utf-8"),
        legend=[(kind, color, glyph, counts[kind]) for kind, (color, _, glyph) in KINDS.items()],
        first_day=days[0] if days else "",
        last_day=days[-1] if days else "",
        note=note,
        focus=focus if focus in graph else None,
    )
    Path(path).write_text(net.generate_html(), encoding="utf-8")
    return Page(len(nodes), len(net.edges), laid_out, note)
