"""The HTML view in real headless Chromium, network blocked: what it draws, how it behaves, what it refuses.

These tests need the Debian packages chromium and chromium-driver and the playwright package, which
`bash scripts/test.sh` installs; without them they fail with a message that says so, never skip.
`KG_UPDATE_DOCS=1 python -m pytest tests/test_html_browser.py -k screenshot` refreshes docs/seed-graph.png.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image

from kg.build import build
from kg.export.hover import node_dates
from kg.export.html import KINDS, write_html
from kg.export.network import read_evidence, to_networkx
from kg.export.snapshot import Chromium, OfflinePage, chromium
from kg.export.view import find_node, neighbourhood, write_view
from kg.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
DIM = "rgba(200, 200, 200, 0.35)"
HOSTILE = {
    "id": "hostile",
    "title": "Putin's \"<script>alert('title')</script>\" speech",
    "published": "2022-03-16",
    "source": "<img src=x onerror=alert('source')> News",
    "author": "Ann O'Brien \"<script>alert('author')</script>\"",
    "text": "Vladimir Putin said \"<img src=x onerror=alert('quote')>\" in Moscow on Tuesday.\n\n"
    "John O'Neill's \"<script>alert('quote2')</script>\" warning reached Paris, where Mr Putin met "
    "Emmanuel Macron.\n\nThe <img src=x onerror=alert('name')> Group attacked Kyiv on Monday.",
}


@pytest.fixture(scope="module")
def browser() -> Chromium:
    with chromium() as running:
        yield running


@pytest.fixture()
def tab(browser: Chromium) -> OfflinePage:
    offline = browser.new_page()
    yield offline
    offline.page.close()


@pytest.fixture(scope="module")
def seed(built) -> tuple[Path, nx.MultiDiGraph, GraphStore]:
    """The seed build's page, its network and its store."""
    out, _ = built
    store = GraphStore(out / "store", read_only=True)
    return out / "graph.html", to_networkx(store), store


def edge_list(graph: nx.MultiDiGraph) -> Counter:
    return Counter((source, target, data["label"]) for source, target, data in graph.edges(data=True))


def hover(tab: OfflinePage, node: str) -> str:
    """Zoom to a node, rest the mouse on it, and return the hover card's text."""
    tab.page.mouse.move(1, 1)
    tab.page.evaluate(
        "(id) => window.kg.network.moveTo({position: window.kg.network.getPosition(id), scale: 1.5})", node
    )
    x, y = tab.screen_point(node)
    box = tab.page.locator("#graph").bounding_box()
    assert (
        tab.page.evaluate("([x, y]) => window.kg.network.getNodeAt({x, y})", [x - box["x"], y - box["y"]])
        == node
    ), "another node covers the one to hover"
    tab.page.mouse.move(x, y)
    tooltip = tab.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def shown_nodes(tab: OfflinePage) -> set[str]:
    return set(tab.drawn()[0])


def test_seed_graph_draws_every_node_and_edge_offline(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    nodes, edges = tab.drawn()
    assert sorted(nodes) == sorted(graph.nodes)
    assert Counter(map(tuple, edges)) == edge_list(graph)
    assert tab.requests == []
    assert tab.errors == []


def test_seed_screenshot_is_not_blank(seed, tab: OfflinePage, tmp_path: Path) -> None:
    path, _, _ = seed
    tab.open(path)
    shot = tmp_path / "seed-graph.png"
    tab.page.screenshot(path=str(shot))
    image = Image.open(shot).convert("RGB")
    assert image.size == (1600, 1000)
    pixels = Counter({rgb: count for count, rgb in image.getcolors(maxcolors=1 << 24)})
    for kind, (color, _, _) in KINDS.items():
        rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
        assert pixels[rgb] > 50, f"{kind} nodes ({color}) are not on the screenshot"
    assert pixels[(255, 255, 255)] < 0.97 * image.width * image.height
    if os.environ.get("KG_UPDATE_DOCS"):
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, REPO / "docs" / "seed-graph.png")


