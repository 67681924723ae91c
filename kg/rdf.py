"""Map an Extraction to RDF: the only module that knows the ontology's IRIs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote as percent_encode
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import PROV, SDO

from kg.extract.entities import entity_key
from kg.extract.names import clean_name, slug
from kg.models import Article, Entity, EntityType, Event, Extraction, Quote, Relation, Span

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

NKG = Namespace("https://w3id.org/newskg/ontology#")
ID = Namespace("https://w3id.org/newskg/id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ORG = Namespace("http://www.w3.org/ns/org#")
GEONAMES = "https://sws.geonames.org/"
#: The graph holding corpus-wide joins (kg.resolve).
RESOLUTION_GRAPH = ID["graph/resolution"]
#: The graph describing entities (type, label, GeoNames link), each fact once; every other named
#: graph is one article.
ENTITIES_GRAPH = ID["graph/entities"]

PREFIXES = {
    "schema": str(SDO),
    "nkg": str(NKG),
    "id": str(ID),
    "sem": str(SEM),
    "gaf": str(GAF),
    "nif": str(NIF),
    "wgs84": str(WGS84),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
}

ENTITY_CLASSES = {
    EntityType.PERSON: SDO.Person,
    EntityType.ORGANIZATION: SDO.Organization,
    EntityType.PLACE: SDO.Place,
    EntityType.EVENT: SDO.Event,
}
ROLE_PROPERTIES = {"agent": NKG.agent, "target": NKG.target, "participant": NKG.participant}
DATE_TYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article, which is also the name of the graph holding its statements."""
    return ID[f"article/{_segment(article_id)}"]


def _segment(text: str) -> str:
    """Any text as one IRI path segment, reversibly percent-encoded."""
    return percent_encode(text, safe="-_~")


def entity_iri(key: str) -> URIRef:
    """The IRI of an entity from its corpus-wide key: the same name and type give the same IRI."""
    return ID[key]


def mention_iri(article: str, span: Span) -> URIRef:
    """An RFC 5147 fragment naming a character span of the article's text."""
    return URIRef(f"{article}#char={span.start},{span.end}")


class _Terms:
    """A namespace's IRIs as Oxigraph terms, each made once: ``_Terms(SDO).Person``."""

    def __init__(self, namespace: str) -> None:
        self._base = str(namespace)

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(self._base + name)
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return getattr(self, name)


_RDF, _RDFS, _OWL, _SKOS, _XSD, _PROV = map(_Terms, (RDF, RDFS, OWL, SKOS, XSD, PROV))
_SDO, _NKG, _GAF, _NIF, _WGS84, _ORG = map(_Terms, (SDO, NKG, GAF, NIF, WGS84, ORG))
_ENTITY_CLASSES = {kind: ox.NamedNode(iri) for kind, iri in ENTITY_CLASSES.items()}
_ROLE_PROPERTIES = {role: ox.NamedNode(iri) for role, iri in ROLE_PROPERTIES.items()}
_TRUE, _FALSE = ox.Literal("true", datatype=_XSD.boolean), ox.Literal("false", datatype=_XSD.boolean)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD.integer)


def _decimal(value: float) -> ox.Literal:
    """An xsd:decimal in its canonical lexical form (never an exponent, which xsd:decimal forbids)."""
    return ox.Literal(format(Decimal(repr(value)), "f"), datatype=_XSD.decimal)


@dataclass(frozen=True)
class ArticleRDF:
    """One article's statements (its own named graph) and the descriptions of the entities it names,
    each as N-Triples.

    An entity's type, label and GeoNames link are the same whichever article names it, so they go
    to one shared graph, stated once: a query over the union of graphs then meets each fact once.
    """

    name: str
    ntriples: str
    shared: str


class _Triples(list):
    """Statements as Oxigraph terms, cheap to make; Oxigraph writes them out."""

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode | ox.Literal) -> None:
        self.append(ox.Triple(subject, predicate, obj))

    def ntriples(self) -> str:
        return ox.serialize(self, format=ox.RdfFormat.N_TRIPLES).decode()


def to_graph(extraction: Extraction, extractor: str = "") -> ArticleRDF:
    """All statements of one article, in a graph named by the article's IRI, stamped with the extractor."""
    article = extraction.article
    name = article_iri(article.id)
    graph, shared = _Triples(), _Triples()
    subject = ox.NamedNode(name)
    _add_article(graph, shared, subject, article)
    if extractor:
        graph.add(subject, _NKG.extractor, ox.Literal(extractor))
    for entity in extraction.entities:
        _add_entity(graph, shared, subject, entity)
    for event in extraction.events:
        _add_event(graph, subject, article, event)
    for relation in extraction.relations:
        _add_relation(graph, shared, subject, article, relation)
    for quote in extraction.quotes:
        _add_quote(graph, subject, article, quote, extraction.events)
    return ArticleRDF(str(name), graph.ntriples(), shared.ntriples())


