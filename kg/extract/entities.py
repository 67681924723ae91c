"""Named-entity mentions to entities: typed, named, and merged within one article."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg import gazetteer
from kg.doctext import doc_text
from kg.extract.names import HONORIFICS, clean_name, name_key, preferred_form, slug
from kg.models import Entity, EntityType, Span
from kg.rules import DATELINE

#: spaCy labels the graph keeps, and the type each becomes.
LABEL_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "EVENT": EntityType.EVENT,
}
#: A wire-service sports slug opening the article: "SOCCER - JAPAN GET LUCKY WIN".
SPORTS_SLUG = re.compile(
    r"\s*(?:soccer|football|cricket|tennis|golf|baseball|basketball|rugby(?: union| league)?|athletics"
    r"|cycling|boxing|motor ?racing|motorcycling|(?:ice )?hockey|nfl|nba|nhl|skiing|swimming|horse racing"
    r"|formula one|squash|badminton|volleyball|handball|sailing|rowing|snooker|olympics|sport)\b[^\n]*? - ",
    re.IGNORECASE,
)
VENUE_WORDS = frozenset({"in", "at", "to", "from", "near", "outside", "of"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de", "&"})

Locate = Callable[[int, int], Span]


@dataclass
class _Mention:
    token_start: int
    token_end: int
    label: str
    name: str
    span: Span
    dateline: bool = False
    demonym: bool = False


def entity_key(entity_type: EntityType, name: str) -> str:
    """The corpus-wide key of an entity: its type and its name, case-folded."""
    return f"{entity_type.value.lower()}/{slug(name)}"


@dataclass(frozen=True)
class TokenEntity:
    """The entity a token belongs to, and the mention it is part of."""

    key: str
    type: EntityType
    span: Span


def extract_entities(doc: Doc, locate: Locate) -> tuple[list[Entity], dict[int, TokenEntity]]:
    """Entities of one article, and which token belongs to which entity (and mention)."""
    mentions = _mentions(doc, locate)
    if SPORTS_SLUG.match(doc_text(doc)) is not None:
        _places_as_teams(doc, mentions)
    types = _consistent_types(mentions)
    groups: dict[tuple[EntityType, str], list[_Mention]] = defaultdict(list)
    for mention in mentions:
        entity_type = types[name_key(mention.name)]
        groups[(entity_type, _group_key(entity_type, mention.name))].append(mention)
    merged = _merge_short_forms(groups)
    members_of: dict[tuple[EntityType, str], list[_Mention]] = defaultdict(list)
    for group, members in groups.items():
        members_of[merged.get(group, group)].extend(members)
    entities: list[Entity] = []
    tokens: dict[int, TokenEntity] = {}
    for (entity_type, _), members in members_of.items():
        entity = _entity(entity_type, members)
        entities.append(entity)
        for mention in members:
            for i in range(mention.token_start, mention.token_end):
                tokens[i] = TokenEntity(entity.key, entity_type, mention.span)
    return entities, tokens


def _mentions(doc: Doc, locate: Locate) -> list[_Mention]:
    """Every kept named-entity span, with its cleaned name and original offsets."""
    found = []
    text = doc_text(doc)
    sports = SPORTS_SLUG.match(text) is not None
    for ent in doc.ents:
        if ent.label_ == "NORP" and (country := gazetteer.country_of_demonym(ent.text)) is not None:
            span = locate(ent.start_char, ent.end_char)
            found.append(_Mention(ent.start, ent.end, "GPE", country.name, span, demonym=True))
        if ent.label_ not in LABEL_TYPES:
            continue
        trimmed = _trim(ent, sports)
        name = clean_name(trimmed.text, ent.label_) if trimmed is not None else None
        if name is not None:
            span = locate(trimmed.start_char, trimmed.end_char)
            dateline = DATELINE.match(text, doc[trimmed.start].sent.start_char) is not None
            found.append(_Mention(trimmed.start, trimmed.end, ent.label_, name, span, dateline))
    return found


def _trim(ent: SpacySpan, sports: bool) -> SpacySpan | None:
    """The tokens of an entity that make its name: no leading 'the' or title, trailing 's or number."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while end > start and (
        doc[end - 1].is_punct or _is_score(doc[end - 1], sports) or doc[end - 1].lower_ in _POSSESSIVE
    ):
        end -= 1
    while start < end and ent.label_ != "EVENT" and (doc[start].is_punct or doc[start].like_num):
        start += 1  # a rank before a name ('2 - Rodney Eyles'), never the year of an event
    if end > start + 1 and gazetteer.lookup(doc[start:end].text) is None:
        while end > start + 1 and _is_prefix_word(doc[start].lower_.rstrip("."), ent.label_):
            start += 1
    return doc[start:end] if end > start else None


