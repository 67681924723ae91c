"""Plain data objects that flow through the pipeline: no RDF, no spaCy."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One news article as read from disk; character offsets refer to ``text``."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    path: str | None = None
    sha256: str = ""


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class EntityType(enum.StrEnum):
    """The four kinds of node the graph is about."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    EVENT = "Event"


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` in the original article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class GeoPlace:
    """A GeoNames place: id, preferred name, ISO country code, coordinates (cities only), kind."""

    geonames_id: int
    name: str
    country_code: str
    latitude: float | None = None
    longitude: float | None = None
    is_country: bool = False


@dataclass
class Entity:
    """A person, organisation, place or named event, merged within one article.

    ``mentions`` name it ('Russia'); ``adjectives`` are nationality words that point to it ('Russian').
    """

    type: EntityType
    name: str
    key: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)
    adjectives: list[Span] = field(default_factory=list)
    geo: GeoPlace | None = None


@dataclass(frozen=True)
class Participant:
    """An entity taking part in an event, with its role (agent, target, participant)."""

    entity_key: str
    role: str


@dataclass(frozen=True)
class TimeExpression:
    """A time expression as written, and the date or period it resolves to, if known."""

    text: str
    value: str | None = None
    granularity: str | None = None


@dataclass
class Event:
    """Something reported as happening: typed, with participants, place and time."""

    type: str
    label: str
    trigger: Span
    sentence: Span
    participants: list[Participant] = field(default_factory=list)
    place_key: str | None = None
    time: TimeExpression | None = None
    factuality: str = "asserted"
    #: Other (trigger, sentence) pairs of the article that report the same event.
    also: list[tuple[Span, Span]] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    """A typed relation between two entities, read from one sentence.

    ``kind`` is one of ``role`` (a person's position in an organisation or country, ``title`` says
    which), ``member_of``, ``located_in`` and ``nationality``.
    """

    kind: str
    subject_key: str
    object_key: str
    subject: Span
    object: Span
    sentence: Span
    title: str | None = None


@dataclass(frozen=True)
class Quote:
    """Words an article reports someone said, with the speaker when the sentence names one."""

    text: Span
    #: The quoted words as the cleaned article gives them: no boilerplate line the span runs across.
    words: str
    sentence: Span
    speaker_key: str | None = None
    speaker: Span | None = None
    #: What the quotation is about: the entities it names, and those its sentence says it is
    #: about ('warned of …', 'said on …').
    about: tuple[str, ...] = ()


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
