"""`kg serve` started for real on a free loopback port, queried by SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from robust_support import start_serve
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.errors import KGError
from kg.store import GraphStore

PEOPLE = (
    "PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
)
PUTIN = URIRef("https://w3id.org/newskg/id/person/vladimir_putin")
CONSTRUCT = f"CONSTRUCT {{ <{PUTIN}> ?p ?o }} WHERE {{ <{PUTIN}> ?p ?o }}"
#: SPARQLWrapper itself builds an rdflib ConjunctiveGraph for JSON-LD answers.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def stop(process: subprocess.Popen) -> int:
    """Ctrl-C, as a person would press it; the exit code."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def copy_store(built, tmp_path: Path) -> Path:
    """A copy of the seed store, for a second server (the module's server holds the seed store's lock)."""
    store = tmp_path / "store"
    shutil.copytree(built[0] / "store", store, ignore=shutil.ignore_patterns("LOCK"))
    return store


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    process, url = start_serve(built[0] / "store")
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def people(store) -> list[str]:
    return [row["name"] for row in store.select(PEOPLE)]


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_select_in_json_xml_csv_and_tsv(server, people):
    data = wrapper(server, PEOPLE, JSON).query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == people
    document = wrapper(server, PEOPLE, XML).query().convert()
    names = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert names == people
    text = wrapper(server, PEOPLE, CSV).query().convert().decode()
    assert [row["name"] for row in csv.DictReader(io.StringIO(text))] == people
    lines = wrapper(server, PEOPLE, TSV).query().convert().decode().splitlines()
    assert lines[0] == "?name" and [json.loads(line) for line in lines[1:]] == people


def test_ask(server):
    assert wrapper(server, f"ASK {{ <{PUTIN}> ?p ?o }}", JSON).query().convert()["boolean"] is True
    document = wrapper(server, "ASK { <https://example.org/nothing> ?p ?o }", XML).query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


def test_construct_in_turtle_ntriples_and_jsonld(server, store):
    expected = {t for t in store.union_graph().triples((PUTIN, None, None))}
    turtle = wrapper(server, CONSTRUCT, TURTLE).query().convert()
    assert set(Graph().parse(data=turtle, format="turtle")) == expected
    client = wrapper(server, CONSTRUCT, TURTLE)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    response = client.query()
    assert response.info()["content-type"].startswith("application/n-triples")
    assert set(Graph().parse(data=response.response.read(), format="nt")) == expected
    jsonld = wrapper(server, CONSTRUCT, JSONLD).query().convert()
    assert set(jsonld) == expected


def test_describe(server):
    described = wrapper(server, f"DESCRIBE <{PUTIN}>", TURTLE).query().convert()
    assert (PUTIN, RDFS.label, Literal("Vladimir Putin")) in Graph().parse(data=described, format="turtle")


def test_rdflib_sparqlstore(server, people):
    graph = Graph(store=SPARQLStore(f"{server}/sparql"))
    assert [str(row.name) for row in graph.query(PEOPLE)] == people
    assert Literal("Vladimir Putin") in set(graph.objects(PUTIN, RDFS.label))


def test_updates_are_refused_by_default(server, built):
    before = GraphStore(built[0] / "store", read_only=True).select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> 'c' }"
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises(Exception, match="403"):
        client.query()
    assert httpx.post(f"{server}/update", data={"update": update}).status_code == 403
    assert (
        httpx.put(f"{server}/store?default", content=b"", headers={"Content-Type": "text/turtle"}).status_code
        == 403
    )
    assert httpx.delete(f"{server}/store?default").status_code == 403
    after = GraphStore(built[0] / "store", read_only=True).select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert before == after


def test_no_build_can_write_while_the_store_is_served(server, built):
    with pytest.raises(KGError, match="lock"):
        GraphStore(built[0] / "store")


def test_graph_html_is_served(server, built):
    page = httpx.get(f"{server}/graph.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.content == (built[0] / "graph.html").read_bytes()
    home = httpx.get(server, follow_redirects=True)
    assert home.status_code == 200 and home.url.path == "/graph.html"


def test_ctrl_c_stops_both_processes(built, tmp_path):
    process, _ = start_serve(copy_store(built, tmp_path))
    backends = children(process.pid)
    assert backends, "the Oxigraph server runs as a child of kg serve"
    assert stop(process) == 0
    for pid in backends:
        assert not Path(f"/proc/{pid}").exists(), "the Oxigraph server stopped with kg serve"


def test_allow_update_accepts_updates(built, tmp_path):
    store = copy_store(built, tmp_path)
    token = "a-token-long-enough-for-updates"
    process, url = start_serve(store, "--allow-update", "--token", token)
    try:
        client = SPARQLWrapper(f"{url}/sparql")
        client.addCustomHttpHeader("Authorization", f"Bearer {token}")
        client.setMethod(POST)
        client.setQuery("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <b:b> 'c' } }")
        client.query()
        assert (
            wrapper(url, "ASK { <https://example.org/a> ?p 'c' }", JSON).query().convert()["boolean"] is True
        )
    finally:
        assert stop(process) == 0
    assert bool(
        GraphStore(store, read_only=True).query("ASK { <https://example.org/a> ?p 'c' }")
    )  # persisted


def test_a_missing_store_is_a_one_line_error(tmp_path):
    command = [
        sys.executable,
        "-c",
        "from kg.cli import main; main()",
        "serve",
        "--store",
        str(tmp_path / "nope"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no store here" in result.stderr
