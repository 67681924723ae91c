"""Corpus-wide resolution: a bare surname joins the one full name, given evidence; never a wrong merge."""

import pytest

from kg.build import build
from kg.export.network import to_networkx
from kg.rdf import RESOLUTION_GRAPH
from kg.resolve import STATE_FILE, ResolutionState, forget_state, label_choice, resolve, spelling_uses
from kg.store import GraphStore

SCHEMA_PERSON = "https://schema.org/Person"


def write(folder, name, text):
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a", "Boris Johnson told NATO that Britain would send more troops to Estonia.")
    write(data, "b", "Johnson said NATO must stay united, and he praised the alliance.")
    return data


def same_as(out):
    return GraphStore(out / "store", read_only=True).select(
        "SELECT ?s ?f WHERE { GRAPH <https://w3id.org/newskg/id/graph/resolution> { ?s owl:sameAs ?f } }"
    )


def test_bare_surname_joins_the_full_name_when_articles_share_an_organisation(corpus, tmp_path):
    report = build([corpus], tmp_path / "out")
    assert report.joins == 1
    assert same_as(tmp_path / "out") == [
        {
            "s": "https://w3id.org/newskg/id/person/johnson",
            "f": "https://w3id.org/newskg/id/person/boris_johnson",
        }
    ]
    network = to_networkx(GraphStore(tmp_path / "out" / "store", read_only=True))
    people = [d for _, d in network.nodes(data=True) if d["type"] == "Person"]
    assert [p["label"] for p in people] == ["Boris Johnson"]
    assert "Johnson" in people[0]["aliases"].split("|")


def test_two_candidates_mean_no_join(corpus, tmp_path):
    write(corpus, "c", "Dwayne Johnson starred in a film shot in Hawaii for Universal Pictures.")
    assert build([corpus], tmp_path / "out").joins == 0


