"""Quotations, GDELT-style: the words in quotation marks and who said them."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from kg.doctext import doc_text
from kg.extract.entities import TokenEntity
from kg.models import EntityType, Quote, Span

Locate = Callable[[int, int], Span]

SPEECH_VERBS = frozenset(
    "say tell add warn admit insist state claim ask urge declare write shout explain note "
    "announce reply respond argue suggest deny confirm stress vow threaten".split()
)
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: Titles that, after 'the', stand for a person named earlier: 'The PM today hosts…'.
TITLE_NOUNS = frozenset(
    "pm premier president minister chancellor secretary spokesman spokeswoman leader chief king queen".split()
)
#: How many sentences back a pronoun may find its person.
PRONOUN_REACH = 3
MIN_QUOTE_CHARS = 12

_QUOTED = re.compile(r"“(?P<curly>[^”]+)”|\"(?P<straight>[^\"\n]+)\"")


def extract_quotes(doc: Doc, tokens: dict[int, TokenEntity], locate: Locate) -> list[Quote]:
    """Every quotation of a sentence or more, with its speaker when the parse names one."""
    quotes = []
    text = doc_text(doc)
    for match in _QUOTED.finditer(text):
        group = "curly" if match.group("curly") is not None else "straight"
        start, end = match.span(group)
        if end - start < MIN_QUOTE_CHARS:
            continue
        first = doc.char_span(start, end, alignment_mode="expand")
        if first is None:
            continue
        sentence = first[0].sent
        speaker = _speaker(sentence, tokens, start, end)
        if (
            speaker is None
            and sentence.start > 0
            and text[sentence.start_char : start].strip() in {"", "“", '"'}
        ):
            previous = doc[sentence.start - 1].sent
            if previous.text.rstrip().endswith(":"):
                sentence, speaker = previous, _speaker(previous, tokens, start, end)
        quotes.append(
            Quote(
                text=locate(start, end),
                words=text[start:end],
                sentence=locate(sentence.start_char, sentence.start_char + len(sentence.text.rstrip())),
                speaker_key=speaker.key if speaker else None,
                speaker=speaker.span if speaker else None,
                about=_about(first, sentence, tokens, speaker),
            )
        )
    return quotes


#: Prepositions after a speech verb that say what the words are about: 'warned of', 'said on'.
ABOUT_PREPS = frozenset({"about", "of", "on", "over", "regarding"})


def _about(quoted, sentence, tokens: dict[int, TokenEntity], speaker: TokenEntity | None) -> tuple[str, ...]:
    """Entities the quoted words name, and those a speech verb's 'about/of/on' phrase names."""
    found = [tokens[t.i].key for t in quoted if t.i in tokens]
    for verb in (t for t in sentence if t.lemma_ in SPEECH_VERBS):
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ABOUT_PREPS):
            found += [tokens[t.i].key for t in prep.subtree if t.i in tokens]
    skip = speaker.key if speaker else None
    return tuple(dict.fromkeys(key for key in found if key != skip))


def _speaker(
    sentence, tokens: dict[int, TokenEntity], quote_start: int, quote_end: int
) -> TokenEntity | None:
    """The subject of a speech verb outside the quotation: a named person or organisation, or 'he'/'she'."""
    for verb in sentence:
        if verb.lemma_ not in SPEECH_VERBS or quote_start <= verb.idx < quote_end:
            continue
        for subject in (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}):
            entity = speaker_of(subject, tokens)
            if entity is not None:
                return entity
    return None


def speaker_of(subject: Token, tokens: dict[int, TokenEntity]) -> TokenEntity | None:
    """The person or organisation a subject token stands for, following 'he'/'she' to its antecedent."""
    if subject.i in tokens and tokens[subject.i].type in {EntityType.PERSON, EntityType.ORGANIZATION}:
        return tokens[subject.i]
    named = [c for c in subject.children if c.dep_ in {"compound", "appos"} and c.i in tokens]
    if named and tokens[named[0].i].type is EntityType.PERSON:
        return tokens[named[0].i]
    if refers_back(subject):
        return antecedent(subject, tokens)
    return None


def refers_back(token: Token) -> bool:
    """'he', 'she', or a definite title ('the PM') that stands for a person named before."""
    if token.lower_ in PERSONAL_PRONOUNS:
        return True
    return token.lower_ in TITLE_NOUNS and any(c.lower_ == "the" for c in token.children)


def antecedent(pronoun: Token, tokens: dict[int, TokenEntity]) -> TokenEntity | None:
    """The person a 'he' or 'she' refers to: the nearest earlier sentence's first person subject,
    else the last person named, within a few sentences."""
    doc = pronoun.doc
    sentence = pronoun.sent
    people_before = [i for i in range(sentence.start, pronoun.i) if _is_person(i, tokens)]
    for _ in range(PRONOUN_REACH + 1):
        subjects = [
            i
            for i in range(sentence.start, min(sentence.end, pronoun.i))
            if _is_person(i, tokens) and _is_subject(doc[i])
        ]
        if subjects:
            return tokens[subjects[0]]
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
        people_before += [i for i in range(sentence.start, sentence.end) if _is_person(i, tokens)]
    return tokens[max(people_before)] if people_before else None


def _is_person(i: int, tokens: dict[int, TokenEntity]) -> bool:
    return i in tokens and tokens[i].type is EntityType.PERSON


def _is_subject(token: Token) -> bool:
    """A token of a subject: the subject itself, or part of its name or title."""
    while token.dep_ in {"compound", "appos", "flat", "poss"} and token.head is not token:
        token = token.head
    return token.dep_ in {"nsubj", "nsubjpass"}
