"""The model's attribute ruler (tag -> part of speech, morphology, lemma exceptions) run as a lookup table.

spaCy's AttributeRuler runs a Matcher of all its patterns over every token: 15% of en_core_web_sm's time.
A one-token pattern's verdict depends only on the token's tag, lowercase form, dependency and whether it
is a space, so each distinct combination is matched once and its attributes looked up after that. Patterns
over several tokens, or using a test this module does not read, still go through a Matcher. The result is
the ruler's own: the same patterns, applied in the same order (a later pattern wins).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span, Token
from spacy.tokens._retokenize import set_token_attrs

#: The token attributes a one-token pattern may test to be read from the table, and how to read them.
_READ: dict[str, Callable[[Token], str | bool]] = {
    "TAG": lambda token: token.tag_,
    "LOWER": lambda token: token.lower_,
    "DEP": lambda token: token.dep_,
    "IS_SPACE": lambda token: token.is_space,
}
Test = Callable[[str | bool], bool]
Attrs = dict[int, int]


def _test(spec: object) -> Test | None:
    """A pattern's test of one attribute as a function of its value (None if the Matcher must run it)."""
    if isinstance(spec, str | bool):
        return lambda value: value == spec
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((operator, operand),) = spec.items()
    if operator == "IN" and isinstance(operand, list):
        members = set(operand)
        return lambda value: value in members
    if operator == "NOT_IN" and isinstance(operand, list):
        members = set(operand)
        return lambda value: value not in members
    if operator == "REGEX" and isinstance(operand, str):
        regex = re.compile(operand)
        return lambda value: isinstance(value, str) and regex.search(value) is not None
    return None


def _one_token_tests(pattern: list[dict]) -> list[tuple[Callable[[Token], str | bool], Test]] | None:
    """A one-token pattern as (attribute reader, test) pairs, or None if the Matcher must run it."""
    if len(pattern) != 1:
        return None
    tests = []
    for attribute, spec in pattern[0].items():
        test = _test(spec)
        if attribute not in _READ or test is None:
            return None
        tests.append((_READ[attribute], test))
    return tests


class AttributeTable:
    """An AttributeRuler's patterns, one-token ones answered from a table keyed by what they test.

    The key holds a token's tag, dependency and is-space as they are, and its lowercase form only as far as
    the patterns tell forms apart: the form itself if a pattern names it, and each regular expression's
    verdict on it. Every token with the same key meets the same one-token patterns.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self._attrs: list[Attrs] = list(ruler.attrs)
        self._indices: list[int] = list(ruler.indices)
        self._one_token: list[tuple[int, list]] = []
        self._matcher = Matcher(ruler.vocab)
        named: set[str] = set()
        regexes: list[re.Pattern] = []
        for rule, described in enumerate(ruler.patterns):
            for pattern in described["patterns"]:
                tests = _one_token_tests(pattern)
                if tests is None:
                    self._matcher.add(str(rule), [pattern])
                    continue
                self._one_token.append((rule, tests))
                spec = pattern[0].get("LOWER")
                if isinstance(spec, str):
                    named.add(spec)
                elif isinstance(spec, dict) and "REGEX" in spec:
                    regexes.append(re.compile(spec["REGEX"]))
                elif isinstance(spec, dict):
                    named.update(next(iter(spec.values())))
        self._named_forms, self._regexes = named, regexes
        self._form_class: dict[int, tuple] = {}
        self._rules: dict[tuple, list[int]] = {}

    def __call__(self, doc: Doc) -> Doc:
        by_token = self._matched_by_matcher(doc)
        form_class, known, attrs = self._form_class, self._rules, self._attrs
        for token in doc:
            form = form_class.get(token.lower)
            if form is None:
                form = form_class[token.lower] = self._classify(token.lower_)
            key = (token.tag, form, token.dep, token.is_space)
            rules = known.get(key)
            if rules is None:
                rules = known[key] = self._one_token_rules(token)
            if token.i in by_token:
                rules = sorted(rules + by_token[token.i])
            for rule in rules:
                set_token_attrs(token, attrs[rule])
        return doc

    def _one_token_rules(self, token: Token) -> list[int]:
        """The rules whose one-token patterns this token meets, in order."""
        return [rule for rule, tests in self._one_token if all(test(read(token)) for read, test in tests)]

    def _classify(self, form: str) -> tuple:
        """What one-token patterns can tell of a lowercase form: itself if named, each regex's verdict."""
        return (form if form in self._named_forms else None, *(bool(r.search(form)) for r in self._regexes))

    def _matched_by_matcher(self, doc: Doc) -> dict[int, list[int]]:
        """The rules the Matcher's patterns set on each token, by token index."""
        by_token: dict[int, list[int]] = defaultdict(list)
        if len(self._matcher):
            for match_id, start, end in self._matcher(doc, allow_missing=True, as_spans=False):
                rule = int(doc.vocab.strings[match_id])
                by_token[Span(doc, start, end)[self._indices[rule]].i].append(rule)
        return by_token


@Language.factory("kg_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """The pipeline's attribute ruler as an AttributeTable (add it in the ruler's place)."""
    return AttributeTable(nlp.get_pipe("attribute_ruler"))