def test_unrelated_articles_are_not_joined(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a", "Boris Johnson told NATO that Britain would send more troops to Estonia.")
    write(data, "b", "Johnson scored twice for Leeds United on Saturday.")
    assert build([data], tmp_path / "out").joins == 0


def test_one_event_reported_by_two_articles_is_joined(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("a", "b"):
        (data / f"{name}.txt").write_text("Russia attacked Ukraine on Sunday.", encoding="utf-8")
        (data / f"{name}.meta.json").write_text(
            f'{{"id": "{name}", "published": "2022-03-15"}}', encoding="utf-8"
        )
    (data / "c.txt").write_text("Russia attacked Georgia on Sunday.", encoding="utf-8")
    (data / "c.meta.json").write_text('{"id": "c", "published": "2022-03-15"}', encoding="utf-8")
    build([data], tmp_path / "out")
    joins = same_as(tmp_path / "out")
    events = [j for j in joins if "/event/" in j["s"]]
    assert len(events) == 1
    assert {
        events[0]["s"].split("/event/")[1].split("/")[0],
        events[0]["f"].split("/event/")[1].split("/")[0],
    } == {"a", "b"}


def _article(name: str, sha: str, *entities: str) -> str:
    """An article graph: its hash, the entities it mentions, and one mention of each."""
    lines = [f'<{name}> <https://w3id.org/newskg/ontology#sha256> "{sha}" .']
    for n, entity in enumerate(entities):
        lines += [
            f"<{name}> <https://schema.org/mentions> <{entity}> .",
            f"<{entity}> <http://groundedannotationframework.org/gaf#denotedBy> <{name}#char={n},{n + 1}> .",
        ]
    return "\n".join(lines) + "\n"


def _person(entity: str, label: str) -> str:
    return (
        f"<{entity}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .\n"
        f'<{entity}> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n'
    )


def test_state_kept_beside_the_store_follows_changed_new_and_removed_articles(tmp_path):
    store = GraphStore(tmp_path / "store")
    a, b, c = (f"https://w3id.org/newskg/id/article/{n}" for n in "abc")
    others = {f"https://w3id.org/newskg/id/article/other{n}": {f"urn:x:{n}": 1} for n in range(30)}
    for name, entities in others.items():
        store.replace_graph(name, _article(name, "0", *entities))
    store.replace_graph(a, _article(a, "1", "urn:x:x"), _person("urn:x:x", "Boris Johnson"))
    store.replace_graph(b, _article(b, "2", "urn:x:y"), _person("urn:x:y", "Johnson"))
    resolve(store)  # no state yet: the store read in one scan
    first = ResolutionState.load(store)
    assert first.mentions == {a: {"urn:x:x": 1}, b: {"urn:x:y": 1}, **others}
    assert first.labels == {
        "urn:x:x": (SCHEMA_PERSON, "Boris Johnson"),
        "urn:x:y": (SCHEMA_PERSON, "Johnson"),
    }
    store.replace_graph(a, _article(a, "3", "urn:x:z"), _person("urn:x:z", "Jo Cox"))  # changed
    store.replace_graph(c, _article(c, "4", "urn:x:x", "urn:x:y"), _person("urn:x:y", "K Johnson"))  # new
    store.drop_graphs([b])  # removed
    resolve(store)  # the state read from its file, then only a and c from the store
    later = ResolutionState.load(store)
    assert later.mentions == {a: {"urn:x:z": 1}, c: {"urn:x:x": 1, "urn:x:y": 1}, **others}
    # c spells urn:x:y another way, which becomes its one label (no mention uses either: the greater string)
    assert later.labels["urn:x:y"] == (SCHEMA_PERSON, "K Johnson")
    fresh = ResolutionState()
    fresh.update(store)  # what a build without the file reads
    assert (fresh.versions, fresh.mentions, fresh.events, fresh.labels) == (
        later.versions,
        later.mentions,
        later.events,
        later.labels,
    )


def test_an_unreadable_state_file_is_read_again_from_the_store(tmp_path):
    store = GraphStore(tmp_path / "store")
    a = "https://w3id.org/newskg/id/article/a"
    store.replace_graph(a, _article(a, "1", "urn:x:x"), _person("urn:x:x", "Boris Johnson"))
    (tmp_path / STATE_FILE).write_text('{"format": 2, "versions": [', encoding="utf-8")
    assert ResolutionState.load(store) == ResolutionState()
    resolve(store)
    assert ResolutionState.load(store).mentions == {a: {"urn:x:x": 1}}
    forget_state(tmp_path / "store")
    assert not (tmp_path / STATE_FILE).exists()


def resolution_graph(out):
    """The resolution graph's triples, as Oxigraph writes them."""
    graph = GraphStore(out / "store", read_only=True).graph_ntriples(str(RESOLUTION_GRAPH))
    return set(graph.decode().splitlines())


def test_mention_counts_are_the_corpus_mentions_and_a_short_form_counts_for_its_full_name(corpus, tmp_path):
    build([corpus], tmp_path / "out")
    store = GraphStore(tmp_path / "out" / "store", read_only=True)
    counts = {
        row["e"]: int(row["n"]) for row in store.select("SELECT ?e ?n WHERE { ?e nkg:mentionCount ?n }")
    }
    mentions = {
        row["e"]: int(row["n"])
        for row in store.select(
            "SELECT ?e (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?e gaf:denotedBy ?m } ?e a ?c "
            "FILTER(?c IN (schema:Person, schema:Organization, schema:Place)) } GROUP BY ?e"
        )
    }
    boris, johnson = (f"https://w3id.org/newskg/id/person/{n}" for n in ("boris_johnson", "johnson"))
    assert counts[boris] == mentions[boris] + mentions[johnson] >= 2
    assert johnson not in counts
    assert {e: n for e, n in counts.items() if e != boris} == {
        e: n for e, n in mentions.items() if e not in (boris, johnson)
    }


def test_resolution_graph_kept_up_to_date_build_by_build_equals_one_written_whole(corpus, tmp_path):
    (corpus / "b.txt").rename(tmp_path / "b.txt")
    write(corpus, "c", "Angela Merkel met NATO's chief in Berlin.")
    build([corpus], tmp_path / "steps")  # no state yet: written whole
    build([corpus, tmp_path / "b.txt"], tmp_path / "steps")  # the join appears, counts change
    build([corpus, tmp_path / "b.txt"], tmp_path / "whole")
    assert resolution_graph(tmp_path / "steps") == resolution_graph(tmp_path / "whole")
    assert any("sameAs" in line for line in resolution_graph(tmp_path / "steps"))
    build([corpus], tmp_path / "steps", prune=True)  # b removed: the join goes
    build([corpus], tmp_path / "fresh")
    assert resolution_graph(tmp_path / "steps") == resolution_graph(tmp_path / "fresh")
    assert not any("sameAs" in line for line in resolution_graph(tmp_path / "steps"))


def entity_labels(out, entity):
    rows = GraphStore(out / "store", read_only=True).select(
        f"SELECT ?p ?l WHERE {{ GRAPH <https://w3id.org/newskg/id/graph/entities> {{ <{entity}> ?p ?l }} "
        "VALUES ?p { rdfs:label skos:altLabel } }"
    )
    return {(r["p"].rsplit("#", 1)[-1], r["l"]) for r in rows}


NATO = "https://w3id.org/newskg/id/organization/nato"


def built_nato_spelt_two_ways(tmp_path):
    """A corpus naming NATO once as 'NATO' and twice as 'Nato', built: its folder and out."""
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    write(data, "a", "NATO ministers met in Brussels on Monday.")
    write(data, "b", "Nato said the alliance would meet again. Nato leaders agreed.")
    build([data], out)
    return data, out


def test_a_name_spelt_two_ways_keeps_the_spelling_most_mentions_use_as_its_one_label(tmp_path):
    data, out = built_nato_spelt_two_ways(tmp_path)
    assert entity_labels(out, NATO) == {("label", "Nato"), ("altLabel", "NATO")}
    write(data, "c", "NATO troops arrived. NATO planes flew over. NATO ships sailed.")  # now most use NATO
    build([data], out)
    assert entity_labels(out, NATO) == {("label", "NATO"), ("altLabel", "Nato")}
    network = to_networkx(GraphStore(out / "store", read_only=True))
    assert network.nodes[NATO]["label"] == "NATO" and "Nato" in network.nodes[NATO]["aliases"].split("|")


def test_the_label_follows_the_mentions_when_articles_go(tmp_path):
    data, out = built_nato_spelt_two_ways(tmp_path)
    (data / "b.txt").unlink()
    build([data], out, prune=True)
    assert entity_labels(out, NATO) == {("label", "NATO"), ("altLabel", "Nato")}  # no article says Nato now


def test_the_kept_state_reads_again_the_labels_resolution_changed(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    write(data, "a", "NATO met. Nato agreed. Nato said more. Boris Johnson spoke.")
    for n in range(12):  # enough articles that adding one is read alone, not by a scan of all
        write(data, f"filler{n}", f"Keir Starmer visited Leeds on day {n}.")
    build([data], out)
    assert entity_labels(out, NATO) == {("label", "NATO")}  # one article: its acronym is the name
    (data / "b.txt").write_text("Rishi Sunak spoke in Rome.", encoding="utf-8")
    (data / "b.meta.json").write_text('{"source": "Nato"}', encoding="utf-8")  # publisher, not a mention
    build([data], out)
    assert entity_labels(out, NATO) == {("label", "Nato"), ("altLabel", "NATO")}  # most mentions say Nato
    kept, fresh = ResolutionState.load(GraphStore(out / "store", read_only=True)), ResolutionState()
    fresh.update(GraphStore(out / "store", read_only=True))
    assert kept.labels == fresh.labels


def test_mentions_count_for_the_spelling_they_are_or_the_longest_they_hold():
    anchors = {"Apple Inc.": 2, "Apple Inc": 1, "Apple Inc.'s": 1, "Apple": 5}
    assert spelling_uses({"Apple Inc.", "Apple Inc"}, anchors) == {"Apple Inc.": 3, "Apple Inc": 1}
    assert spelling_uses({"Nato", "NATO"}, {"Nato's": 2, "NATO": 1}) == {"Nato": 2, "NATO": 1}


def test_label_choice_prefers_frequency_then_an_acronym_and_never_varies():
    assert label_choice({"Fifa": 3, "FIFA": 1}) == "Fifa"
    assert label_choice({"Nato": 1, "NATO": 1}) == "NATO"
    assert label_choice({"chief executive": 0, "Chief Executive": 0}) == "chief executive"
    assert label_choice({"b": 0, "a": 0}) == label_choice({"a": 0, "b": 0}) == "b"
