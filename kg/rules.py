"""spaCy components that correct and complete the statistical model's entities with rules."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import gazetteer
from kg.doctext import doc_text

#: A dateline: a place, then a date or an agency credit, at the start of a line ("LONDON 1996-08-30").
DATELINE = re.compile(
    r"^(?P<place>[^\W\d][^\d\n(]{1,40}?)\s+(?:\d{4}-\d{2}-\d{2}|\((?:Reuters|AP|AFP)\))", re.M
)
#: An initial before a surname ("R. Croft", "J. Adams"): a person.
INITIAL = re.compile(r"^[A-Z]\.$")


@Language.component("kg_paragraph_breaks")
def break_at_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and captions end without a full stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@Language.factory("kg_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder(nlp)


class PlaceFinder:
    """Countries and large cities the model missed, found by a PhraseMatcher over GeoNames' names."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.matcher.add("GPE", list(nlp.tokenizer.pipe(gazetteer.well_known_names())))

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found = [
            Span(doc, start, end, label="GPE")
            for _, start, end in self.matcher(doc)
            if not taken.intersection(range(start, end))
        ]
        if found:
            doc.ents = [*doc.ents, *filter_spans(found)]
        return doc


@Language.component("kg_place_labels")
def relabel_places(doc: Doc) -> Doc:
    """Relabel as GPE an entity whose whole text is a country or large city (e.g. 'Kyiv' as PERSON), and
    split one that runs on into a place ('ICC in The Hague': the ICC, and The Hague)."""
    entities = []
    for e in doc.ents:
        if e.label_ in {"PERSON", "ORG", "NORP"} and gazetteer.is_well_known(e.text):
            entities.append(Span(doc, e.start, e.end, label="GPE"))
            continue
        joint = next((t.i for t in e[1:-1] if t.lower_ in {"in", "at"}), None)
        if (
            e.label_ in {"PERSON", "ORG"}
            and joint is not None
            and gazetteer.is_well_known(doc[joint + 1 : e.end].text)
        ):
            entities += [Span(doc, e.start, joint, label=e.label_), Span(doc, joint + 1, e.end, label="GPE")]
        else:
            entities.append(e)
    doc.ents = entities
    return doc


@Language.component("kg_datelines")
def tag_datelines(doc: Doc) -> Doc:
    """The place a dateline names is a place, whatever the model thought of it."""
    found = []
    for match in DATELINE.finditer(doc_text(doc)):
        start = match.start("place")
        for part in match.group("place").split(","):  # "GRONINGEN, Netherlands": two places
            begin = start + len(part) - len(part.lstrip())
            span = doc.char_span(begin, start + len(part.rstrip()), label="GPE", alignment_mode="contract")
            if span is not None and len(span) > 0:
                found.append(span)
            start += len(part) + 1
    _force(doc, found)
    return doc


#: Words that make a preceding single word part of a title: 'Justice Secretary', 'Cabinet minister'.
TITLE_HEADS = frozenset({"secretary", "minister", "spokesman", "spokeswoman", "spokesperson", "chancellor"})
#: Portfolios named by a common word; 'Treasury Secretary' keeps the Treasury, an organisation.
PORTFOLIOS = frozenset(
    "justice health cabinet foreign home defence defense education transport interior culture environment "
    "trade business energy housing health work communities".split()
)


#: Last words of broadcasters and series whose name ends in a number: 'Channel 1', 'Radio 4'.
NUMBERED_NAME_HEADS = frozenset({"channel", "radio", "tv", "television", "formula"})


@Language.component("kg_numbered_names")
def extend_numbered_names(doc: Doc) -> Doc:
    """'Russian Channel 1': an organisation whose name ends in a number keeps the number."""
    extended = [
        Span(doc, e.start, e.end + 1, label=e.label_)
        for e in doc.ents
        if e.label_ == "ORG"
        and e[-1].lower_ in NUMBERED_NAME_HEADS
        and e.end < len(doc)
        and doc[e.end].is_digit
        and len(doc[e.end]) <= 2
    ]
    _force(doc, extended)
    return doc


#: A plural of an abbreviation: a kind of thing ('UAVs', 'MPs', 'NGOs'), not the name of one.
PLURAL_ABBREVIATION = re.compile(r"[A-Z]{2,}s")


@Language.component("kg_not_organisations")
def drop_words_that_are_not_organisations(doc: Doc) -> Doc:
    """'Justice' in 'Justice Secretary Dominic Raab' names a portfolio, and 'UAVs' a kind of aircraft:
    neither is an organisation."""
    doc.ents = [
        e
        for e in doc.ents
        if not (
            e.label_ == "ORG"
            and (
                (e.text.lower() in PORTFOLIOS and e.end < len(doc) and doc[e.end].lower_ in TITLE_HEADS)
                or PLURAL_ABBREVIATION.fullmatch(e.text)
            )
        )
    ]
    return doc


