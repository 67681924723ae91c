"""Corpus-wide resolution: a bare surname joins the one full name, given evidence; never a wrong merge."""

import pytest

from kg.build import build
from kg.export.network import to_networkx
from kg.resolve import _MentionsCache
from kg.store import GraphStore


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
    lines = [f'<{name}> <https://w3id.org/newskg/ontology#sha256> "{sha}" .']
    lines += [f"<{name}> <https://schema.org/mentions> <{entity}> ." for entity in entities]
    return "\n".join(lines) + "\n"


def test_mentions_kept_between_builds_follow_changed_new_and_removed_articles(tmp_path):
    store = GraphStore(tmp_path / "store")
    cache = _MentionsCache()
    a, b, c = (f"https://w3id.org/newskg/id/article/{n}" for n in "abc")
    others = {f"https://w3id.org/newskg/id/article/other{n}": {f"urn:x:{n}"} for n in range(30)}
    for name, entities in others.items():
        store.replace_graph(name, _article(name, "0", *entities))
    store.replace_graph(a, _article(a, "1", "urn:x:x"))
    store.replace_graph(b, _article(b, "2", "urn:x:y"))
    assert cache.mentions(store) == {a: {"urn:x:x"}, b: {"urn:x:y"}, **others}  # read in one scan
    store.replace_graph(a, _article(a, "3", "urn:x:z"))  # changed
    store.replace_graph(c, _article(c, "4", "urn:x:x", "urn:x:y"))  # new
    store.drop_graphs([b])  # removed
    assert cache.mentions(store) == {a: {"urn:x:z"}, c: {"urn:x:x", "urn:x:y"}, **others}  # one by one
    assert cache.mentions(store) == _MentionsCache().mentions(store)  # what a fresh process reads
