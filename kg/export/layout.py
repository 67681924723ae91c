"""Big graphs for the browser: the most connected nodes, and positions computed in Python."""

from __future__ import annotations

import math
import random
from collections import Counter

import igraph
import networkx as nx

#: Readable names of the node types, one and many, for notes.
NAMES = {
    "Person": ("person", "people"),
    "Organization": ("organisation", "organisations"),
    "Place": ("place", "places"),
    "Event": ("event", "events"),
}
#: Each node gets about SPACING × SPACING of room, in vis-network's canvas units.
SPACING = 60


def top_by_degree(graph: nx.MultiDiGraph, limit: int) -> tuple[nx.MultiDiGraph, str]:
    """The ``limit`` most connected nodes, none alone, and a note of what was left out.

    Nodes are ranked by relations, then mentions; a ranked node none of whose neighbours made the cut
    would float alone, so it gives its place to the best-ranked node linked to one that did.
    """
    if graph.number_of_nodes() <= limit:
        return graph, ""
    degree = dict(graph.degree())
    ranked = sorted(
        graph.nodes,
        key=lambda n: (-degree[n], -graph.nodes[n].get("mentions", 0), graph.nodes[n]["label"], n),
    )
    kept = set(ranked[:limit])
    alone = {n for n in kept if not any(m in kept for m in nx.all_neighbors(graph, n) if m != n)}
    kept -= alone
    for node in ranked[limit:]:
        if len(kept) >= limit:
            break
        if any(m in kept for m in nx.all_neighbors(graph, node) if m != node):
            kept.add(node)
    cut = graph.subgraph(kept).copy()
    return cut, left_out_note(graph, cut)


def left_out_note(whole: nx.MultiDiGraph, kept: nx.MultiDiGraph) -> str:
    """One sentence: how many nodes are shown, and which nodes and edges were left out."""
    cut = Counter(kind for node, kind in whole.nodes(data="type") if node not in kept)
    kinds = ", ".join(f"{count:,} {NAMES[kind][count != 1]}" for kind, count in cut.most_common())
    edges = whole.number_of_edges() - kept.number_of_edges()
    return (
        f"Showing the {kept.number_of_nodes():,} most connected of {whole.number_of_nodes():,} nodes; "
        f"left out: {sum(cut.values()):,} nodes ({kinds}) and {edges:,} of {whole.number_of_edges():,} edges."
    )


def positions(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in vis-network units: each connected part laid out by igraph, the parts packed in rows.

    The largest part comes first, the others in rows below it, so small parts do not drift to the edges.
    """
    gap = 2 * SPACING
    parts = sorted(nx.weakly_connected_components(graph), key=lambda part: (-len(part), min(part)))
    layouts = [_part_layout(graph.subgraph(part), seed) for part in parts]
    sizes = [(max(x for x, _ in c.values()), max(y for _, y in c.values())) for c in layouts]
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    width = max(sizes[0][0], math.sqrt(1.6 * area)) if sizes else 0.0  # rows as wide as a screen is
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for coords, (part_width, part_height) in zip(layouts, sizes, strict=True):
        if x and x + part_width > width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        placed.update({node: (round(x + px, 1), round(y + py, 1)) for node, (px, py) in coords.items()})
        x += part_width + gap
        row_height = max(row_height, part_height)
    return placed


def _part_layout(part: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    """One connected part by Fruchterman-Reingold (igraph, in C), at the origin, scaled to its node count."""
    nodes = sorted(part.nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: number for number, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[a], index[b]))) for a, b in part.edges() if a != b})
    start = random.Random(seed)
    side = math.sqrt(len(nodes))
    igraph.set_random_number_generator(random.Random(seed))  # igraph's own draws, for the same layout
    try:
        coords = (
            igraph.Graph(n=len(nodes), edges=pairs)
            .layout_fruchterman_reingold(
                seed=[[start.uniform(-side, side), start.uniform(-side, side)] for _ in nodes], niter=500
            )
            .coords
        )
    finally:
        igraph.set_random_number_generator(random)
    left, top = min(cx for cx, _ in coords), min(cy for _, cy in coords)
    size = max(max(cx for cx, _ in coords) - left, max(cy for _, cy in coords) - top, 1e-9)
    scale = 1.5 * SPACING * side / size  # about SPACING² of room per node
    return {
        node: ((cx - left) * scale, (cy - top) * scale) for node, (cx, cy) in zip(nodes, coords, strict=True)
    }
