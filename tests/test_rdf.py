"""The RDF mapping, tested on extractions built by hand (no spaCy)."""

from datetime import date

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import SDO, XSD

from kg.models import (
    Article,
    Entity,
    EntityType,
    Event,
    Extraction,
    GeoPlace,
    Participant,
    Span,
    TimeExpression,
)
from kg.rdf import ENTITIES_GRAPH, GAF, NIF, NKG, WGS84, article_iri, entity_iri, to_graph

TEXT = "Putin met Vladimir Putin in Brussels on Sunday."


def sample() -> Extraction:
    article = Article(
        id="a/1",
        text=TEXT,
        title="Headline",
        published=date(2022, 3, 15),
        source="Daily Mirror",
        author="Ben Glaze",
        url="https://example.org/a1",
        sha256="ab" * 32,
    )
    putin = Entity(
        EntityType.PERSON,
        "Vladimir Putin",
        "person/vladimir_putin",
        {"Putin"},
        [Span(0, 5, "Putin"), Span(10, 24, "Vladimir Putin")],
    )
    brussels = Entity(
        EntityType.PLACE,
        "Brussels",
        "place/brussels",
        set(),
        [Span(28, 36, "Brussels")],
        geo=GeoPlace(2800866, "Brussels", "BE", 50.85, 4.35),
    )
    meeting = Event(
        "Meeting",
        "Putin met Vladimir Putin",
        Span(6, 9, "met"),
        Span(0, 48, TEXT),
        [Participant("person/vladimir_putin", "agent")],
        "place/brussels",
        TimeExpression("Sunday", "2022-03-13", "date"),
        "asserted",
    )
    return Extraction(article, [putin, brussels], [meeting])


def read_back(extraction: Extraction) -> tuple[Graph, Graph]:
    """The article's graph and the shared entities graph, parsed from the N-Triples to_graph wrote."""
    rdf = to_graph(extraction)
    return (
        Graph(identifier=URIRef(rdf.name)).parse(data=rdf.ntriples, format="nt"),
        Graph(identifier=ENTITIES_GRAPH).parse(data=rdf.shared, format="nt"),
    )


def test_graph_is_named_by_the_article():
    graph, _ = read_back(sample())
    assert graph.identifier == article_iri("a/1")
    assert (graph.identifier, RDF.type, SDO.NewsArticle) in graph


def test_entity_descriptions_go_to_the_shared_graph_and_mentions_stay_with_the_article():
    graph, shared = read_back(sample())
    putin = entity_iri("person/vladimir_putin")
    assert to_graph(sample()).name == str(article_iri("a/1"))
    assert (putin, RDF.type, SDO.Person) in shared and (putin, RDF.type, SDO.Person) not in graph
    assert (putin, RDFS.label, Literal("Vladimir Putin")) in shared
    assert (graph.identifier, SDO.mentions, putin) in graph
    assert not set(shared.objects(putin, GAF.denotedBy))


def test_article_metadata():
    own, shared = read_back(sample())
    art = own.identifier
    graph = own + shared
    assert graph.value(art, SDO.headline) == Literal("Headline")
    assert graph.value(art, SDO.datePublished) == Literal("2022-03-15", datatype=XSD.date)
    publisher = graph.value(art, SDO.publisher)
    assert (publisher, RDF.type, SDO.Organization) in graph
    assert graph.value(publisher, RDFS.label) == Literal("Daily Mirror")
    assert graph.value(graph.value(art, SDO.author), RDFS.label) == Literal("Ben Glaze")


def test_entity_type_labels_and_mentions():
    own, shared = read_back(sample())
    graph = own + shared
    graph_name = own.identifier
    putin = entity_iri("person/vladimir_putin")
    assert (putin, RDF.type, SDO.Person) in graph
    assert graph.value(putin, RDFS.label) == Literal("Vladimir Putin")
    assert set(graph.objects(putin, SKOS.altLabel)) == {Literal("Putin")}
    assert (graph_name, SDO.mentions, putin) in graph
    mentions = set(graph.objects(putin, GAF.denotedBy))
    assert URIRef(f"{graph_name}#char=0,5") in mentions
    for mention in mentions:
        begin = graph.value(mention, NIF.beginIndex).toPython()
        end = graph.value(mention, NIF.endIndex).toPython()
        assert TEXT[begin:end] == str(graph.value(mention, NIF.anchorOf))


def test_place_is_linked():
    _, graph = read_back(sample())
    brussels = entity_iri("place/brussels")
    assert (brussels, OWL.sameAs, URIRef("https://sws.geonames.org/2800866/")) in graph
    assert float(graph.value(brussels, WGS84.lat)) == 50.85


def test_event_roles_place_time_and_evidence():
    graph, _ = read_back(sample())
    event = next(graph.subjects(RDF.type, NKG.Meeting))
    assert (event, RDF.type, SDO.Event) in graph
    assert graph.value(event, NKG.agent) == entity_iri("person/vladimir_putin")
    assert graph.value(event, SDO.location) == entity_iri("place/brussels")
    assert graph.value(event, SDO.startDate) == Literal("2022-03-13", datatype=XSD.date)
    assert graph.value(event, NKG.timeExpression) == Literal("Sunday")
    assert graph.value(event, NKG.factuality) == NKG.asserted
    assert graph.value(event, NKG.evidence) == Literal(TEXT)


def test_iris_are_deterministic_across_articles():
    first, second = sample(), sample()
    second.article = Article(id="other", text=TEXT, sha256="cd" * 32)
    shared = set(read_back(first)[1].subjects(RDF.type, SDO.Person)) & set(
        read_back(second)[1].subjects(RDF.type, SDO.Person)
    )
    assert entity_iri("person/vladimir_putin") in shared


def test_coordinates_are_valid_decimals_even_near_zero():
    extraction = sample()
    extraction.entities[1].geo = GeoPlace(1, "Null Island", "XX", 0.00001, -1e-7)
    _, shared = read_back(extraction)
    lat = shared.value(entity_iri("place/brussels"), WGS84.lat)
    long = shared.value(entity_iri("place/brussels"), WGS84.long)
    assert (str(lat), str(long)) == ("0.00001", "-0.0000001")
    assert lat.datatype == XSD.decimal
