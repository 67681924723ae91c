"""The attribute table gives every token exactly what spaCy's AttributeRuler gives it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg.attribute_table import AttributeTable
from kg.nlp import available_model, make_pipeline

REPO = Path(__file__).resolve().parent.parent
BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc_news" / "bbc_news.jsonl"
#: Text that meets the model's patterns over two tokens ("gon na", "ai n't", "let 's", "there is").
TWO_TOKEN_RULES = (
    "Y'all gon na see it. Let's go now, he said. There is a man who ain't done, and there are two more. "
    "I'm gonna do it 'cause nothin' else works. It wasn't him: they didn't do it."
)


def token_state(doc: Doc) -> list[tuple]:
    """What an attribute rule can set on each token: part of speech, tag, dependency, lemma, morphology."""
    return [(t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in doc]


@pytest.fixture(scope="module")
def stock_and_table():
    """The project's pipeline with the model's own attribute ruler, and as kg runs it (with the table)."""
    model = available_model()
    return make_pipeline(model, attribute_table=False), make_pipeline(model)


def test_the_model_gives_the_same_tokens_on_the_seed_articles(stock_and_table):
    stock, table = stock_and_table
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "data").glob("*.txt"))]
    texts.append(TWO_TOKEN_RULES)
    for ours, theirs in zip(table.pipe(texts), stock.pipe(texts), strict=True):
        assert token_state(ours) == token_state(theirs)
    lemmas = {t.text: t.lemma_ for t in table(TWO_TOKEN_RULES)}
    assert (lemmas["gon"], lemmas["na"], lemmas["ai"]) == ("go", "to", "be")  # set by two-token rules


@pytest.mark.skipif(not BBC.is_file(), reason=f"{BBC} is absent: the BBC comparison was NOT run")
def test_the_model_gives_the_same_tokens_on_bbc_articles(stock_and_table):
    stock, table = stock_and_table
    lines = BBC.read_text(encoding="utf-8").splitlines()[:60]
    texts = [json.loads(line)["text"] for line in lines]
    compared = 0
    for ours, theirs in zip(table.pipe(texts), stock.pipe(texts), strict=True):
        assert token_state(ours) == token_state(theirs)
        compared += len(ours)
    assert compared > 20_000


TAGS, DEPS = ["NN", "VB", "DT", "IN", "_SP"], ["nsubj", "dobj", "ROOT", ""]
FORMS = ["a", "the", "is", "gon", "na"]


def attribute_spec(values: list[str]) -> st.SearchStrategy:
    """A test of one attribute as the Matcher writes it: a value, IN, NOT_IN or REGEX."""
    return st.one_of(
        st.sampled_from(values),
        st.builds(lambda v: {"IN": v}, st.lists(st.sampled_from(values), min_size=1, max_size=3)),
        st.builds(lambda v: {"NOT_IN": v}, st.lists(st.sampled_from(values), min_size=1, max_size=3)),
        st.sampled_from([{"REGEX": "^g"}, {"REGEX": "a$"}, {"REGEX": "^t.e$"}]),
    )


token_pattern = st.fixed_dictionaries(
    {},
    optional={
        "TAG": attribute_spec(TAGS),
        "LOWER": attribute_spec(FORMS),
        "DEP": attribute_spec(DEPS),
        "IS_SPACE": st.booleans(),
        "LENGTH": st.integers(1, 3),  # a test the table does not read: the Matcher runs it
    },
)
rule = st.fixed_dictionaries(
    {
        "patterns": st.lists(st.lists(token_pattern, min_size=1, max_size=2), min_size=1, max_size=2),
        "attrs": st.fixed_dictionaries(
            {},
            optional={
                "POS": st.sampled_from(["NOUN", "VERB", "AUX", "PRON"]),
                "LEMMA": st.sampled_from(["be", "go", "one"]),
                "MORPH": st.sampled_from(["Number=Sing", "Definite=Def|PronType=Art", "_"]),
                "DEP": st.sampled_from(["dep", "expl"]),
            },
        ),
    },
).map(lambda r: {**r, "index": 0 if len(r["patterns"][0]) == 1 else -1})
words = st.lists(st.tuples(st.sampled_from([*FORMS, "A", "The", " "]), st.sampled_from(TAGS)), min_size=1)


@settings(max_examples=100, deadline=None)
@given(rules=st.lists(rule, min_size=1, max_size=8), tokens=words, deps=st.data())
def test_any_rules_give_the_same_tokens(rules, tokens, deps):
    rules = [r for r in rules if all(len(p) == len(r["patterns"][0]) for p in r["patterns"])]
    assume(rules)
    vocab = spacy.blank("en").vocab  # English lexical attributes: LOWER is the lowercase form
    labels = deps.draw(st.lists(st.sampled_from(DEPS[:3]), min_size=len(tokens), max_size=len(tokens)))
    doc = Doc(
        vocab,
        words=[w for w, _ in tokens],
        tags=[t for _, t in tokens],
        deps=labels,
        heads=list(range(len(tokens))),
    )
    ruler = AttributeRuler(vocab)
    ruler.add_patterns(rules)
    ours, theirs = doc.copy(), doc.copy()
    AttributeTable(ruler)(ours)
    ruler(theirs)
    assert token_state(ours) == token_state(theirs)
