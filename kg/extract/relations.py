"""Relations between entities from the parse: roles, memberships, locations and nationalities."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from kg import gazetteer
from kg.doctext import doc_text
from kg.extract.entities import TokenEntity
from kg.models import EntityType, Relation, Span

Locate = Callable[[int, int], Span]

#: Words that make a membership ('NATO member Poland', 'a member of NATO').
MEMBER_WORDS = frozenset({"member", "members", "ally", "allies", "member-state", "signatory"})
#: Words that say where something is ('based in', 'headquartered in').
BASED_WORDS = frozenset({"based", "headquartered", "located", "situated"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside"})
TITLE_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
ORGANISATION_TYPES = frozenset({EntityType.ORGANIZATION, EntityType.PLACE})


def extract_relations(doc: Doc, tokens: dict[int, TokenEntity], locate: Locate) -> list[Relation]:
    """Every relation the parse supports, each with its evidence sentence; duplicates removed."""
    found: dict[tuple, Relation] = {}
    for relation in _all(doc, tokens, locate):
        if relation.subject_key != relation.object_key:
            found.setdefault((relation.kind, relation.subject.start, relation.object.start), relation)
    return list(found.values())


def _all(doc: Doc, tokens: dict[int, TokenEntity], locate: Locate) -> Iterator[Relation]:
    text = doc_text(doc)
    for head in _mention_heads(doc, tokens):
        sent = head.sent
        words = text[sent.start_char : sent.end_char].rstrip()
        sentence = locate(sent.start_char, sent.start_char + len(words))
        yield from _titles(head, tokens, sentence)
        yield from _appositions(head, tokens, sentence)
        yield from _locations(head, tokens, sentence)
        yield from _nationalities(head, tokens, sentence)


def _mention_heads(doc: Doc, tokens: dict[int, TokenEntity]) -> Iterator[Token]:
    """The syntactic head of every mention: the one token whose head lies outside the mention."""
    for i, entity in tokens.items():
        head = doc[i].head
        if head.i == i or tokens.get(head.i) != entity:
            yield doc[i]


def _relation(kind: str, subject: TokenEntity, obj: TokenEntity, sentence: Span, title: str | None = None):
    return Relation(kind, subject.key, obj.key, subject.span, obj.span, sentence, title)


def _titles(head: Token, tokens: dict[int, TokenEntity], sentence: Span) -> Iterator[Relation]:
    """'Kremlin spokesman Dmitry Peskov', 'NATO member Poland', 'Health Secretary Sajid Javid'."""
    subject = tokens[head.i]
    modifiers = sorted(
        (t for t in _left_modifiers(head, tokens) if tokens.get(t.i) != subject), key=lambda t: t.i
    )
    words = [t for t in modifiers if t.i not in tokens and t.pos_ in {"NOUN", "PROPN", "ADJ"}]
    organisations = [
        tokens[t.i] for t in modifiers if t.i in tokens and tokens[t.i].type in ORGANISATION_TYPES
    ]
    if not words or not organisations:
        return
    organisation = organisations[-1]
    if any(w.lower_ in MEMBER_WORDS for w in words):
        yield _relation("member_of", subject, organisation, sentence)
    elif subject.type is EntityType.PERSON:
        yield _relation("role", subject, organisation, sentence, _text(words))


def _left_modifiers(head: Token, tokens: dict[int, TokenEntity]) -> Iterator[Token]:
    """Compound and adjective modifiers before a name, followed down through their own modifiers."""
    stack = [c for c in head.lefts if c.dep_ in TITLE_DEPS or (c.dep_ == "poss" and c.i in tokens)]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.lefts if c.dep_ in TITLE_DEPS | {"poss"})


def _appositions(head: Token, tokens: dict[int, TokenEntity], sentence: Span) -> Iterator[Relation]:
    """'Viktor Zolotov, chief of Russia's national guard', 'Poland, a member of NATO'."""
    subject = tokens[head.i]
    for noun in (c for c in head.children if c.dep_ in {"appos", "attr"} and c.i not in tokens):
        inner = [t for t in noun.subtree if t.i in tokens and tokens[t.i].type in ORGANISATION_TYPES]
        if not inner:
            continue
        organisation = tokens[inner[0].i]
        if noun.lower_ in MEMBER_WORDS:
            yield _relation("member_of", subject, organisation, sentence)
        elif subject.type is EntityType.PERSON and noun.pos_ == "NOUN":
            yield _relation("role", subject, organisation, sentence, _title(noun, tokens))