def _add_article(graph: _Triples, shared: _Triples, subject: ox.NamedNode, article: Article) -> None:
    graph.add(subject, _RDF.type, _SDO.NewsArticle)
    graph.add(subject, _SDO.identifier, ox.Literal(article.id))
    graph.add(subject, _NIF.isString, ox.Literal(article.text))
    graph.add(subject, _NKG.sha256, ox.Literal(article.sha256))
    if article.title:
        graph.add(subject, _SDO.headline, ox.Literal(article.title))
    if article.published:
        graph.add(subject, _SDO.datePublished, ox.Literal(article.published.isoformat(), datatype=_XSD.date))
    if article.url:
        is_web = urlsplit(article.url).scheme in {"http", "https"}
        graph.add(subject, _SDO.url, ox.Literal(article.url, datatype=_XSD.anyURI if is_web else None))
    if article.source:
        publisher = _named_node(shared, EntityType.ORGANIZATION, article.source)
        graph.add(subject, _SDO.publisher, publisher)
    if article.author:
        author = _named_node(shared, EntityType.PERSON, article.author)
        graph.add(subject, _SDO.author, author)


def _named_node(graph: _Triples, entity_type: EntityType, name: str) -> ox.NamedNode:
    """A person or organisation known from metadata, named as the text's mentions are."""
    name = clean_name(name, "PERSON" if entity_type is EntityType.PERSON else "ORG") or name
    node = ox.NamedNode(entity_iri(entity_key(entity_type, name)))
    graph.add(node, _RDF.type, _ENTITY_CLASSES[entity_type])
    graph.add(node, _RDFS.label, ox.Literal(name))
    return node


def _add_entity(graph: _Triples, shared: _Triples, article: ox.NamedNode, entity: Entity) -> None:
    node = ox.NamedNode(entity_iri(entity.key))
    shared.add(node, _RDF.type, _ENTITY_CLASSES[entity.type])
    shared.add(node, _RDFS.label, ox.Literal(entity.name))
    graph.add(article, _SDO.mentions, node)
    for alias in sorted(entity.aliases):
        graph.add(node, _SKOS.altLabel, ox.Literal(alias))
    for span in [*entity.mentions, *entity.adjectives]:
        graph.add(node, _GAF.denotedBy, _add_mention(graph, article, span))
    if entity.geo is not None:
        geo = entity.geo
        shared.add(node, _OWL.sameAs, ox.NamedNode(f"{GEONAMES}{geo.geonames_id}/"))
        shared.add(node, _NKG.countryCode, ox.Literal(geo.country_code))
        if geo.latitude is not None and geo.longitude is not None:
            shared.add(node, _WGS84.lat, _decimal(geo.latitude))
            shared.add(node, _WGS84.long, _decimal(geo.longitude))


def _add_mention(graph: _Triples, article: ox.NamedNode, span: Span) -> ox.NamedNode:
    """A mention node: the exact characters of the article an entity or event was read from."""
    node = ox.NamedNode(mention_iri(article.value, span))
    graph.add(node, _RDF.type, _NKG.Mention)
    graph.add(node, _NIF.anchorOf, ox.Literal(span.text))
    graph.add(node, _NIF.beginIndex, _integer(span.start))
    graph.add(node, _NIF.endIndex, _integer(span.end))
    graph.add(node, _NIF.referenceContext, article)
    return node


def event_iri(article_id: str, event: Event) -> URIRef:
    """An event's IRI: its article and the position of its trigger word."""
    return ID[f"event/{_segment(article_id)}/{event.trigger.start}"]


