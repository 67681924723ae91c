"""Big graphs: the most connected nodes kept, none alone, and a layout whose parts do not overlap."""

from __future__ import annotations

import networkx as nx

from kg.export.layout import positions, top_by_degree


def star_graph() -> nx.MultiDiGraph:
    """A hub with 5 events around it, two people linked once, and an isolated place."""
    graph = nx.MultiDiGraph()
    graph.add_node("hub", label="Hub", type="Place", mentions=9)
    for i in range(5):
        graph.add_node(f"e{i}", label=f"event {i}", type="Event", mentions=1)
        graph.add_edge(f"e{i}", "hub", key="location", label="location", weight=1)
    graph.add_node("p1", label="Ann", type="Person", mentions=3)
    graph.add_node("p2", label="Bob", type="Person", mentions=0)
    graph.add_edge("p1", "p2", key="knows", label="knows", weight=1)
    graph.add_node("alone", label="Nowhere", type="Place", mentions=50)
    return graph


def test_a_small_graph_is_kept_whole() -> None:
    graph = star_graph()
    kept, note = top_by_degree(graph, 100)
    assert kept is graph and note == ""


def test_the_most_connected_are_kept_and_no_node_is_left_alone() -> None:
    kept, note = top_by_degree(star_graph(), 4)
    # by degree: hub (5), then by mentions p1, e0, e1 (1 relation each); p1's one neighbour, p2,
    # ranks last and is cut, so p1 gives its place to the next event, linked to the hub.
    assert set(kept) == {"hub", "e0", "e1", "e2"}
    assert all(kept.degree(node) for node in kept)
    assert note == (
        "Showing the 4 most connected of 9 nodes; left out: 5 nodes (2 events, 2 people, 1 place) "
        "and 3 of 6 edges."
    )


def test_positions_are_deterministic_and_parts_do_not_overlap() -> None:
    graph = star_graph()
    first = positions(graph)
    assert first == positions(graph) and set(first) == set(graph)

    def box(nodes):
        xs, ys = zip(*(first[n] for n in nodes), strict=True)
        return min(xs), min(ys), max(xs), max(ys)

    parts = [box(part) for part in nx.weakly_connected_components(graph)]
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
