"""Corpus-wide resolution: join a bare surname or acronym in one article to the full name in another,
and reports of one event in several articles; give each entity one label however articles spell it.

Article graphs stay exactly as each article says (so builds are incremental and parallel); the
joins live in one graph of their own, recomputed from the store after every build. A short form
joins a full name only when the corpus has exactly one candidate for it *and* the two articles
share another person or organisation: two Johnsons in unrelated articles stay apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyoxigraph as ox
from rdflib import OWL, RDFS, SKOS, XSD

from kg.atomic import write_atomically
from kg.extract.entities import initials
from kg.extract.names import name_key
from kg.rdf import ENTITIES_GRAPH, RESOLUTION_GRAPH
from kg.store import GraphStore

#: People, organisations and places with their labels (a UNION, not VALUES ?type: given a VALUES ?entity
#: in the %s, Oxigraph then starts from the entities: 4 ms instead of 150).
LABELS_QUERY = """
SELECT ?entity ?type ?label WHERE {
  %s
  { ?entity a schema:Person BIND(schema:Person AS ?type) }
  UNION { ?entity a schema:Organization BIND(schema:Organization AS ?type) }
  UNION { ?entity a schema:Place BIND(schema:Place AS ?type) }
  ?entity rdfs:label ?label .
}
"""
#: What each article mentions, and how many times (an entity is in an article because a span names it); a
#: VALUES ?article in the %s narrows it to some articles (an OPTIONAL here would make Oxigraph read all).
MENTIONS_QUERY = """
SELECT ?article ?entity (COUNT(?mention) AS ?mentions) WHERE {
  %s
  GRAPH ?article { ?article schema:mentions ?entity . ?entity gaf:denotedBy ?mention }
} GROUP BY ?article ?entity
"""
#: The reported events of each article, with their date, participants and place.
EVENTS_QUERY = """
SELECT DISTINCT ?article ?event ?type ?date ?role ?other WHERE {
  %s
  GRAPH ?article {
    ?event a ?type ; schema:startDate ?date ; ?role ?other .
    VALUES ?role { nkg:agent nkg:target nkg:participant schema:location }
  }
  ?type rdfs:subClassOf nkg:ReportedEvent .
}
"""
#: The spellings of the entities the entities graph spells more than one way ('Nato', 'NATO'): the label
#: and the aliases an earlier build made of the others.
SPELLINGS_QUERY = f"""
SELECT ?entity ?kind ?spelling WHERE {{
  {{ SELECT ?entity WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?entity rdfs:label|skos:altLabel ?any }} }}
    GROUP BY ?entity HAVING (COUNT(?any) > 1) }}
  GRAPH <{ENTITIES_GRAPH}> {{ ?entity ?kind ?spelling }}
  VALUES ?kind {{ rdfs:label skos:altLabel }}
}}
"""
#: The surface forms of some entities' mentions (a VALUES ?entity in the %s), with how many mentions each.
ANCHORS_QUERY = """
SELECT ?entity ?anchor (COUNT(DISTINCT ?mention) AS ?uses) WHERE {
  %s
  GRAPH ?article { ?entity gaf:denotedBy ?mention . ?mention nif:anchorOf ?anchor }
} GROUP BY ?entity ?anchor
"""
#: Beside the store: what resolution last read of each article and wrote, so a build reads and writes only
#: what changed.
STATE_FILE = ".resolution-state.json"
#: The layout of that file; a file of another layout is ignored and everything is read again.
STATE_FORMAT = 2
PERSON, ORGANIZATION = "https://schema.org/Person", "https://schema.org/Organization"
MENTION_COUNT = "https://w3id.org/newskg/ontology#mentionCount"

Event = tuple[str, str, str, str, str]  # event, type, date, role, the participant or place in that role


@dataclass
class ResolutionState:
    """What resolution read from the store: each article's version, what it mentions (with the number of
    mentions) and its reported events; the type and label of each person, organisation and place an
    article names (the least label, if it has several); and the resolution graph it last wrote (None: not
    known, so written whole)."""

    versions: dict[str, tuple[str, str]] = field(default_factory=dict)
    mentions: dict[str, dict[str, int]] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    written: ResolutionGraph | None = None

    def update(self, store: GraphStore, relabelled: Collection[str] = ()) -> bool:
        """Read again only new and changed articles (an article's graph follows from its content hash and
        extractor) and the labels of the entities they name (only an article's entities gain labels) or
        that ``relabelled`` names; whether anything changed."""
        versions = store.article_versions()
        stale = [article for article, version in versions.items() if self.versions.get(article) != version]
        if not stale and versions.keys() == self.versions.keys() and not relabelled:
            return False
        scan = len(stale) > len(versions) // 10  # many changed: one scan is faster than a query each
        if scan:
            stale = list(versions)
        articles = "" if scan else f"VALUES ?article {{ {' '.join(map(_iri, stale))} }}"
        mentions: dict[str, dict[str, int]] = {article: {} for article in stale}
        for row in store.select(MENTIONS_QUERY % articles):
            if row["article"] in mentions:
                mentions[row["article"]][row["entity"]] = int(row["mentions"])
        events: dict[str, list[Event]] = {article: [] for article in stale}
        for row in store.select(EVENTS_QUERY % articles):
            if row["article"] in events:
                events[row["article"]].append(
                    (row["event"], row["type"], row["date"], row["role"], row["other"])
                )
        self.versions = versions
        self.mentions = {a: self.mentions[a] for a in versions if a not in mentions} | mentions
        self.events = {a: self.events[a] for a in versions if a not in events} | {a: events[a] for a in stale}
        named = set().union(*self.mentions.values())
        fresh = named if scan else set().union(*(self.mentions[a].keys() for a in stale))
        fresh |= named & set(relabelled)
        entities = "" if scan else f"VALUES ?entity {{ {' '.join(map(_iri, sorted(fresh)))} }}"
        labels: dict[str, tuple[str, str]] = {}
        for row in store.select(LABELS_QUERY % entities) if fresh else []:
            if row["entity"] in fresh:  # named in an article's text, not only as its publisher or author
                found = (row["type"], row["label"])
                labels[row["entity"]] = min(labels.get(row["entity"], found), found)
        self.labels = {e: self.labels[e] for e in named if e in self.labels and e not in fresh} | labels
        return True

    @classmethod
    def load(cls, store: GraphStore) -> ResolutionState:
        """The state saved beside the store; an empty one if there is none (or it cannot be read)."""
        saved = _state_file(store)
        try:
            data = orjson.loads(saved.read_bytes()) if saved is not None else {}
            if data.get("format") != STATE_FORMAT:
                return cls()
            return cls(
                versions={a: tuple(v) for a, v in data["versions"].items()},
                mentions=data["mentions"],
                events={a: [tuple(e) for e in events] for a, events in data["events"].items()},
                labels={e: tuple(label) for e, label in data["labels"].items()},
                written=ResolutionGraph(
                    frozenset(map(tuple, data["written"]["same_as"])), data["written"]["counts"]
                ),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()  # missing or unreadable: everything is read from the store again

    def save(self, store: GraphStore) -> None:
        """Write the state beside the store (nothing for a store in memory)."""
        saved = _state_file(store)
        if saved is not None:
            data = orjson.dumps(
                {
                    "format": STATE_FORMAT,
                    "versions": self.versions,
                    "mentions": self.mentions,
                    "events": self.events,
                    "labels": self.labels,
                    "written": {
                        "same_as": sorted(self.written.same_as),
                        "counts": self.written.counts,
                    }
                    if self.written is not None
                    else None,
                }
            )
            write_atomically(saved, lambda path: path.write_bytes(data))


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))  # checked by Oxigraph: an IRI cannot break out of the query


def _state_file(store: GraphStore) -> Path | None:
    return store.path.parent / STATE_FILE if store.path is not None else None


def forget_state(store: str | Path) -> None:
    """Delete what resolution kept of a store: the next build reads the store and writes the resolution
    graph whole (after kg restore, --force, or a build that stopped before it could save the state)."""
    (Path(store).parent / STATE_FILE).unlink(missing_ok=True)


@dataclass(frozen=True)
class Join:
    """One short form resolved to the full name it stands for, and the entity that links their articles."""

    short: str
    full: str
    shared: str


def find_joins(state: ResolutionState) -> list[Join]:
    """Short forms that name exactly one full name in the corpus, with shared-entity evidence."""
    labels = {e: (t, label) for e, (t, label) in state.labels.items() if t in (PERSON, ORGANIZATION)}
    mentioned_in = {article: entities.keys() & labels.keys() for article, entities in state.mentions.items()}
    articles: dict[str, set[str]] = defaultdict(set)
    for article, entities in mentioned_in.items():
        for entity in entities:
            articles[entity].add(article)
    keys = {entity: name_key(label) for entity, (_, label) in labels.items()}
    by_short_form: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity, (entity_type, _) in labels.items():
        if " " in keys[entity]:
            short = keys[entity].split()[-1] if entity_type.endswith("Person") else initials(keys[entity])
            if short:
                by_short_form[(entity_type, short)].append(entity)
    joins = []
    for entity, (entity_type, _) in sorted(labels.items()):
        candidates = by_short_form.get((entity_type, keys[entity]), [])
        if " " in keys[entity] or len(candidates) != 1:
            continue
        full = candidates[0]
        shared = _shared_entity(entity, full, articles, mentioned_in)
        if shared is not None:
            joins.append(Join(entity, full, shared))
    return joins


def find_event_joins(state: ResolutionState) -> list[Join]:
    """NewsReader's rule across articles: the same type and date and a shared participant or place make
    one event; each report joins the cluster's first event IRI."""
    facts: dict[str, tuple[str, str, str]] = {}
    others: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for article, events in state.events.items():
        for event, event_type, when, role, other in events:
            facts[event] = (event_type, when, article)
            others[event].add(other)
            roles[event][role].add(other)
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


def mention_counts(state: ResolutionState, joins: list[Join]) -> dict[str, int]:
    """Mentions of each person, organisation and place across the corpus; a short form's count goes to the
    full name it joins."""
    full_name = {join.short: join.full for join in joins}
    counts: dict[str, int] = defaultdict(int)
    for entities in state.mentions.values():
        for entity, mentions in entities.items():
            if entity in state.labels:
                counts[full_name.get(entity, entity)] += mentions
    return counts


@dataclass(frozen=True)
class ResolutionGraph:
    """The resolution graph: owl:sameAs from each short form to its full name, and the corpus-wide mention
    count of each entity."""

    same_as: frozenset[tuple[str, str]]
    counts: dict[str, int]

    def minus(self, other: ResolutionGraph) -> ResolutionGraph:
        """The statements of this graph that ``other`` does not hold."""
        return ResolutionGraph(
            self.same_as - other.same_as,
            {entity: n for entity, n in self.counts.items() if other.counts.get(entity) != n},
        )

    def ntriples(self) -> str:
        """The graph as N-Triples, written by Oxigraph."""
        same_as, count = ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(MENTION_COUNT)
        integer = ox.NamedNode(str(XSD.integer))
        triples = [
            ox.Triple(ox.NamedNode(short), same_as, ox.NamedNode(full)) for short, full in self.same_as
        ]
        triples += [
            ox.Triple(ox.NamedNode(entity), count, ox.Literal(str(n), datatype=integer))
            for entity, n in self.counts.items()
        ]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def spelling_uses(spellings: Collection[str], anchors: dict[str, int]) -> dict[str, int]:
    """How many mentions use each spelling: a mention's text is the spelling, or else holds it ("Nato's"
    uses 'Nato'; "Apple Inc." uses 'Apple Inc.', not 'Apple Inc'), the longest one when several fit."""
    uses = dict.fromkeys(spellings, 0)
    for anchor, count in anchors.items():
        held = [s for s in spellings if s == anchor] or sorted(
            (s for s in spellings if s in anchor), key=lambda s: (len(s), s)
        )[-1:]
        for spelling in held:
            uses[spelling] += count
    return uses


def label_choice(uses: dict[str, int]) -> str:
    """The spelling an entity keeps as its label: the one most of its mentions use; on a tie an
    all-capitals acronym ('NATO' over 'Nato'), then the greatest string (so the choice never varies)."""
    return max(
        uses, key=lambda spelling: (uses[spelling], spelling.isupper() and len(spelling) <= 6, spelling)
    )


def unify_labels(store: GraphStore) -> set[str]:
    """One rdfs:label per entity in the entities graph, the spelling most of its mentions use now; the
    other spellings articles used are its skos:altLabel. The entities whose label changed."""
    label, alias = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
    spellings: dict[ox.NamedNode, dict[ox.Literal, set[ox.NamedNode]]] = defaultdict(lambda: defaultdict(set))
    for entity, kind, spelling in store.query(SPELLINGS_QUERY):
        spellings[entity][spelling].add(kind)  # a spelling an article brought back is label and alias
    if not spellings:
        return set()
    anchors: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.select(ANCHORS_QUERY % f"VALUES ?entity {{ {' '.join(map(str, spellings))} }}"):
        anchors[row["entity"]][row["anchor"]] = int(row["uses"])
    remove, add, changed = [], [], set()
    for entity, kinds in spellings.items():
        by_text = {spelling.value: spelling for spelling in kinds}  # kg writes plain literals
        chosen = by_text[label_choice(spelling_uses(by_text, anchors[entity.value]))]
        for spelling, held in kinds.items():
            wanted = label if spelling == chosen else alias
            remove += [ox.Triple(entity, kind, spelling) for kind in held - {wanted}]
            add += [ox.Triple(entity, wanted, spelling)] if wanted not in held else []
            if held != {wanted}:
                changed.add(entity.value)
    if changed:
        store.update_graph(str(ENTITIES_GRAPH), _ntriples(remove), _ntriples(add))
    return changed


def _ntriples(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def resolve(store: GraphStore) -> list[Join]:
    """Recompute the corpus-wide joins and mention counts and store them in their own graph: what changed
    since the last build, or the whole graph when that is not known."""
    relabelled = unify_labels(store)
    state = ResolutionState.load(store)
    changed = state.update(store, relabelled)
    joins = find_joins(state) + find_event_joins(state)
    graph = ResolutionGraph(frozenset((j.short, j.full) for j in joins), mention_counts(state, joins))
    if state.written is None:
        store.replace_graph(str(RESOLUTION_GRAPH), graph.ntriples())
    elif graph != state.written:
        store.update_graph(
            str(RESOLUTION_GRAPH),
            state.written.minus(graph).ntriples(),
            graph.minus(state.written).ntriples(),
        )
    if changed or graph != state.written:
        state.written = graph
        state.save(store)
    return joins