def _add_event(graph: _Triples, article_node: ox.NamedNode, article: Article, event: Event) -> None:
    node = ox.NamedNode(event_iri(article.id, event))
    for cls in (_SDO.Event, _NKG.ReportedEvent, _NKG[event.type]):  # superclasses stated: no reasoner needed
        graph.add(node, _RDF.type, cls)
    graph.add(node, _RDFS.label, ox.Literal(event.label))
    graph.add(node, _NKG.factuality, _NKG[event.factuality])
    for trigger, sentence in [(event.trigger, event.sentence), *event.also]:
        graph.add(node, _NKG.evidence, ox.Literal(sentence.text))
        graph.add(node, _GAF.denotedBy, _add_mention(graph, article_node, trigger))
    graph.add(node, _PROV.wasDerivedFrom, article_node)
    graph.add(article_node, _SDO.mentions, node)
    for participant in event.participants:
        graph.add(node, _ROLE_PROPERTIES[participant.role], ox.NamedNode(entity_iri(participant.entity_key)))
    if event.place_key is not None:
        graph.add(node, _SDO.location, ox.NamedNode(entity_iri(event.place_key)))
    if event.time is not None:
        graph.add(node, _NKG.timeExpression, ox.Literal(event.time.text))
        graph.add(node, _NKG.timeResolved, _TRUE if event.time.value is not None else _FALSE)
        if event.time.value is not None:
            datatype = DATE_TYPES[event.time.granularity or "date"]
            graph.add(node, _SDO.startDate, ox.Literal(event.time.value, datatype=ox.NamedNode(datatype)))


#: The direct property each relation kind asserts, by the subject's type where it matters.
RELATION_PROPERTIES = {
    "role": ORG.memberOf,
    "member_of": ORG.memberOf,
    "nationality": SDO.nationality,
}


def relation_property(relation: Relation) -> URIRef:
    """The property a relation asserts: places are contained in places, other things located in them."""
    if relation.kind == "located_in":
        return SDO.containedInPlace if relation.subject_key.startswith("place/") else SDO.location
    return RELATION_PROPERTIES[relation.kind]


def _add_relation(
    graph: _Triples, shared: _Triples, article_node: ox.NamedNode, article: Article, relation: Relation
) -> None:
    """The direct triple, and a statement node that carries its evidence (an org:Membership for roles)."""
    subject, obj = (
        ox.NamedNode(entity_iri(relation.subject_key)),
        ox.NamedNode(entity_iri(relation.object_key)),
    )
    prop = ox.NamedNode(relation_property(relation))
    graph.add(subject, prop, obj)
    node = ox.NamedNode(
        ID[
            f"relation/{_segment(article.id)}/{relation.subject.start}-{relation.object.start}-{relation.kind}"
        ]
    )
    graph.add(node, _RDF.type, _RDF.Statement)
    graph.add(node, _RDF.subject, subject)
    graph.add(node, _RDF.predicate, prop)
    graph.add(node, _RDF.object, obj)
    graph.add(node, _NKG.evidence, ox.Literal(relation.sentence.text))
    graph.add(node, _PROV.wasDerivedFrom, article_node)
    for span in (relation.subject, relation.object):
        graph.add(node, _GAF.denotedBy, _add_mention(graph, article_node, span))
    if prop == _ORG.memberOf:
        graph.add(node, _RDF.type, _ORG.Membership)
        graph.add(node, _ORG.member, subject)
        graph.add(node, _ORG.organization, obj)
    if relation.title:
        role = ox.NamedNode(ID[f"role/{slug(relation.title)}"])
        graph.add(node, _ORG.role, role)
        shared.add(role, _RDF.type, _ORG.Role)
        shared.add(role, _RDFS.label, ox.Literal(relation.title))
        graph.add(subject, _SDO.jobTitle, ox.Literal(relation.title))


def _add_quote(
    graph: _Triples, article_node: ox.NamedNode, article: Article, quote: Quote, events: list[Event]
) -> None:
    """A schema:Quotation with its words, speaker and sentence; the statement event it belongs to links it."""
    node = ox.NamedNode(ID[f"quote/{_segment(article.id)}/{quote.text.start}"])
    graph.add(node, _RDF.type, _SDO.Quotation)
    graph.add(node, _SDO.text, ox.Literal(quote.words))
    graph.add(node, _SDO.isPartOf, article_node)
    graph.add(node, _NKG.evidence, ox.Literal(quote.sentence.text))
    graph.add(node, _GAF.denotedBy, _add_mention(graph, article_node, quote.text))
    if quote.speaker_key is not None:
        graph.add(node, _SDO.creator, ox.NamedNode(entity_iri(quote.speaker_key)))
    for key in quote.about:
        graph.add(node, _SDO.about, ox.NamedNode(entity_iri(key)))
    for event in events:
        if event.type == "Statement" and quote.sentence.start <= event.trigger.start < quote.sentence.end:
            graph.add(ox.NamedNode(event_iri(article.id, event)), _NKG.quotation, node)


def ontology_ntriples() -> str:
    """The ontology as N-Triples, for the store's default graph."""
    quads = ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    return ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES).decode()
