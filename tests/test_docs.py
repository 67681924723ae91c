"""The README and the ontology say what the code does: the event table and the classes match the lexicon."""

import re
from pathlib import Path

from rdflib import Graph, Literal

from kg.extract.lexicon import EVENT_TYPES
from kg.rdf import NKG, ONTOLOGY_FILE

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_event_table_matches_the_lexicon():
    rows = re.findall(r"^\| (\w+) \| ([\d-]+) \| ([^|]+) \| ([^|]*) \| ([^|]*) \|$", README.read_text(), re.M)
    documented = {
        name: (cameo, set(verbs.strip().split(", ")), set(filter(None, nouns.strip().split(", "))))
        for name, cameo, _, verbs, nouns in rows
    }
    assert documented == {t.name: (t.cameo, set(t.verbs), set(t.nouns)) for t in EVENT_TYPES}


def test_every_event_type_is_an_ontology_class_with_its_cameo_code():
    ontology = Graph().parse(ONTOLOGY_FILE)
    for event_type in EVENT_TYPES:
        assert (NKG[event_type.name], NKG.cameoCode, Literal(event_type.cameo)) in ontology
        assert (NKG[event_type.name], None, None) in ontology
