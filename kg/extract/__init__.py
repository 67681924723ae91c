"""From a parsed article to an Extraction of entities, events, relations and quotes: plain objects, no RDF."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.clean import CleanText
from kg.extract.entities import extract_entities
from kg.extract.events import extract_events
from kg.extract.quotes import extract_quotes
from kg.extract.relations import extract_relations
from kg.models import Article, Extraction, Span


def extract(article: Article, cleaned: CleanText, doc: Doc) -> Extraction:
    """Entities, events, relations and quotes of one article, parsed from its cleaned text."""

    def locate(start: int, end: int) -> Span:
        begin, finish = cleaned.to_original(start, end)
        return Span(begin, finish, article.text[begin:finish])

    entities, tokens = extract_entities(doc, locate)
    by_key = {entity.key: entity for entity in entities}
    events = extract_events(doc, tokens, by_key, locate, article.published)
    relations = extract_relations(doc, tokens, locate)
    quotes = extract_quotes(doc, tokens, locate)
    return Extraction(article, entities, events, relations, quotes)