def test_legend_counts_each_type(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    legend = tab.page.locator("#types").inner_text()
    for kind, count in Counter(kind for _, kind in graph.nodes(data="type")).items():
        assert f"{kind} ({count})" in legend


def test_node_size_grows_with_mentions(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    size = dict(tab.page.evaluate("() => window.kg.nodes.get().map((n) => [n.id, n.size])"))
    most = max(graph.nodes, key=lambda n: graph.nodes[n]["mentions"])
    least = min(graph.nodes, key=lambda n: graph.nodes[n]["mentions"])
    assert graph.nodes[most]["mentions"] > graph.nodes[least]["mentions"]
    assert size[most] > size[least]


def test_hover_shows_type_aliases_ids_and_the_sentences_that_mention_it(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    putin = find_node(graph, "Vladimir Putin")
    card = hover(tab, putin)
    assert "Vladimir Putin" in card
    assert "Type: Person" in card
    assert "Aliases: Putin" in card
    assert f"Id: {putin}" in card
    assert "in 2 articles" in card
    assert "One Russian toecap on NATO soil" in card  # an article's headline, with its date
    assert "(2022-03-15)" in card
    marked = tab.page.locator("div.vis-tooltip mark").all_inner_texts()
    assert marked and all("Putin" in text for text in marked)  # the mention, inside its sentence


def test_hover_on_a_place_shows_its_linked_ids(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    linked = next(n for n in graph if graph.nodes[n]["same_as"])
    assert f"Linked ids: {graph.nodes[linked]['same_as']}" in hover(tab, linked)


def test_click_highlights_the_neighbourhood_and_a_click_beside_resets(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    putin = find_node(graph, "Vladimir Putin")
    near = {putin, *graph.successors(putin), *graph.predecessors(putin)}
    dimmed = f"() => window.kg.nodes.get().filter((n) => n.color === {json.dumps(DIM)}).map((n) => n.id)"
    x, y = tab.screen_point(putin)
    tab.page.mouse.click(x, y)
    assert set(tab.page.evaluate(dimmed)) == set(graph.nodes) - near
    box = tab.page.locator("#graph").bounding_box()
    empty = tab.page.evaluate(
        "([w, h]) => { for (let y = 5; y < h; y += 20) for (let x = 5; x < w; x += 20)"
        " if (window.kg.network.getNodeAt({x, y}) === undefined && window.kg.network.getEdgeAt({x, y})"
        " === undefined) return [x, y]; }",
        [box["width"], box["height"]],
    )
    tab.page.mouse.click(box["x"] + empty[0], box["y"] + empty[1])
    assert tab.page.evaluate(dimmed) == []


def test_search_finds_a_node_by_alias_in_any_case(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    tab.page.fill("#query", "PUTIN")
    tab.page.press("#query", "Enter")
    assert tab.page.evaluate("() => window.kg.network.getSelectedNodes()") == [
        find_node(graph, "Vladimir Putin")
    ]
    tab.page.fill("#query", "no such name")
    tab.page.press("#query", "Enter")
    assert tab.page.locator("#status").inner_text() == "No match"


def test_type_filter_hides_a_type_and_its_edges(seed, tab: OfflinePage) -> None:
    path, graph, _ = seed
    tab.open(path)
    tab.page.uncheck("input[data-type=Event]")
    kept = {n for n in graph if graph.nodes[n]["type"] != "Event"}
    nodes, edges = tab.drawn()
    assert set(nodes) == kept
    assert Counter(map(tuple, edges)) == edge_list(graph.subgraph(kept))
    tab.page.check("input[data-type=Event]")
    assert shown_nodes(tab) == set(graph.nodes)


def test_date_filter_keeps_nodes_of_the_days_chosen(seed, tab: OfflinePage) -> None:
    path, graph, store = seed
    evidence = read_evidence(store, graph)
    spans = {
        n: node_dates(data["date"], data["articles"].split("|"), evidence.articles)
        for n, data in graph.nodes(data=True)
    }

    def dated(first: str, last: str) -> set[str]:
        return {n for n, found in spans.items() if any(s <= last and e >= first for s, e in found)}

    tab.open(path)
    tab.page.uncheck("#undated")
    tab.page.fill("#from", "2022-03-13")
    tab.page.fill("#to", "2022-03-13")
    sunday = dated("2022-03-13", "2022-03-13")
    assert sunday and shown_nodes(tab) == sunday  # events dated that Sunday; no article was published then
    tab.page.fill("#to", "2022-03-15")
    assert shown_nodes(tab) == dated("2022-03-13", "2022-03-15") > sunday
    tab.page.check("#undated")
    undated = {n for n, found in spans.items() if not found}
    assert undated and shown_nodes(tab) == dated("2022-03-13", "2022-03-15") | undated


def test_physics_toggle_switches_the_simulation(seed, tab: OfflinePage) -> None:
    path, _, _ = seed
    tab.open(path)
    enabled = "() => window.kg.network.physics.options.enabled"
    assert not tab.page.is_checked("#physics") and tab.page.evaluate(enabled) is False  # frozen when laid out
    tab.page.check("#physics")
    assert tab.page.evaluate(enabled) is True
    tab.page.uncheck("#physics")
    assert tab.page.evaluate(enabled) is False


def test_view_page_draws_the_neighbourhood_with_the_entity_selected(
    seed, tab: OfflinePage, tmp_path: Path
) -> None:
    _, graph, store = seed
    putin = find_node(graph, "putin")
    view = write_view(store, "putin", 1, tmp_path / "view.html")
    tab.open(view.path)
    nodes, edges = tab.drawn()
    near = neighbourhood(graph, putin, 1)
    assert sorted(nodes) == sorted(near.nodes) and Counter(map(tuple, edges)) == edge_list(near)
    assert tab.page.evaluate("() => window.kg.network.getSelectedNodes()") == [putin]
    assert tab.requests == [] and tab.errors == []


def test_hostile_article_renders_as_text_and_runs_no_script(tmp_path: Path, tab: OfflinePage) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.json").write_text(json.dumps(HOSTILE), encoding="utf-8")
    report = build([tmp_path / "in"], tmp_path / "out")
    assert report.built == 1
    graph = to_networkx(GraphStore(tmp_path / "out" / "store", read_only=True))
    author = next(n for n in graph if "<script>alert('author')" in graph.nodes[n]["label"])
    tab.open(tmp_path / "out" / "graph.html")
    assert shown_nodes(tab) == set(graph.nodes)
    assert "<script>alert('author')" in hover(tab, author)
    putin = find_node(graph, "Vladimir Putin")
    card = hover(tab, putin)
    assert "Putin's \"<script>alert('title')</script>\" speech" in card  # the headline, as text
    assert "said \"<img src=x onerror=alert('quote')>\" in Moscow" in card  # the sentence, as text
    tab.page.fill("#query", "<script>alert('author')")
    tab.page.press("#query", "Enter")
    assert tab.page.evaluate("() => window.kg.network.getSelectedNodes()") == [author]
    assert tab.dialogs == []  # no alert() ran
    assert tab.page.evaluate("() => document.images.length") == 0
    assert tab.page.evaluate("() => document.scripts.length") == 4
    assert tab.page.title() == "News knowledge graph"
    assert tab.requests == [] and tab.errors == []


def test_names_that_close_the_script_stay_data(tmp_path: Path, tab: OfflinePage) -> None:
    evil = "</script><script>alert('label')</script><img src=x onerror=alert('img')>"
    graph = nx.MultiDiGraph()
    for iri, label, kind in [("urn:a", evil, "Person"), ("urn:b", "'\"<!--", "Place")]:
        graph.add_node(
            iri,
            label=label,
            type=kind,
            iri=iri,
            mentions=1,
            aliases="</script>|<b>bold</b>",
            articles="",
            same_as="javascript:alert('link')",
            date="",
            event_type="",
        )
    graph.add_edge("urn:a", "urn:b", key="urn:p", predicate="urn:p", label="<i>rel</i>", weight=1)
    write_html(graph, tmp_path / "evil.html", title="<script>alert('title')</script>")
    tab.open(tmp_path / "evil.html")
    assert sorted(tab.drawn()[0]) == ["urn:a", "urn:b"]
    card = hover(tab, "urn:a")
    assert evil in card and "</script>, <b>bold</b>" in card and "javascript:alert('link')" in card
    assert tab.page.locator("h1").inner_text() == "<script>alert('title')</script>"
    assert tab.dialogs == [] and tab.errors == [] and tab.requests == []
    assert tab.page.evaluate("() => document.images.length + document.querySelectorAll('b b, a').length") == 0


def test_big_graph_is_laid_out_in_python_and_cut_to_its_most_connected_nodes(
    tmp_path: Path, tab: OfflinePage
) -> None:
    tree = nx.balanced_tree(3, 7)  # 3,280 nodes
    graph = nx.MultiDiGraph()
    for node in tree:
        kind = list(KINDS)[node % 4]
        graph.add_node(f"urn:{node}", label=f"n{node}", type=kind, mentions=1 + tree.degree(node))
    for a, b in tree.edges:
        graph.add_edge(f"urn:{a}", f"urn:{b}", key="urn:p", label="p", weight=1)
    page = write_html(graph, tmp_path / "big.html", max_nodes=2000)
    assert (page.nodes, page.laid_out) == (2000, True)
    assert page.note.startswith("Showing the 2,000 most connected of 3,280 nodes; left out: 1,280 nodes")
    tab.open(tmp_path / "big.html")
    nodes, edges = tab.drawn()
    assert len(nodes) == 2000 and len(edges) == page.edges
    assert tab.page.locator("#note").inner_text() == page.note
    assert tab.page.evaluate("() => window.kg.network.physics.options.enabled") is False
    assert tab.requests == [] and tab.errors == []
