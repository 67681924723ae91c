"""End to end: `kg build data/` through the command line, checked by SPARQL and real parsers."""

import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.build import _BackgroundWriter
from kg.cli import main
from kg.errors import KGError
from kg.rdf import ENTITIES_GRAPH, RESOLUTION_GRAPH, article_iri
from kg.store import GraphStore
from kg.validate import validate

DATA = Path(__file__).resolve().parent.parent / "data"


def labels_of(store, cls):
    return {r["l"] for r in store.select(f"SELECT DISTINCT ?l WHERE {{ ?e a {cls} ; rdfs:label ?l }}")}


def test_people(store):
    expected = {
        "Sajid Javid",
        "Vladimir Putin",
        "Dmitry Peskov",
        "Volodymyr Zelensky",
        "Boris Johnson",
        "Dominic Raab",
        "Mark Rutte",
        "Alexander Lukashenko",
        "Viktor Zolotov",
        "Michael Clarke",
    }
    assert expected <= labels_of(store, "schema:Person")


def test_organisations(store):
    assert {"NATO", "Kremlin", "ICC"} <= labels_of(store, "schema:Organization")


def test_an_organisation_named_by_its_acronym_keeps_its_full_name(store):
    rows = store.select("""SELECT ?alt WHERE { ?e a schema:Organization ; rdfs:label "ICC" ;
        skos:altLabel ?alt }""")
    assert "International Criminal Court" in {r["alt"] for r in rows}


def test_places(store):
    assert {"Brussels", "Ukraine", "Russia", "London", "The Hague", "Poland", "Minsk"} <= labels_of(
        store, "schema:Place"
    )


def test_boilerplate_did_not_become_entities(store):
    every_label = {r["l"] for r in store.select("SELECT ?l WHERE { ?e rdfs:label ?l }")}
    assert not {"Download", "Our Picks", "REUTERS", "Daily Mirror\nDaily Mirror"} & every_label


def test_putin_is_one_node_mentioned_by_both_articles(store):
    rows = store.select("""SELECT ?p (COUNT(DISTINCT ?g) AS ?articles) WHERE {
        ?p a schema:Person ; rdfs:label "Vladimir Putin" .
        GRAPH ?g { ?g schema:mentions ?p } } GROUP BY ?p""")
    assert len(rows) == 1
    assert rows[0]["articles"] == "2"


def test_strike_on_yavoriv_on_sunday(store):
    rows = store.select("""SELECT ?e WHERE { ?e a nkg:Attack ; schema:startDate "2022-03-13"^^xsd:date ;
        rdfs:label ?l . FILTER(CONTAINS(?l, "strike")) }""")
    assert rows


def test_defence_ministers_meet_in_brussels_on_wednesday(store):
    rows = store.select("""SELECT ?e WHERE { ?e a nkg:Meeting ; schema:location ?p ;
        schema:startDate "2022-03-16"^^xsd:date ; nkg:factuality nkg:future . ?p rdfs:label "Brussels" }""")
    assert rows


def test_talks_hosted_in_london_today(store):
    rows = store.select("""SELECT ?e WHERE { ?e a nkg:Meeting ; schema:location ?p ;
        schema:startDate "2022-03-15"^^xsd:date . ?p rdfs:label "London" }""")
    assert rows


def test_every_event_traces_to_its_article_and_characters(store):
    rows = store.select("""SELECT ?e ?m ?text ?b ?end ?anchor WHERE { GRAPH ?g {
        ?e a nkg:ReportedEvent ; gaf:denotedBy ?m ; prov:wasDerivedFrom ?g ; nkg:evidence ?s .
        ?m nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?end ; nif:referenceContext ?g .
        ?g nif:isString ?text } }""")
    events = store.select("SELECT DISTINCT ?e WHERE { ?e a nkg:ReportedEvent }")
    assert {r["e"] for r in rows} == {r["e"] for r in events}
    for row in rows:
        assert row["m"].endswith(f"#char={row['b']},{row['end']}")
        assert row["text"][int(row["b"]) : int(row["end"])] == row["anchor"]
        assert row["anchor"].isalpha()  # a trigger word, not a slice across words


