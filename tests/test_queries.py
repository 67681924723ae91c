"""The analysts' queries in queries/ on the seed graph, and a cross-check of `kg query` by roqet (Rasqal).

roqet runs the same SPARQL on the exported files: the merged Turtle as its default graph (our store's
default graph is the union of all graphs) and each named graph from its own N-Triples file. Rasqal names a
graph by its file's URI, which is mapped back to the graph IRI before the result sets are compared.
"""

from __future__ import annotations

import csv
import io
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from readme_support import readme_examples

from kg.cli import main
from kg.rdf import PREFIXES

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "queries"
#: Columns that hold a GROUP_CONCAT: engines may list the values in any order, and Rasqal 0.9.33 ignores
#: SEPARATOR (it always joins with a space), so these cells are compared as sorted words.
CONCATENATED = {"who"}


#: The fast way to keep an event's own class (Oxigraph joins the ontology's subClassOf last only this way);
#: Rasqal 0.9.33 pairs events with other events' classes on it, so roqet runs the ontology join instead:
#: the cross-check then also shows the two forms give the same rows.
EVENT_CLASS_FILTER = re.compile(
    r"FILTER\(STRSTARTS\(STR\(\?class\), [^)]*\) && \?class != nkg:ReportedEvent\)"
)
ONTOLOGY_JOIN = "?e a nkg:ReportedEvent . ?class rdfs:subClassOf nkg:ReportedEvent ."
#: Queries that keep the top rows by a column: rows tied with the last one kept may differ between engines
#: (SPARQL leaves the order of ties open), so those ties are left out of the comparison.
TIES_AT_LIMIT = {"most-mentioned.rq": "mentions"}
#: Queries Rasqal 0.9.33 cannot run as written, and why.
RASQAL_CANNOT = {
    "readme-2": "Rasqal 0.9.33 pairs events with other events' places here, even in the ontology form",
    "organisations-of-person.rq": "Rasqal 0.9.33 pairs events with organisations not in them, even so",
}


def kg_query(store: Path, query: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", query, "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def readme_queries() -> list[str]:
    """The example queries of the README's 'Query it' section, as typed there."""
    commands = [e.command for e in readme_examples() if e.section == "Query it"]
    return [shlex.split(c)[2] for c in commands if c.startswith("kg query ")]


@pytest.fixture(scope="module")
def expected(built):
    """Rows of each query in queries/, by file name."""
    return {path.name: kg_query(built[0] / "store", str(path)) for path in sorted(QUERIES.glob("*.rq"))}


def test_there_are_ten_documented_queries():
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) == 10
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 20, f"{path.name} starts with what it answers"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"queries/{path.name}" in readme for path in files)


def test_who_met_whom(expected):
    rows = expected["who-met-whom.rq"]
    nato = next(r for r in rows if r["meeting"] == "NATO defence ministers meet for crisis talks")
    assert (nato["date"], nato["place"]) == ("2022-03-16", "Brussels") and "NATO" in nato["who"].split(", ")


def test_quoted_about_a_topic(expected):
    rows = expected["quoted-about.rq"]
    assert any(r["speaker"] == "Mark Rutte" and "does not end at the border" in r["quote"] for r in rows)
    assert all("border" in r["quote"].lower() or r["speaker"] for r in rows)


def test_organisations_linked_to_a_person_through_events(expected):
    rows = expected["organisations-of-person.rq"]
    congress = [r for r in rows if r["organisation"] == "US Congress"]
    assert congress and all(int(r["events"]) >= 1 for r in rows)
    assert {r["type"] for r in congress} & {"Demand", "Statement"}


