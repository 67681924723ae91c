"""`kg export` in every format, each read back by an independent tool: rapper, rdflib, pyld, igraph, lxml."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import igraph
import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree
from pyld import jsonld
from rdflib import Dataset, Graph

from kg.cli import main
from kg.export.neo4j import NODE_HEADER, REL_HEADER, cypher_identifier, cypher_string, write_neo4j
from kg.export.network import to_networkx

#: rapper's parser name and rdflib's for each RDF format (rapper 2.0.15 has no JSON-LD parser: pyld reads it).
RDF = {
    "ttl": ("turtle", "turtle"),
    "nt": ("ntriples", "nt"),
    "nq": ("nquads", "nquads"),
    "trig": ("trig", "trig"),
    "xml": ("rdfxml", "xml"),
    "jsonld": (None, "json-ld"),
}
DATASETS = {"nq", "trig", "jsonld"}  # JSON-LD keeps the named graphs too
#: neo4j-admin header rules: a name, then optionally ':' and a type, or one of the special fields.
NEO4J_COLUMN = re.compile(
    r"^(\w+(:(int|long|float|double|boolean|string|date)(\[\])?|:ID)?|:LABEL|:START_ID|:END_ID|:TYPE)$"
)


def export(built, fmt: str, out: Path) -> Path:
    result = CliRunner().invoke(
        main, ["export", "--format", fmt, "--store", str(built[0] / "store"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def rapper_count(path: Path, parser: str) -> int:
    rapper = shutil.which("rapper")
    assert rapper, "rapper is missing: apt-get install raptor2-utils (bash scripts/test.sh installs it)"
    result = subprocess.run(
        [rapper, "-i", parser, "-c", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return int(re.search(r"returned (\d+) (?:triples|statements)", result.stderr).group(1))


@pytest.fixture(scope="module")
def counts(store):
    """(quads in the store, distinct triples of all graphs merged), counted by the store itself."""
    merged = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    return len(store), int(merged[0]["n"])


@pytest.fixture(scope="module")
def network(store):
    return to_networkx(store)


@pytest.mark.parametrize("fmt", list(RDF))
def test_rdf_formats_read_back_with_the_stores_counts(built, tmp_path, counts, fmt):
    path = export(built, fmt, tmp_path / f"kg.{fmt}")
    expected = counts[0] if fmt in DATASETS else counts[1]
    rapper_parser, rdflib_format = RDF[fmt]
    if rapper_parser:
        assert rapper_count(path, rapper_parser) == expected
    else:
        quads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), {"format": "application/n-quads"})
        assert len({line for line in quads.split("\n") if line}) == expected
    if fmt in DATASETS:
        dataset = Dataset()
        dataset.parse(path, format=rdflib_format)
        assert sum(1 for _ in dataset.quads()) == expected
    else:
        assert len(Graph().parse(path, format=rdflib_format)) == expected


def test_graphml_loads_in_networkx_and_igraph_alike(built, tmp_path, network):
    path = export(built, "graphml", tmp_path / "graph.graphml")
    loaded = nx.read_graphml(path, force_multigraph=True)
    other = igraph.Graph.Read_GraphML(str(path))
    assert loaded.number_of_nodes() == other.vcount() == network.number_of_nodes() > 0
    assert loaded.number_of_edges() == other.ecount() == network.number_of_edges() > 0
    assert other.is_directed()
    for name in ("type", "label", "iri", "mentions"):
        assert name in other.vs.attributes()
    for name in ("predicate", "weight", "articles"):
        assert name in other.es.attributes()
    putin = other.vs.find(iri="https://w3id.org/newskg/id/person/vladimir_putin")
    assert putin["type"] == "Person" and putin["label"] == "Vladimir Putin" and putin["mentions"] >= 2


def test_gexf_carries_the_same_nodes_and_edges(built, tmp_path, network):
    path = export(built, "gexf", tmp_path / "graph.gexf")
    loaded = nx.read_gexf(path)
    assert loaded.number_of_nodes() == network.number_of_nodes()
    assert loaded.number_of_edges() == network.number_of_edges()
    # read again with lxml, as Gephi does: unique edge ids, labels, weights and declared attributes
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = etree.parse(str(path)).getroot()
    nodes, edges = root.findall(".//g:node", ns), root.findall(".//g:edge", ns)
    assert len(nodes) == network.number_of_nodes() and len(edges) == network.number_of_edges()
    assert len({e.get("id") for e in edges}) == len(edges)
    assert all(e.get("label") and float(e.get("weight")) >= 1 for e in edges)
    declared = {a.get("title") for a in root.findall(".//g:attributes/g:attribute", ns)}
    assert {"type", "iri", "mentions", "predicate", "articles"} <= declared


def test_network_formats_keep_parallel_edges_with_different_predicates(built, tmp_path, network):
    pairs = {}
    for source, target, data in network.edges(data=True):
        pairs.setdefault((source, target), set()).add(data["predicate"])
    parallel = [pair for pair, predicates in pairs.items() if len(predicates) > 1]
    assert parallel, "the seed graph has a pair of nodes linked by two predicates"
    source, target = parallel[0]
    graphml = igraph.Graph.Read_GraphML(str(export(built, "graphml", tmp_path / "g.graphml")))
    ids = {v["id"]: v.index for v in graphml.vs}
    kept = {e["predicate"] for e in graphml.es.select(_source=ids[source], _target=ids[target])}
    assert kept == pairs[(source, target)]
    gexf = nx.read_gexf(export(built, "gexf", tmp_path / "g.gexf"))
    assert {d["predicate"] for d in gexf.get_edge_data(source, target).values()} == pairs[(source, target)]


def test_csv_tables_for_spreadsheets(built, tmp_path, network):
    folder = export(built, "csv", tmp_path / "csv")
    with (folder / "nodes.csv").open(encoding="utf-8-sig", newline="") as stream:
        nodes = list(csv.DictReader(stream))
    with (folder / "edges.csv").open(encoding="utf-8-sig", newline="") as stream:
        edges = list(csv.DictReader(stream))
    assert len(nodes) == network.number_of_nodes() and len(edges) == network.number_of_edges()
    putin = next(n for n in nodes if n["label"] == "Vladimir Putin")
    assert putin["type"] == "Person" and int(putin["mentions"]) >= 2
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids and int(e["weight"]) >= 1 for e in edges)


def test_neo4j_import_files_follow_the_documented_headers(built, tmp_path, network):
    folder = export(built, "neo4j", tmp_path / "neo4j")
    node_files, rel_files = sorted(folder.glob("nodes_*.csv")), sorted(folder.glob("rels_*.csv"))
    ids, labels = set(), set()
    for path in node_files:
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        assert tuple(rows[0]) == NODE_HEADER and all(NEO4J_COLUMN.match(c) for c in rows[0])
        label = path.stem.removeprefix("nodes_")
        for row in rows[1:]:
            record = dict(zip(rows[0], row, strict=True))
            assert record[":LABEL"].split(";") == ["Entity", label]
            int(record["mentions:int"])
            ids.add(record["iri:ID"])
        labels.add(label)
    assert labels == {data["type"] for _, data in network.nodes(data=True)}
    assert len(ids) == network.number_of_nodes()
    relationships = 0
    for path in rel_files:
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        assert tuple(rows[0]) == REL_HEADER and all(NEO4J_COLUMN.match(c) for c in rows[0])
        for row in rows[1:]:
            record = dict(zip(rows[0], row, strict=True))
            assert record[":START_ID"] in ids and record[":END_ID"] in ids
            assert record[":TYPE"] == path.stem.removeprefix("rels_") and re.fullmatch(
                r"[A-Z][A-Z0-9_]*", record[":TYPE"]
            )
            assert all(a.startswith("https://") for a in record["articles:string[]"].split(";"))
            relationships += 1
    assert relationships == network.number_of_edges()
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert all(f"--nodes={p.name}" in script for p in node_files)
    assert all(f"--relationships={p.name}" in script for p in rel_files)


def test_load_cypher_names_only_files_and_escapes_what_it_writes(tmp_path):
    graph = nx.MultiDiGraph()
    hostile = "Robert'); MATCH (n) DETACH DELETE n; //"
    graph.add_node(
        "https://x/a", label=hostile, type="Person", iri="https://x/a", mentions=1, articles="https://x/1"
    )
    graph.add_node(
        "https://x/b", label="B", type="Organization", iri="https://x/b", mentions=2, articles="https://x/1"
    )
    graph.add_edge("https://x/a", "https://x/b", key="https://x/o#memberOf", predicate="https://x/o#memberOf",
                   label="memberOf", weight=1, articles="https://x/1")  # fmt: skip
    folder = tmp_path / "neo4j"
    write_neo4j(graph, folder)
    script = (folder / "load.cypher").read_text(encoding="utf-8")
    assert hostile not in script and "DETACH" not in script
    named = re.findall(r"LOAD CSV WITH HEADERS FROM '([^']+)'", script)
    assert sorted(named) == sorted(f"file:///{p.name}" for p in folder.glob("*.csv"))
    assert "[r:`MEMBER_OF`]" in script
    assert cypher_string("it's \\ here") == "'it\\'s \\\\ here'"
    assert cypher_identifier("odd`label") == "`odd``label`"
    rows = list(csv.reader((folder / "nodes_Person.csv").open(encoding="utf-8", newline="")))
    assert rows[1][1] == hostile  # the name is data in the CSV file, never Cypher text
