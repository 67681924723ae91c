"""Map an Extraction to RDF: the only module that knows the ontology's IRIs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as percent_encode
from urllib.parse import urlsplit

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
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


def mention_iri(article: URIRef, span: Span) -> URIRef:
    """An RFC 5147 fragment naming a character span of the article's text."""
    return URIRef(f"{article}#char={span.start},{span.end}")


@dataclass(frozen=True)
class ArticleRDF:
    """One article's statements (its own named graph) and the descriptions of the entities it names.

    An entity's type, label and GeoNames link are the same whichever article names it, so they go
    to one shared graph, stated once: a query over the union of graphs then meets each fact once.
    """

    graph: Graph
    shared: Graph

    def union(self) -> Graph:
        """Both graphs merged, for reading."""
        return self.graph + self.shared


def to_graph(extraction: Extraction, extractor: str = "") -> ArticleRDF:
    """All statements of one article, in a graph named by the article's IRI, stamped with the extractor."""
    article = extraction.article
    graph = Graph(identifier=article_iri(article.id))
    shared = Graph(identifier=ENTITIES_GRAPH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    subject = graph.identifier
    _add_article(graph, shared, subject, article)
    if extractor:
        graph.add((subject, NKG.extractor, Literal(extractor)))
    for entity in extraction.entities:
        _add_entity(graph, shared, subject, entity)
    for event in extraction.events:
        _add_event(graph, subject, article, event)
    for relation in extraction.relations:
        _add_relation(graph, shared, subject, article, relation)
    for quote in extraction.quotes:
        _add_quote(graph, subject, article, quote, extraction.events)
    return ArticleRDF(graph, shared)


def _add_article(graph: Graph, shared: Graph, subject: URIRef, article: Article) -> None:
    graph.add((subject, RDF.type, SDO.NewsArticle))
    graph.add((subject, SDO.identifier, Literal(article.id)))
    graph.add((subject, NIF.isString, Literal(article.text)))
    graph.add((subject, NKG.sha256, Literal(article.sha256)))
    if article.title:
        graph.add((subject, SDO.headline, Literal(article.title)))
    if article.published:
        graph.add((subject, SDO.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.url:
        is_web = urlsplit(article.url).scheme in {"http", "https"}
        graph.add((subject, SDO.url, Literal(article.url, datatype=XSD.anyURI if is_web else None)))
    if article.source:
        publisher = _named_node(shared, EntityType.ORGANIZATION, article.source)
        graph.add((subject, SDO.publisher, publisher))
    if article.author:
        author = _named_node(shared, EntityType.PERSON, article.author)
        graph.add((subject, SDO.author, author))


def _named_node(graph: Graph, entity_type: EntityType, name: str) -> URIRef:
    """A person or organisation known from metadata, named as the text's mentions are."""
    name = clean_name(name, "PERSON" if entity_type is EntityType.PERSON else "ORG") or name
    node = entity_iri(entity_key(entity_type, name))
    graph.add((node, RDF.type, ENTITY_CLASSES[entity_type]))
    graph.add((node, RDFS.label, Literal(name)))
    return node


def _add_entity(graph: Graph, shared: Graph, article: URIRef, entity: Entity) -> None:
    node = entity_iri(entity.key)
    shared.add((node, RDF.type, ENTITY_CLASSES[entity.type]))
    shared.add((node, RDFS.label, Literal(entity.name)))
    graph.add((article, SDO.mentions, node))
    for alias in sorted(entity.aliases):
        graph.add((node, SKOS.altLabel, Literal(alias)))
    for span in [*entity.mentions, *entity.adjectives]:
        graph.add((node, GAF.denotedBy, _add_mention(graph, article, span)))
    if entity.geo is not None:
        geo = entity.geo
        shared.add((node, OWL.sameAs, URIRef(f"{GEONAMES}{geo.geonames_id}/")))
        shared.add((node, NKG.countryCode, Literal(geo.country_code)))
        if geo.latitude is not None and geo.longitude is not None:
            shared.add((node, WGS84.lat, Literal(geo.latitude, datatype=XSD.decimal)))
            shared.add((node, WGS84.long, Literal(geo.longitude, datatype=XSD.decimal)))


def _add_mention(graph: Graph, article: URIRef, span: Span) -> URIRef:
    """A mention node: the exact characters of the article an entity or event was read from."""
    node = mention_iri(article, span)
    graph.add((node, RDF.type, NKG.Mention))
    graph.add((node, NIF.anchorOf, Literal(span.text)))
    graph.add((node, NIF.beginIndex, Literal(span.start)))
    graph.add((node, NIF.endIndex, Literal(span.end)))
    graph.add((node, NIF.referenceContext, article))
    return node


def event_iri(article_id: str, event: Event) -> URIRef:
    """An event's IRI: its article and the position of its trigger word."""
    return ID[f"event/{_segment(article_id)}/{event.trigger.start}"]


def _add_event(graph: Graph, article_node: URIRef, article: Article, event: Event) -> None:
    node = event_iri(article.id, event)
    for cls in (
        SDO.Event,
        NKG.ReportedEvent,
        NKG[event.type],
    ):  # superclasses stated: stores need no reasoner
        graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(event.label)))
    graph.add((node, NKG.factuality, NKG[event.factuality]))
    for trigger, sentence in [(event.trigger, event.sentence), *event.also]:
        graph.add((node, NKG.evidence, Literal(sentence.text)))
        graph.add((node, GAF.denotedBy, _add_mention(graph, article_node, trigger)))
    graph.add((node, PROV.wasDerivedFrom, article_node))
    graph.add((article_node, SDO.mentions, node))
    for participant in event.participants:
        graph.add((node, ROLE_PROPERTIES[participant.role], entity_iri(participant.entity_key)))
    if event.place_key is not None:
        graph.add((node, SDO.location, entity_iri(event.place_key)))
    if event.time is not None:
        graph.add((node, NKG.timeExpression, Literal(event.time.text)))
        graph.add((node, NKG.timeResolved, Literal(event.time.value is not None)))
        if event.time.value is not None:
            datatype = DATE_TYPES[event.time.granularity or "date"]
            graph.add((node, SDO.startDate, Literal(event.time.value, datatype=datatype)))


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
    graph: Graph, shared: Graph, article_node: URIRef, article: Article, relation: Relation
) -> None:
    """The direct triple, and a statement node that carries its evidence (an org:Membership for roles)."""
    subject, obj = entity_iri(relation.subject_key), entity_iri(relation.object_key)
    prop = relation_property(relation)
    graph.add((subject, prop, obj))
    node = ID[
        f"relation/{_segment(article.id)}/{relation.subject.start}-{relation.object.start}-{relation.kind}"
    ]
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, prop))
    graph.add((node, RDF.object, obj))
    graph.add((node, NKG.evidence, Literal(relation.sentence.text)))
    graph.add((node, PROV.wasDerivedFrom, article_node))
    for span in (relation.subject, relation.object):
        graph.add((node, GAF.denotedBy, _add_mention(graph, article_node, span)))
    if prop == ORG.memberOf:
        graph.add((node, RDF.type, ORG.Membership))
        graph.add((node, ORG.member, subject))
        graph.add((node, ORG.organization, obj))
    if relation.title:
        role = ID[f"role/{slug(relation.title)}"]
        graph.add((node, ORG.role, role))
        shared.add((role, RDF.type, ORG.Role))
        shared.add((role, RDFS.label, Literal(relation.title)))
        graph.add((subject, SDO.jobTitle, Literal(relation.title)))


def _add_quote(
    graph: Graph, article_node: URIRef, article: Article, quote: Quote, events: list[Event]
) -> None:
    """A schema:Quotation with its words, speaker and sentence; the statement event it belongs to links it."""
    node = ID[f"quote/{_segment(article.id)}/{quote.text.start}"]
    graph.add((node, RDF.type, SDO.Quotation))
    graph.add((node, SDO.text, Literal(quote.words)))
    graph.add((node, SDO.isPartOf, article_node))
    graph.add((node, NKG.evidence, Literal(quote.sentence.text)))
    graph.add((node, GAF.denotedBy, _add_mention(graph, article_node, quote.text)))
    if quote.speaker_key is not None:
        graph.add((node, SDO.creator, entity_iri(quote.speaker_key)))
    for key in quote.about:
        graph.add((node, SDO.about, entity_iri(key)))
    for event in events:
        if event.type == "Statement" and quote.sentence.start <= event.trigger.start < quote.sentence.end:
            graph.add((event_iri(article.id, event), NKG.quotation, node))


def ontology_graph() -> Graph:
    """The ontology, for the store's default graph."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")