def _locations(head: Token, tokens: dict[int, TokenEntity], sentence: Span) -> Iterator[Relation]:
    """'The Hague, Netherlands', 'the ICC in The Hague', 'Hong Kong-based CITIC', 'Moscow's hospital'."""
    subject = tokens[head.i]
    doc = head.doc
    after = max(i for i, e in tokens.items() if e == subject and abs(i - head.i) < 10) + 1
    if (
        after + 1 < len(doc)
        and doc[after].text == ","
        and after + 1 in tokens
        and _is_city_of(head, doc[after + 1])
    ):
        yield _relation("located_in", subject, tokens[after + 1], sentence)
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS):
        yield from _place_objects(subject, prep, tokens, sentence)
    for based in (c for c in head.children if c.lower_ in BASED_WORDS):
        for prep in (c for c in based.children if c.dep_ == "prep"):
            yield from _place_objects(subject, prep, tokens, sentence)
        for modifier in (c for c in based.lefts if c.i in tokens):
            yield _relation("located_in", subject, tokens[modifier.i], sentence)
    for based in (t for t in _left_modifiers(head, tokens) if t.lower_ in BASED_WORDS):
        for place in (t for t in based.subtree if t.i in tokens and tokens[t.i].type is EntityType.PLACE):
            yield _relation("located_in", subject, tokens[place.i], sentence)
            break


def _is_city_of(place: Token, country: Token) -> bool:
    """'GRONINGEN, Netherlands': a place that is not a country, then a country that ends no list."""
    inner, outer = gazetteer.lookup(place.text), gazetteer.lookup(country.text)
    doc = country.doc
    ends_list = country.i + 1 < len(doc) and doc[country.i + 1].lower_ in {",", "and", "or"}
    return outer is not None and outer.is_country and not (inner and inner.is_country) and not ends_list


def _place_objects(subject: TokenEntity, prep: Token, tokens: dict[int, TokenEntity], sentence: Span):
    for obj in (c for c in prep.children if c.dep_ == "pobj" and c.i in tokens):
        if tokens[obj.i].type is EntityType.PLACE:
            yield _relation("located_in", subject, tokens[obj.i], sentence)


def _nationalities(head: Token, tokens: dict[int, TokenEntity], sentence: Span) -> Iterator[Relation]:
    """'Guy Forget ( France )', 'Belarusian President Alexander Lukashenko'."""
    subject = tokens[head.i]
    if subject.type is not EntityType.PERSON:
        return
    doc = head.doc
    end = head.i + 1
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and end + 1 in tokens:
        country = tokens[end + 1]
        geo = gazetteer.lookup(doc[end + 1].text)
        if geo is not None and geo.is_country:
            yield _relation("nationality", subject, country, sentence)
    for token in _left_modifiers(head, tokens):
        if token.ent_type_ == "NORP" and token.i in tokens and tokens[token.i].type is EntityType.PLACE:
            yield _relation("nationality", subject, tokens[token.i], sentence)


def _title(noun: Token, tokens: dict[int, TokenEntity]) -> str:
    """'chief of national guard' from 'chief of Russia's national guard and a member of ...'."""
    cut = {t.i for c in noun.children if c.dep_ in {"conj", "cc", "punct", "relcl", "acl"} for t in c.subtree}
    words = [
        t for t in noun.subtree if t.i not in tokens and t.i not in cut and t.dep_ not in {"det", "case"}
    ]
    while words and (words[-1].pos_ in {"ADP", "PUNCT", "CCONJ"} or words[-1].dep_ == "poss"):
        words.pop()
    return _text(words[:6])


def _text(words: list[Token]) -> str:
    """Words as written, in order, with their spaces."""
    ordered = sorted(words, key=lambda t: t.i)
    return "".join(t.text_with_ws for t in ordered).strip()