@Language.component("kg_person_patterns")
def tag_people(doc: Doc) -> Doc:
    """People by their form: initial and surname ('R. Croft'), or name and country ('Guy Forget (France)')."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" and _followed_by_country(ent) and not gazetteer.lookup(ent.text):
            found.append(Span(doc, ent.start, ent.end, label="PERSON"))
    for token in doc[:-1]:
        if INITIAL.match(token.text) and doc[token.i + 1].is_title and not doc[token.i + 1].is_stop:
            end = token.i + 2
            while end < len(doc) and doc[end].is_title and doc[end].ent_type_ in {"", "PERSON", "ORG"}:
                end += 1
            found.append(Span(doc, token.i, end, label="PERSON"))
    _force(doc, filter_spans(found))
    return doc


def _followed_by_country(ent: Span) -> bool:
    """'Name ( Country )': the way results tables and agency copy give a person's nationality."""
    doc = ent.doc
    if ent.end + 2 >= len(doc) or doc[ent.end].text != "(":
        return False
    closing = next((t.i for t in doc[ent.end + 1 : ent.end + 5] if t.text == ")"), None)
    if closing is None:
        return False
    place = gazetteer.lookup(doc[ent.end + 1 : closing].text)
    return place is not None and place.is_country


def _force(doc: Doc, spans: list[Span]) -> None:
    """Make ``spans`` entities, dropping the model's entities that overlap them."""
    if spans:
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans(spans + kept)


MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
ELECTION_KINDS = [
    "general",
    "federal",
    "presidential",
    "parliamentary",
    "legislative",
    "local",
    "municipal",
    "state",
    "provincial",
    "regional",
    "mayoral",
    "gubernatorial",
    "senate",
    "leadership",
    "special",
    "national",
    "snap",
    "midterm",
    "european",
    "congressional",
]
ELECTION_WORDS = ["election", "elections", "by-election", "referendum", "primary", "primaries"]
#: Heads of named events, capitalised ("Chinese Civil War") or not ("the Ukraine invasion", "NATO summit").
EVENT_HEADS = [
    "war",
    "revolution",
    "revolt",
    "rebellion",
    "uprising",
    "crisis",
    "summit",
    "conference",
    "festival",
    "campaign",
    "olympics",
    "games",
    "championship",
    "championships",
    "massacre",
    "coup",
    "invasion",
    "convention",
    "riots",
    "protests",
    "talks",
    "offensive",
    "blockade",
    "siege",
]
PARTY_HEADS = ["Party", "Alliance", "League", "Front", "Greens", "Democrats", "Republicans", "Coalition"]

_NAME_PART = {"TEXT": {"REGEX": r"^(?:[A-Z][\w'’.-]*|of|and|for|de|del|la)$"}}
_TITLED = {"TEXT": {"REGEX": r"^[A-Z][\w'’.-]*$"}, "IS_STOP": False}


def _event_and_party_patterns() -> list[tuple[str, list[list[dict]]]]:
    year = {"TEXT": {"REGEX": r"^(?:1[5-9]|20)\d\d$"}}
    month = {"LOWER": {"IN": MONTHS}, "OP": "?"}
    kinds = {"LOWER": {"IN": ELECTION_KINDS}, "OP": "*"}
    election = {"LOWER": {"IN": ELECTION_WORDS}}
    head = {"LOWER": {"IN": EVENT_HEADS}}
    numeral = {"TEXT": {"IN": ["I", "II", "III"]}, "OP": "?"}
    names = {**_NAME_PART, "OP": "*"}
    titled = {**_TITLED, "OP": "*"}
    party = {"TEXT": {"IN": PARTY_HEADS}}
    events = [
        [month, year, names, kinds, election],
        [_TITLED, names, kinds, election],
        [year, titled, _TITLED, head, numeral],
        [_TITLED, titled, head, numeral],
    ]
    parties = [
        [_TITLED, names, party],
        [_TITLED, names, party, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"}, {**_TITLED, "OP": "+"}],
    ]
    return [("EVENT", events), ("ORG", parties)]


@Language.factory("kg_named_events")
def make_named_events(nlp: Language, name: str) -> NamedEventTagger:
    return NamedEventTagger(nlp)


class NamedEventTagger:
    """Named events ('2004 Canadian federal election', 'World War II', 'NATO summit') and parties
    ('Social Democratic and Labour Party'), which the model splits or misses."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in _event_and_party_patterns():
            self.matcher.add(label, patterns, greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=doc.vocab.strings[key]) for key, start, end in self.matcher(doc)]
        spans = [_without_leading_the(s) for s in spans if _is_name_like(s)]
        _force(doc, filter_spans([s for s in spans if len(s)]))
        return doc


def _is_name_like(span: Span) -> bool:
    """A match names something when it does not start inside a sentence's first lowercase words."""
    return not span[0].is_sent_start or span[0].is_title or span[0].like_num or span[0].is_upper


def _without_leading_the(span: Span) -> Span:
    start = span.start + 1 if span[0].lower_ == "the" else span.start
    return Span(span.doc, start, span.end, label=span.label)
