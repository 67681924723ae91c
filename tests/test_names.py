"""Names: cleaning surface text, keys and IRI-safe slugs."""

import pyoxigraph
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.names import clean_name, name_key, preferred_form, slug
from kg.rdf import ID


def test_possessive_and_whitespace_are_removed():
    assert clean_name("Vladimir Putin’s", "PERSON") == "Vladimir Putin"
    assert clean_name("Daily\n  Mirror", "ORG") == "Daily Mirror"
    assert clean_name("Brussels'", "GPE") == "Brussels"


def test_leading_article_is_dropped_unless_part_of_the_name():
    assert clean_name("the Russian Federation", "GPE") == "Russian Federation"
    assert clean_name("The Hague", "GPE") == "The Hague"


def test_honorifics_are_dropped_from_people_only():
    assert clean_name("Mr Javid", "PERSON") == "Javid"
    assert clean_name("Dr. Jane Smith", "PERSON") == "Jane Smith"
    assert clean_name("Sir Keir Starmer", "PERSON") == "Keir Starmer"


def test_junk_is_rejected():
    assert clean_name("100+", "ORG") is None
    assert clean_name("", "PERSON") is None
    assert clean_name("x" * 200, "ORG") is None
    assert clean_name("one two three four five six seven eight nine", "ORG") is None


def test_all_lowercase_name_is_capitalised():
    assert clean_name("kremlin", "ORG") == "Kremlin"


def test_key_ignores_case_and_dots():
    assert name_key("Nato") == name_key("NATO")
    assert name_key("U.S.") == name_key("US")


def test_preferred_form_favours_acronym_then_frequency():
    assert preferred_form(["Nato", "NATO", "Nato"]) == "NATO"
    assert preferred_form(["Kremlin", "kremlin", "Kremlin"]) == "Kremlin"


@given(st.text(min_size=1, max_size=80))
def test_slug_makes_a_valid_iri_for_any_text(text):
    pyoxigraph.NamedNode(f"{ID}person/{slug(text)}")  # raises ValueError on an invalid IRI
