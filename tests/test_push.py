"""`kg push` into two real triple stores started here on loopback: Oxigraph's server and Virtuoso.

Each test checks by SPARQL on the server that every graph holds as many triples as in our store, and that
pushing again after the server's copy changed puts back exactly our graph.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph
from server_support import binary, oxigraph_server, wait_for

from kg.cli import main
from kg.push import ONTOLOGY_GRAPH
from kg.serve import free_port, stop_backend

COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
JUNK = "<https://example.org/junk> <https://example.org/p> 'left over from an older push' ."
VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
"""


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[str]:
    """Oxigraph's read-write server on an empty store: its base URL (/query, /update, /store)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as address:
        yield f"http://{address}"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """Virtuoso on a new database: its base URL (/sparql, /sparql-auth, /sparql-graph-crud-auth)."""
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = sql_port = free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "stdout.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [binary("virtuoso-t", "Debian's virtuoso-opensource"), "-f", "-c", str(ini)],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(process, f"http://127.0.0.1:{http_port}/sparql", log)
        yield f"http://127.0.0.1:{http_port}"
    finally:
        stop_backend(process)


def expected_counts(store) -> dict[str, int]:
    """Triples per graph as kg push names them: the named graphs, and the default graph as ONTOLOGY_GRAPH."""
    counts = {row["g"]: int(row["n"]) for row in store.select(COUNTS)}
    counts[ONTOLOGY_GRAPH] = len(store.graph_ntriples(None).splitlines())
    return counts


def server_counts(query_url: str, graphs: set[str]) -> dict[str, int]:
    """Triples per graph counted by the server's own SPARQL engine, for the given graphs."""
    answer = httpx.post(
        query_url, data={"query": COUNTS}, headers={"Accept": "application/sparql-results+json"}, timeout=60
    )
    answer.raise_for_status()
    rows = answer.json()["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows if r["g"]["value"] in graphs}


def server_graph(query_url: str, name: str) -> Graph:
    """One graph as the server returns it, parsed by rdflib."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
    answer = httpx.post(
        query_url, data={"query": query}, headers={"Accept": "application/n-triples"}, timeout=60
    )
    answer.raise_for_status()
    return Graph().parse(data=answer.text, format="nt")


def push(built, *options: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, ["push", "--store", str(built[0] / "store"), *options], env=env)
    return result


def tamper(update_url: str, graph: str, auth: httpx.Auth | None = None) -> None:
    """Change the server's copy of a graph, as an older push of a changed article would have left it."""
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ {JUNK} }} }}"
    answer = httpx.post(
        update_url,
        content=update,
        headers={"Content-Type": "application/sparql-update"},
        auth=auth,
        timeout=60,
    )
    answer.raise_for_status()


def check_push(built, store, query_url, update_url, options, env=None, auth=None) -> None:
    """Push; compare counts and one article's triples; tamper; push again; compare again."""
    expected = expected_counts(store)
    article = next(g for g in expected if "/article/" in g)
    result = push(built, *options, env=env)
    assert result.exit_code == 0, result.output
    assert server_counts(query_url, set(expected)) == expected
    local = Graph().parse(data=store.graph_ntriples(article).decode(), format="nt")
    assert set(server_graph(query_url, article)) == set(local)
    tamper(update_url, article, auth)
    assert server_counts(query_url, {article})[article] == expected[article] + 1
    result = push(built, *options, env=env)
    assert result.exit_code == 0, result.output
    assert server_counts(query_url, set(expected)) == expected


def test_push_to_oxigraph_by_graph_store_protocol(built, store, oxigraph):
    options = ["--graph-store", f"{oxigraph}/store", "--batch-size", "500"]  # several batches per article
    check_push(built, store, f"{oxigraph}/query", f"{oxigraph}/update", options)


def test_push_to_oxigraph_by_sparql_update(built, store, oxigraph):
    options = ["--endpoint", f"{oxigraph}/update", "--batch-size", "700"]
    check_push(built, store, f"{oxigraph}/query", f"{oxigraph}/update", options)


def test_push_to_virtuoso_by_graph_store_protocol_with_digest_auth(built, store, virtuoso):
    env = {"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": "dba"}
    options = ["--graph-store", f"{virtuoso}/sparql-graph-crud-auth", "--batch-size", "500"]
    auth = httpx.DigestAuth("dba", "dba")
    check_push(built, store, f"{virtuoso}/sparql", f"{virtuoso}/sparql-auth", options, env, auth)


def test_push_to_virtuoso_by_sparql_update(built, store, virtuoso):
    env = {"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": "dba"}
    options = ["--endpoint", f"{virtuoso}/sparql-auth", "--batch-size", "700"]
    auth = httpx.DigestAuth("dba", "dba")
    check_push(built, store, f"{virtuoso}/sparql", f"{virtuoso}/sparql-auth", options, env, auth)


def test_a_wrong_password_is_a_one_line_error(built, virtuoso):
    env = {"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": "wrong"}
    result = push(built, "--graph-store", f"{virtuoso}/sparql-graph-crud-auth", env=env)
    assert result.exit_code == 2
    assert "401" in result.output and len(result.output.strip().splitlines()) == 1


def test_push_needs_somewhere_to_push(built):
    result = push(built)
    assert result.exit_code == 2 and "--endpoint" in result.output


def test_an_unreachable_server_is_a_one_line_error(built):
    result = push(built, "--endpoint", f"http://127.0.0.1:{free_port()}/update")
    assert result.exit_code == 2 and "ConnectError" in result.output
