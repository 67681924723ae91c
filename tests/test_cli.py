"""`kg query` and `kg validate` through click's runner, on the seed graph."""

import csv
import io
import json

from click.testing import CliRunner

from kg.cli import main

PEOPLE = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_query_prints_a_table(built):
    result = run("query", PEOPLE, "--store", str(built[0] / "store"))
    assert result.exit_code == 0, result.output
    assert "Vladimir Putin" in result.output
    assert "rows" in result.output


def test_query_csv_tsv_and_json(built):
    store = str(built[0] / "store")
    rows = list(csv.DictReader(io.StringIO(run("query", PEOPLE, "--store", store, "--format", "csv").output)))
    names = [r["name"] for r in rows]
    assert "Vladimir Putin" in names and names == sorted(names)
    tsv = run("query", PEOPLE, "--store", store, "--format", "tsv").output.splitlines()
    assert tsv[0] == "?name" and '"Vladimir Putin"' in tsv
    data = json.loads(run("query", PEOPLE, "--store", store, "--format", "json").output)
    assert data["head"]["vars"] == ["name"]
    assert {"type": "literal", "value": "Vladimir Putin"} in [b["name"] for b in data["results"]["bindings"]]


def test_query_from_a_file_ask_and_construct(built, tmp_path):
    store = str(built[0] / "store")
    query_file = tmp_path / "people.rq"
    query_file.write_text(PEOPLE, encoding="utf-8")
    assert "Mark Rutte" in run("query", str(query_file), "--store", store).output
    assert run("query", 'ASK { ?p rdfs:label "NATO" }', "--store", store).output.strip() == "true"
    turtle = run(
        "query", "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }", "--store", store
    ).output
    assert "schema.org/Person" in turtle


def test_bad_query_is_one_clear_line(built):
    result = run("query", "SELECT ?p ?o WHERE { id:person/x ?p ?o }", "--store", str(built[0] / "store"))
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_store_is_one_clear_line(tmp_path):
    result = run("query", PEOPLE, "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no store here" in result.output


def test_validate_reports_zero_violations_on_the_seed_graph(built):
    result = run("validate", "--store", str(built[0] / "store"))
    assert result.exit_code == 0, result.output
    assert "0 violations" in result.output


def test_update_is_refused_clearly(built):
    result = run("query", 'INSERT DATA { <urn:a> <urn:b> "c" }', "--store", str(built[0] / "store"))
    assert result.exit_code == 2
    assert "kg query only reads the store" in result.output


def test_missing_query_file_is_named(built, tmp_path):
    result = run("query", str(tmp_path / "missing.rq"), "--store", str(built[0] / "store"))
    assert result.exit_code == 2
    assert "missing.rq: cannot read the query file" in result.output


def test_piped_table_keeps_whole_iris(built):
    result = run(
        "query", "SELECT ?p WHERE { ?p a schema:Person } LIMIT 1", "--store", str(built[0] / "store")
    )
    assert "https://w3id.org/newskg/id/person/" in result.output
    assert "…" not in result.output
