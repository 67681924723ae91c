"""From a parsed article to an Extraction of entities and events: plain objects, no RDF."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.clean import CleanText
from kg.extract.entities import extract_entities
from kg.extract.events import extract_events
from kg.models import Article, Extraction, Span


def extract(article: Article, cleaned: CleanText, doc: Doc) -> Extraction:
    """Entities and events of one article, parsed from its cleaned text."""

    def locate(start: int, end: int) -> Span:
        begin, finish = cleaned.to_original(start, end)
        return Span(begin, finish, article.text[begin:finish])

    entities, token_keys = extract_entities(doc, locate)
    by_key = {entity.key: entity for entity in entities}
    events = extract_events(doc, token_keys, by_key, locate, article.published)
    return Extraction(article=article, entities=entities, events=events)
