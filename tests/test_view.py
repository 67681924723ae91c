"""`kg view ENTITY`: find an entity by IRI, name or alias, and write its neighbourhood as its own page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export.view import close_matches, find_node, neighbourhood, slug


class Data(HTMLParser):
    """The JSON data scripts of a page, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._id = dict(attrs).get("id") if tag == "script" else None

    def handle_data(self, data: str) -> None:
        if self._id:
            self.scripts[self._id] = self.scripts.get(self._id, "") + data


def page_data(path: Path) -> tuple[list[dict], list[dict]]:
    parser = Data()
    parser.feed(path.read_text(encoding="utf-8"))
    return json.loads(parser.scripts["nodes"]), json.loads(parser.scripts["edges"])


@pytest.fixture()
def chain() -> nx.MultiDiGraph:
    """a -> b -> c -> d, plus an event e naming 'Alpha' too, pointing at a."""
    graph = nx.MultiDiGraph()
    for node, label, kind, aliases, mentions in [
        ("urn:a", "Alpha Person", "Person", "Alpha|Al", 5),
        ("urn:b", "Beta", "Place", "", 1),
        ("urn:c", "Gamma Corp", "Organization", "", 1),
        ("urn:d", "Delta", "Place", "", 1),
        ("urn:e", "Alpha", "Event", "", 9),
    ]:
        graph.add_node(node, label=label, type=kind, aliases=aliases, mentions=mentions)
    for source, target in [("urn:a", "urn:b"), ("urn:b", "urn:c"), ("urn:c", "urn:d"), ("urn:e", "urn:a")]:
        graph.add_edge(source, target, key="urn:p", label="p", weight=1)
    graph.add_edge("urn:a", "urn:b", key="urn:q", label="q", weight=1)
    return graph


def test_find_node_by_iri_label_or_alias_ignoring_case(chain: nx.MultiDiGraph) -> None:
    assert find_node(chain, "urn:c") == "urn:c"
    assert find_node(chain, "gamma CORP") == "urn:c"
    assert find_node(chain, "al") == "urn:a"
    assert find_node(chain, "nobody") is None


def test_a_label_beats_an_alias_and_an_entity_beats_an_event(chain: nx.MultiDiGraph) -> None:
    chain.add_node("urn:f", label="Al", type="Person", aliases="", mentions=0)
    assert find_node(chain, "al") == "urn:f"  # its label, not urn:a's alias
    chain.add_node("urn:g", label="Alpha", type="Person", aliases="", mentions=1)
    assert find_node(chain, "alpha") == "urn:g"  # the person, though the event has more mentions


def test_close_matches_suggest_entity_names(chain: nx.MultiDiGraph) -> None:
    assert close_matches(chain, "Gamma Crop") == ["Gamma Corp"]
    assert "Alpha Person" in close_matches(chain, "alpha pers")
    assert close_matches(chain, "zzzz") == []


def test_neighbourhood_follows_relations_both_ways_for_n_hops(chain: nx.MultiDiGraph) -> None:
    assert set(neighbourhood(chain, "urn:b", 0)) == {"urn:b"}
    one = neighbourhood(chain, "urn:b", 1)
    assert set(one) == {"urn:a", "urn:b", "urn:c"}
    assert one.number_of_edges() == 3  # a->b twice (parallel edges kept), b->c
    assert set(neighbourhood(chain, "urn:b", 2)) == {"urn:a", "urn:b", "urn:c", "urn:d", "urn:e"}


def test_slug() -> None:
    assert slug("Vladimir Putin") == "vladimir-putin"
    assert slug("<script>") == "script"
    assert slug("...") == "entity"


def test_kg_view_writes_the_neighbourhood_page(built, tmp_path: Path) -> None:
    out, _ = built
    page = tmp_path / "putin.html"
    result = CliRunner().invoke(
        main, ["view", "putin", "--store", str(out / "store"), "--out", str(page), "--no-open"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Vladimir Putin (Person): ")
    assert f"html     {page}" in result.output
    nodes, edges = page_data(page)
    ids = {n["id"] for n in nodes}
    assert "https://w3id.org/newskg/id/person/vladimir_putin" in ids
    assert len(ids) >= 2 and all(e["from"] in ids and e["to"] in ids for e in edges)
    assert f"{len(nodes)} nodes, {len(edges)} edges within 1 hop" in result.output


def test_more_hops_reach_further(built, tmp_path: Path) -> None:
    out, _ = built
    sizes = []
    for hops in (1, 2):
        page = tmp_path / f"russia-{hops}.html"
        args = ["view", "RUSSIA", "--hops", str(hops), "--store", str(out / "store"), "--out", str(page)]
        result = CliRunner().invoke(main, [*args, "--no-open"])
        assert result.exit_code == 0, result.output
        sizes.append(len(page_data(page)[0]))
    assert sizes[0] < sizes[1]


def test_default_page_goes_beside_the_store_and_opens(built, tmp_path: Path, monkeypatch) -> None:
    out, _ = built
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    result = CliRunner().invoke(main, ["view", "Vladimir Putin", "--store", str(out / "store")])
    assert result.exit_code == 0, result.output
    assert opened == [(out / "view-vladimir-putin.html").resolve().as_uri()]


def test_a_missing_entity_is_one_line_with_close_matches(built) -> None:
    out, _ = built
    result = CliRunner().invoke(main, ["view", "Vladimir Putn", "--store", str(out / "store"), "--no-open"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: no entity 'Vladimir Putn' in {out / 'store'}; did you mean: Vladimir Putin?"
    ]
