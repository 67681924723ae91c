"""Corpus-wide resolution: join a bare surname or acronym in one article to the full name in another,
and reports of one event in several articles.

Article graphs stay exactly as each article says (so builds are incremental and parallel); the
joins live in one graph of their own, recomputed from the store after every build. A short form
joins a full name only when the corpus has exactly one candidate for it *and* the two articles
share another person or organisation: two Johnsons in unrelated articles stay apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import OWL, Graph, URIRef

from kg.extract.entities import initials
from kg.extract.names import name_key
from kg.rdf import RESOLUTION_GRAPH
from kg.store import GraphStore

#: People and organisations, with their labels. Places are named by nearly every article, so only a
#: shared person or organisation counts as evidence that two articles speak of the same one.
NAMES_QUERY = """
SELECT ?entity ?type ?label WHERE {
  VALUES ?type { schema:Person schema:Organization }
  ?entity a ?type ; rdfs:label ?label .
}
"""
#: What each article mentions.
MENTIONS_QUERY = "SELECT ?article ?entity WHERE { GRAPH ?article { ?article schema:mentions ?entity } }"


class _MentionsCache:
    """What each article mentions, kept between builds in one process (`kg watch`): an article's graph
    follows from its content hash and extractor, so only new and changed articles are read again."""

    def __init__(self) -> None:
        self._stores: dict[str, dict[str, tuple[tuple[str, str], frozenset[str]]]] = {}

    def mentions(self, store: GraphStore) -> dict[str, frozenset[str]]:
        """Article IRI -> the entities its graph mentions, for every article in the store."""
        versions = store.article_versions()
        known = self._stores.get(str(store.path), {}) if store.path is not None else {}
        stale = [
            article for article, version in versions.items() if known.get(article, ((), None))[0] != version
        ]
        if len(stale) > len(versions) // 10:  # many changed: one scan is faster than one query each
            found: dict[str, set[str]] = defaultdict(set)
            for row in store.select(MENTIONS_QUERY):
                found[row["article"]].add(row["entity"])
            fresh = {article: frozenset(found[article]) for article in stale}
        else:
            fresh = {article: _mentioned_by(store, article) for article in stale}
        current = {
            article: (version, fresh[article] if article in fresh else known[article][1])
            for article, version in versions.items()
        }
        if store.path is not None:
            self._stores[str(store.path)] = current
        return {article: entities for article, (_, entities) in current.items()}


def _mentioned_by(store: GraphStore, article: str) -> frozenset[str]:
    iri = str(ox.NamedNode(article))  # checked by Oxigraph: an IRI cannot break out of the query
    query = f"SELECT ?entity WHERE {{ GRAPH {iri} {{ {iri} schema:mentions ?entity }} }}"
    return frozenset(row["entity"] for row in store.select(query))


_MENTIONS = _MentionsCache()


@dataclass(frozen=True)
class Join:
    """One short form resolved to the full name it stands for, and the entity that links their articles."""

    short: str
    full: str
    shared: str


def find_joins(store: GraphStore) -> list[Join]:
    """Short forms that name exactly one full name in the corpus, with shared-entity evidence."""
    mentions = _MENTIONS.mentions(store)
    named = {entity for entities in mentions.values() for entity in entities}
    labels = {
        row["entity"]: (row["type"], row["label"])
        for row in store.select(NAMES_QUERY)
        if row["entity"] in named  # named in an article's text, not only as its publisher or author
    }
    mentioned_in = {article: entities & labels.keys() for article, entities in mentions.items()}
    articles: dict[str, set[str]] = defaultdict(set)
    for article, entities in mentioned_in.items():
        for entity in entities:
            articles[entity].add(article)
    by_short_form: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity, (entity_type, label) in labels.items():
        key = name_key(label)
        if " " in key:
            short = key.split()[-1] if entity_type.endswith("Person") else initials(key)
            if short:
                by_short_form[(entity_type, short)].append(entity)
    joins = []
    for entity, (entity_type, label) in labels.items():
        candidates = by_short_form.get((entity_type, name_key(label)), [])
        if " " in name_key(label) or len(candidates) != 1:
            continue
        full = candidates[0]
        shared = _shared_entity(entity, full, articles, mentioned_in)
        if shared is not None:
            joins.append(Join(entity, full, shared))
    return joins


EVENTS_QUERY = """
SELECT DISTINCT ?event ?type ?date ?role ?other ?article WHERE {
  GRAPH ?article {
    ?event a ?type ; schema:startDate ?date ; ?role ?other .
    VALUES ?role { nkg:agent nkg:target nkg:participant schema:location }
  }
  ?type rdfs:subClassOf nkg:ReportedEvent .
}
"""


def find_event_joins(store: GraphStore) -> list[Join]:
    """NewsReader's rule across articles: the same type and date and a shared participant or place make
    one event; each report joins the cluster's first event IRI."""
    facts: dict[str, tuple[str, str, str]] = {}
    others: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.select(EVENTS_QUERY):
        facts[row["event"]] = (row["type"], row["date"], row["article"])
        others[row["event"]].add(row["other"])
        roles[row["event"]][row["role"]].add(row["other"])
    by_kind: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event, (event_type, when, _) in facts.items():
        by_kind[(event_type, when)].append(event)
    joins = []
    for events in by_kind.values():
        canonical: dict[str, str] = {}
        for event in sorted(events):
            for earlier in sorted(canonical):
                shared = others[event] & others[earlier]
                if (
                    shared
                    and facts[event][2] != facts[earlier][2]
                    and _compatible(roles[event], roles[earlier])
                ):
                    canonical[event] = canonical[earlier]
                    joins.append(Join(event, canonical[earlier], sorted(shared)[0]))
                    break
            else:
                canonical[event] = event
    return joins


def _compatible(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """Two reports can be one event only if no role they both fill has different fillers."""
    return all(a[role] & b[role] for role in a.keys() & b.keys() if not role.endswith("participant"))


def _shared_entity(short: str, full: str, articles, mentioned_in) -> str | None:
    """An entity (other than the pair) mentioned both where the short form and where the full name is."""
    near_short = set().union(*(mentioned_in[a] for a in articles[short])) - {short, full}
    near_full = set().union(*(mentioned_in[a] for a in articles[full])) - {short, full}
    common = sorted(near_short & near_full)
    return common[0] if common else None


def resolution_graph(joins: list[Join]) -> Graph:
    """owl:sameAs from each short form to its full name, in the resolution graph."""
    graph = Graph(identifier=RESOLUTION_GRAPH)
    for join in joins:
        graph.add((URIRef(join.short), OWL.sameAs, URIRef(join.full)))
    return graph


def resolve(store: GraphStore) -> list[Join]:
    """Recompute the corpus-wide joins and store them in their own graph, replacing the last ones."""
    joins = find_joins(store) + find_event_joins(store)
    store.replace_graph(str(RESOLUTION_GRAPH), resolution_graph(joins).serialize(format="nt"))
    return joins