def _is_score(token: Token, sports: bool) -> bool:
    """A number after a name that is a score or a figure ('Leeds 2', 'Kersey 63'), not 'Channel 1'."""
    return token.like_num and (sports or len(token.text) > 1 or not token.text.isdigit())


def _is_prefix_word(word: str, label: str) -> bool:
    """A word before a name that is not part of it: an article, or an honorific before a person."""
    return word == "the" or (label == "PERSON" and word in HONORIFICS)


def _places_as_teams(doc: Doc, mentions: list[_Mention]) -> None:
    """On a sports page a city or region named alone is a team ('Leeds beat Chelsea', 'Surrey 302'),
    unless it is a venue: after 'in'/'at', before ':', or in a dateline."""
    for mention in mentions:
        place = gazetteer.lookup(mention.name)
        if (place is not None and place.is_country) or mention.dateline or mention.demonym:
            continue
        if _is_venue(doc, mention):
            continue
        if mention.label in {"GPE", "LOC"} or (mention.label == "PERSON" and place is not None):
            mention.label = "ORG"


def _is_venue(doc: Doc, mention: _Mention) -> bool:
    before = doc[mention.token_start - 1].lower_ if mention.token_start > 0 else ""
    after = doc[mention.token_end].text if mention.token_end < len(doc) else ""
    return before in VENUE_WORDS or after in {":", "'s", "’s"} or (before == "," and after == ")")


def _consistent_types(mentions: list[_Mention]) -> dict[str, EntityType]:
    """One type per name in an article: a person's surname is a person, the first word of a company's
    name is the company ('Barrick' after 'Barrick Gold Corp'), else the majority label wins."""
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    surnames, short_names = set(), set()
    for mention in mentions:
        key = name_key(mention.name)
        votes[key][LABEL_TYPES[mention.label]] += 1
        if mention.label == "PERSON" and " " in key:
            surnames.add(key.split()[-1])
        if mention.label == "ORG" and " " in key and not mention.demonym:
            short_names.add(key.split()[0])
    decided = {}
    for key, counter in votes.items():
        if key in surnames:
            decided[key] = EntityType.PERSON
        elif key in short_names and gazetteer.lookup(key) is None:
            decided[key] = EntityType.ORGANIZATION
        else:
            decided[key] = counter.most_common(1)[0][0]
    return decided


def _merge_short_forms(
    groups: dict[tuple[EntityType, str], list[_Mention]],
) -> dict[tuple[EntityType, str], tuple[EntityType, str]]:
    """Short forms merged into the one longer name they stand for: Putin into Vladimir Putin, NATO into
    North Atlantic Treaty Organization, Barrick into Barrick Gold Corp."""
    merged = {}
    for group in groups:
        entity_type, key = group
        if entity_type is EntityType.PERSON and " " not in key:
            targets = [g for g in groups if g[0] is entity_type and g != group and g[1].split()[-1] == key]
        elif entity_type is EntityType.ORGANIZATION and " " not in key:
            targets = [
                g
                for g in groups
                if g[0] is entity_type and g != group and key in {initials(g[1]), g[1].split()[0]}
            ]
        else:
            continue
        if len(targets) == 1:
            merged[group] = targets[0]
    return merged


def initials(key: str) -> str:
    """The acronym a multi-word name would have: 'north atlantic treaty organization' -> 'nato'."""
    words = [w for w in key.replace("-", " ").split() if w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _group_key(entity_type: EntityType, name: str) -> str:
    """What makes two names one entity: the GeoNames place for places ('Russian Federation' = 'Russia')."""
    place = gazetteer.lookup(name) if entity_type is EntityType.PLACE else None
    return name_key(place.name if place is not None else name)


def _entity(entity_type: EntityType, members: list[_Mention]) -> Entity:
    """One entity from its mentions, named by its GeoNames name, its acronym or its longest name."""
    names = [m.name for m in members if not m.demonym] or [members[0].name]
    acronyms = [n for n in names if n.isupper() and " " not in n and len(n) > 1]
    if entity_type is EntityType.ORGANIZATION and acronyms:
        canonical = preferred_form(acronyms)
    else:
        longest = max(len(name_key(n).split()) for n in names)
        canonical = preferred_form([n for n in names if len(name_key(n).split()) == longest])
    geo = gazetteer.lookup(canonical) if entity_type is EntityType.PLACE else None
    if geo is not None:
        canonical = geo.name
    return Entity(
        type=entity_type,
        name=canonical,
        key=entity_key(entity_type, canonical),
        aliases={*names, *(" ".join(m.span.text.split()) for m in members if not m.demonym)} - {canonical},
        mentions=sorted({m.span for m in members if not m.demonym}, key=lambda s: s.start),
        adjectives=sorted({m.span for m in members if m.demonym}, key=lambda s: s.start),
        geo=geo,
    )