def test_places_with_most_events_in_a_date_range(expected):
    rows = expected["places-by-events.rq"]
    assert {"place": "Brussels", "events": "1", "first": "2022-03-16", "last": "2022-03-16"} in rows
    assert all("2022-03-13" <= r["first"] <= r["last"] <= "2022-03-16" for r in rows)
    counts = [int(r["events"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_co_mention_network_of_a_person(expected):
    rows = expected["co-mentions.rq"]
    assert {"person": "Vladimir Putin", "other": "Ukraine", "type": "Place", "articles": "2"} in rows
    assert "Vladimir Putin" not in {r["other"] for r in rows}


def test_most_mentioned(expected):
    rows = expected["most-mentioned.rq"]
    russia = next(r for r in rows if r["name"] == "Russia")
    assert russia["type"] == "Place" and int(russia["mentions"]) >= 10
    counts = [int(r["mentions"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_who_threatened_whom(expected):
    rows = expected["who-threatened-whom.rq"]
    assert {
        "agent": "Sajid Javid",
        "type": "Threat",
        "target": "Russia",
        "event": "Cabinet minister Sajid Javid warned Russia",
        "factuality": "asserted",
        "date": "2022-03-14",
    } in rows


def test_people_and_their_roles(expected):
    rows = expected["people-roles.rq"]
    peskov = next(r for r in rows if r["person"] == "Dmitry Peskov")
    assert (peskov["role"], peskov["organisation"]) == ("spokesman", "Kremlin")
    assert "Peskov" in peskov["evidence"]


def test_events_on_a_map(expected):
    rows = expected["events-on-map.rq"]
    brussels = next(r for r in rows if r["event"] == "NATO defence ministers meet for crisis talks")
    assert (brussels["type"], brussels["place"], brussels["date"]) == ("Meeting", "Brussels", "2022-03-16")
    assert (float(brussels["lat"]), float(brussels["long"])) == pytest.approx((50.85, 4.349), abs=0.01)


def test_mention_provenance_points_at_the_articles_characters(expected):
    rows = expected["mention-provenance.rq"]
    text = (REPO / "data" / "rutte_strike_targets_in_russia.txt").read_text(encoding="utf-8")
    assert rows and all(r["name"] == "Mark Rutte" for r in rows)
    for row in rows:
        if row["headline"].startswith("Rutte:"):
            assert text[int(row["begin"]) : int(row["end"])] == row["text"]
    assert any(r["text"] == "Mark Rutte" for r in rows)


@pytest.fixture(scope="module")
def roqet_data(built, store, tmp_path_factory):
    """The merged Turtle and one N-Triples file per named graph; file URI -> graph IRI."""
    folder = tmp_path_factory.mktemp("roqet")
    result = CliRunner().invoke(
        main,
        ["export", "--format", "ttl", "--store", str(built[0] / "store"), "--out", str(folder / "kg.ttl")],
    )
    assert result.exit_code == 0, result.output
    graphs = {}
    for number, name in enumerate(store.graph_names()):
        path = folder / f"graph{number}.nt"
        path.write_bytes(store.graph_ntriples(name))
        graphs[path.as_uri()] = name
    return folder / "kg.ttl", graphs


def roqet(query: str, merged: Path, graphs: dict[str, str]) -> list[dict[str, str]]:
    """The query run by roqet, with PREFIX lines for kg's predefined prefixes and graph names mapped back."""
    binary = shutil.which("roqet")
    assert binary, "roqet is missing: apt-get install rasqal-utils (bash scripts/test.sh installs it)"
    prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    named = [argument for uri in graphs for argument in ("-G", uri.removeprefix("file://"))]
    result = subprocess.run(
        [binary, "-q", "-i", "sparql", "-r", "csv", "-D", str(merged), *named, "-e", prefixes + query],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 2) and not result.stderr, (
        result.stderr
    )  # 2: warnings only, silenced by -q
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return [{k: graphs.get(v, v) for k, v in row.items()} for row in rows]


def normalised(rows: list[dict[str, str]]) -> list[tuple]:
    """Rows as a sorted list of tuples, GROUP_CONCAT cells as sorted words: result sets as multisets."""
    return sorted(
        tuple((k, sorted(v.replace(",", " ").split()) if k in CONCATENATED else v) for k, v in row.items())
        for row in rows
    )


@pytest.mark.parametrize(
    "query",
    [*readme_queries(), *(p.name for p in sorted(QUERIES.glob("*.rq")))],
    ids=[
        *(f"readme-{n}" for n in range(1, len(readme_queries()) + 1)),
        *(p.stem for p in sorted(QUERIES.glob("*.rq"))),
    ],
)
def test_kg_query_matches_roqet(built, roqet_data, query):
    text = (QUERIES / query).read_text(encoding="utf-8") if query.endswith(".rq") else query
    name = query if query.endswith(".rq") else f"readme-{readme_queries().index(query) + 1}"
    if name in RASQAL_CANNOT:
        pytest.skip(RASQAL_CANNOT[name])
    ours = kg_query(built[0] / "store", text)
    theirs = roqet(EVENT_CLASS_FILTER.sub(ONTOLOGY_JOIN, text), *roqet_data)
    assert ours, "a cross-check on an empty result proves little"
    assert len(ours) == len(theirs)
    if name in TIES_AT_LIMIT:
        column = TIES_AT_LIMIT[name]
        last = min(int(row[column]) for row in ours)
        ours, theirs = ([row for row in rows if int(row[column]) > last] for rows in (ours, theirs))
        assert ours, "every row tied: nothing left to compare"
    assert normalised(ours) == normalised(theirs)


def test_the_readme_has_its_three_example_queries():
    assert len(readme_queries()) == 3
