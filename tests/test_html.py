"""The HTML view: one offline file, safe with hostile names, every node and parallel edge embedded."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from importlib.resources import files

import networkx as nx
import pytest

from kg.export.html import write_html

EVIL = "<img src=x onerror=alert(1)>"
NKG = "https://example.org/nkg/"


class Page(HTMLParser):
    """Collects the tags, src/href attribute values and the text of each script by id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]
        if tag == "script":
            self._script = dict(attrs).get("id") or ""
            self.scripts[self._script] = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts[self._script] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def node(label: str, kind: str, **attributes: object) -> dict:
    """Node attributes as kg.export.network.to_networkx sets them."""
    defaults = {"mentions": 1, "aliases": "", "articles": "", "same_as": "", "date": "", "event_type": ""}
    return {"label": label, "type": kind, **defaults, **attributes}


@pytest.fixture()
def graph() -> nx.MultiDiGraph:
    """One node per type, a hostile name, and two parallel edges between the event and the person."""
    graph = nx.MultiDiGraph()
    graph.add_node(
        "urn:p", iri="urn:p", **node(EVIL, "Person", mentions=9, aliases="</script>|Bob", articles="a1|a2")
    )
    graph.add_node(
        "urn:o", iri="urn:o", **node("ACME", "Organization", same_as="https://www.wikidata.org/wiki/Q1")
    )
    graph.add_node("urn:l", iri="urn:l", **node("Paris", "Place"))
    graph.add_node("urn:e", iri="urn:e", **node("attack", "Event", event_type="Attack", date="2024-01-02"))
    for source, label, target in [
        ("urn:e", "agent", "urn:p"),
        ("urn:e", "target", "urn:p"),
        ("urn:e", "location", "urn:l"),
    ]:
        graph.add_edge(
            source, target, key=NKG + label, predicate=NKG + label, label=label, weight=2, articles="a1"
        )
    graph.add_edge(
        "urn:p", "urn:o", key=NKG + "memberOf", predicate=NKG + "memberOf", label="memberOf", weight=1
    )
    return graph


@pytest.fixture()
def page(graph: nx.MultiDiGraph, tmp_path) -> tuple[str, Page]:
    """The written page, as text and parsed."""
    path = tmp_path / "graph.html"
    write_html(graph, path)
    text = path.read_text(encoding="utf-8")
    parser = Page()
    parser.feed(text)
    return text, parser


def test_no_request_leaves_the_page(page: tuple[str, Page]) -> None:
    _, parser = page
    assert not [link for link in parser.links if link.strip().lower().startswith(("http:", "https:", "//"))]


def test_vis_network_is_inline(page: tuple[str, Page]) -> None:
    text, _ = page
    vis = files("pyvis") / "lib" / "vis-9.1.2"
    assert (vis / "vis-network.min.js").read_text(encoding="utf-8") in text
    assert (vis / "vis-network.css").read_text(encoding="utf-8") in text


def test_every_node_and_parallel_edge_is_embedded(graph: nx.MultiDiGraph, page: tuple[str, Page]) -> None:
    _, parser = page
    nodes = json.loads(parser.scripts["nodes"])
    edges = json.loads(parser.scripts["edges"])
    assert len(nodes) == graph.number_of_nodes() == 4
    assert len(edges) == graph.number_of_edges() == 4
    assert sorted(e["label"] for e in edges if (e["from"], e["to"]) == ("urn:e", "urn:p")) == [
        "agent",
        "target",
    ]
    person = next(n for n in nodes if n["id"] == "urn:p")
    assert person["label"] == EVIL
    assert person["info"]["aliases"] == ["</script>", "Bob"]
    assert "title" not in person  # tooltips are built as DOM text by the page, never as HTML strings


def test_hostile_names_stay_text(page: tuple[str, Page]) -> None:
    text, parser = page
    assert "<img src=x" not in text
    assert "img" not in parser.tags
    assert (
        parser.tags.count("script") == 4
    )  # vis-network, nodes, edges, the page's code: nothing closed early
    assert "<" not in parser.scripts["nodes"]