def test_every_entity_mention_is_its_name_or_an_alias(store):
    rows = store.select("""SELECT ?label ?m ?anchor ?b ?end ?text
        (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="|") AS ?aliases) WHERE {
        ?e a ?type ; rdfs:label ?label . VALUES ?type { schema:Person schema:Organization }
        GRAPH ?g { ?e gaf:denotedBy ?m . ?m nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?end .
          ?g nif:isString ?text OPTIONAL { ?e skos:altLabel ?alias } } }
        GROUP BY ?label ?m ?anchor ?b ?end ?text""")
    assert len(rows) > 40
    for row in rows:
        assert row["text"][int(row["b"]) : int(row["end"])] == row["anchor"]
        assert row["m"].endswith(f"#char={row['b']},{row['end']}")
        names = {row["label"], *row.get("aliases", "").split("|")}
        assert " ".join(row["anchor"].split()) in names, row


def test_article_metadata_from_the_sidecar(store):
    rows = store.select("""SELECT ?d ?pub ?author WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d ;
        schema:publisher/rdfs:label ?pub ; schema:author/rdfs:label ?author }""")
    assert rows == [{"d": "2022-03-15", "pub": "Daily Mirror", "author": "Ben Glaze"}]


def test_store_conforms_to_the_shapes(store):
    assert validate(store) == []


def test_files_parse_back(built, store):
    out = built[0]
    dataset = Dataset().parse(out / "kg.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs()} - {str(dataset.default_graph.identifier)}
    articles = {
        str(article_iri(i)) for i in ("mirror-2022-03-15-nato-toecap", "rutte-strike-targets-in-russia")
    }
    assert articles <= names
    assert names - articles <= {str(ENTITIES_GRAPH), str(RESOLUTION_GRAPH)}
    assert sum(len(graph) for graph in dataset.graphs()) > 500
    assert not (out / "kg.ttl").exists()  # the merged graph is written on request: kg export --format ttl
    network = nx.read_graphml(out / "graph.graphml")
    people = store.select("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person ; gaf:denotedBy ?m }")
    assert sum(1 for _, d in network.nodes(data=True) if d["type"] == "Person") >= int(people[0]["n"])
    assert network.number_of_edges() > 0
    assert "vis-network" in (out / "graph.html").read_text(encoding="utf-8")


def test_summary_table_and_rebuild_of_unchanged_articles(built):
    out, first = built
    assert "Person" in first.output and "triples" in first.output
    again = CliRunner().invoke(main, ["build", str(DATA), "--out", str(out)])
    assert again.exit_code == 0
    assert "articles unchanged" in again.output
    assert re.search(r"articles unchanged\s*│\s*2\s*│", again.output)
    assert re.search(r"articles built\s*│\s*0\s*│", again.output)


def test_unreadable_file_is_skipped_and_the_rest_built(tmp_path):
    (tmp_path / "good.txt").write_text("Vladimir Putin met Xi Jinping in Moscow on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 10)
    (tmp_path / "broken.json").write_text('{"text": "unfinished', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt", "broken.json"):
        assert name in result.output
    assert GraphStore(tmp_path / "out" / "store", read_only=True).select(
        'SELECT ?p WHERE { ?p rdfs:label "Vladimir Putin" }'
    )


def test_nothing_built_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_text("  ", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_only_boilerplate_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "a.txt").write_text("Vladimir Putin met Xi Jinping in Moscow.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Sign up to read this article\nDownload the app\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "b.txt: no article text left after removing boilerplate" in result.output


def test_background_writer_keeps_order_and_raises_a_failed_write():
    class Store:
        def __init__(self):
            self.written = []

        def replace_graph(self, name, ntriples, shared):
            if name == "bad":
                raise KGError("bad: not valid N-Triples")
            self.written.append(name)

    store = Store()
    with pytest.raises(KGError, match="bad: not valid"), _BackgroundWriter(store, depth=2) as writer:
        for name in ["a", "b", "bad", "c", "d"]:
            writer.replace_graph(name, "", "")
    assert store.written[:2] == ["a", "b"] and "bad" not in store.written
    assert store.written == sorted(store.written)  # in the order queued
