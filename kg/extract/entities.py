"""Named-entity mentions to entities: typed, named, and merged within one article."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.extract.names import clean_name, name_key, preferred_form, slug
from kg.models import Entity, EntityType, Span

#: spaCy labels the graph keeps, and the type each becomes.
LABEL_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "EVENT": EntityType.EVENT,
}
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de", "&"})

Locate = Callable[[int, int], Span]


@dataclass
class _Mention:
    token_start: int
    token_end: int
    label: str
    name: str
    span: Span


def entity_key(entity_type: EntityType, name: str) -> str:
    """The corpus-wide key of an entity: its type and its name, case-folded."""
    return f"{entity_type.value.lower()}/{slug(name)}"


def extract_entities(doc: Doc, locate: Locate) -> tuple[list[Entity], dict[int, str]]:
    """Entities of one article, and which token belongs to which entity key."""
    mentions = _mentions(doc, locate)
    types = _consistent_types(mentions)
    groups: dict[tuple[EntityType, str], list[_Mention]] = defaultdict(list)
    for mention in mentions:
        groups[(types[name_key(mention.name)], name_key(mention.name))].append(mention)
    merged = _merge_short_forms(groups)
    members_of: dict[tuple[EntityType, str], list[_Mention]] = defaultdict(list)
    for group, members in groups.items():
        members_of[merged.get(group, group)].extend(members)
    entities: list[Entity] = []
    token_keys: dict[int, str] = {}
    for (entity_type, _), members in members_of.items():
        entity = _entity(entity_type, members)
        entities.append(entity)
        for mention in members:
            for i in range(mention.token_start, mention.token_end):
                token_keys[i] = entity.key
    return entities, token_keys


def _mentions(doc: Doc, locate: Locate) -> list[_Mention]:
    """Every kept named-entity span, with its cleaned name and original offsets."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABEL_TYPES:
            continue
        name = clean_name(ent.text, ent.label_)
        if name is not None:
            span = locate(ent.start_char, ent.end_char)
            found.append(_Mention(ent.start, ent.end, ent.label_, name, span))
    return found


def _consistent_types(mentions: list[_Mention]) -> dict[str, EntityType]:
    """One type per name in an article: the label most of its mentions got (first wins a tie)."""
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for mention in mentions:
        votes[name_key(mention.name)][LABEL_TYPES[mention.label]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def _merge_short_forms(
    groups: dict[tuple[EntityType, str], list[_Mention]],
) -> dict[tuple[EntityType, str], tuple[EntityType, str]]:
    """Short forms merged into the one longer name they stand for: Putin into Vladimir Putin."""
    merged = {}
    for group in groups:
        entity_type, key = group
        if entity_type is EntityType.PERSON and " " not in key:
            targets = [g for g in groups if g[0] is entity_type and g != group and g[1].split()[-1] == key]
        elif entity_type is EntityType.ORGANIZATION and " " not in key:
            targets = [g for g in groups if g[0] is entity_type and g != group and _initials(g[1]) == key]
        else:
            continue
        if len(targets) == 1:
            merged[group] = targets[0]
    return merged


def _initials(key: str) -> str:
    """The acronym a multi-word name would have: 'north atlantic treaty organization' -> 'nato'."""
    words = [w for w in key.replace("-", " ").split() if w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _entity(entity_type: EntityType, members: list[_Mention]) -> Entity:
    """One entity from its mentions; an acronym or the longest full name becomes canonical."""
    names = [m.name for m in members]
    acronyms = [n for n in names if n.isupper() and " " not in n and len(n) > 1]
    if entity_type is EntityType.ORGANIZATION and acronyms:
        canonical = preferred_form(acronyms)
    else:
        longest = max(len(name_key(n).split()) for n in names)
        canonical = preferred_form([n for n in names if len(name_key(n).split()) == longest])
    return Entity(
        type=entity_type,
        name=canonical,
        key=entity_key(entity_type, canonical),
        aliases={n for n in names if n != canonical},
        mentions=sorted({m.span for m in members}, key=lambda s: s.start),
    )
