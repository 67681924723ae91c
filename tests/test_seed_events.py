"""The events of the seed articles, end to end through `kg build data/`, checked by SPARQL."""


def events(store, where: str) -> list[dict[str, str]]:
    return store.select(
        f"SELECT DISTINCT ?e ?label WHERE {{ ?e a nkg:ReportedEvent ; rdfs:label ?label . {where} }}"
    )


def test_strike_on_the_yavoriv_base_on_sunday_13_march(store):
    found = events(
        store,
        """?e a nkg:Attack ; schema:startDate "2022-03-13"^^xsd:date ;
        nkg:timeExpression ?t ; schema:location/rdfs:label "Yavoriv" ; nkg:factuality nkg:asserted .
        FILTER(CONTAINS(?t, "Sunday"))""",
    )
    assert [r["label"] for r in found] == ["Sunday’s deadly strike on the Yavoriv base"]


def test_nato_defence_ministers_talks_in_brussels_announced_for_wednesday_16_march(store):
    found = events(
        store,
        """?e a nkg:Meeting ; schema:startDate "2022-03-16"^^xsd:date ;
        nkg:factuality nkg:future ; nkg:agent/rdfs:label "NATO" ; schema:location/rdfs:label "Brussels" .""",
    )
    assert len(found) == 1


def test_zelensky_address_to_the_us_congress_tomorrow(store):
    found = events(
        store,
        """?e a nkg:Statement ; schema:startDate "2022-03-16"^^xsd:date ;
        nkg:agent/rdfs:label "Volodymyr Zelensky" ; nkg:target/rdfs:label "US Congress" .""",
    )
    assert [r["label"] for r in found] == ["an address to the US Congress"]


def test_johnson_hosts_leaders_in_london_today(store):
    found = events(
        store,
        """?e a nkg:Meeting ; schema:startDate "2022-03-15"^^xsd:date ;
        nkg:agent/rdfs:label "Boris Johnson" ; schema:location/rdfs:label "London" .""",
    )
    assert len(found) == 1


def test_raab_visits_the_icc_in_the_hague(store):
    found = events(
        store,
        """?e a nkg:Visit ; nkg:agent/rdfs:label "Dominic Raab" ;
        schema:location/rdfs:label "The Hague" .""",
    )
    assert len(found) == 1


def test_protest_on_channel_1_yesterday(store):
    found = events(
        store,
        """?e a nkg:Protest ; schema:startDate "2022-03-14"^^xsd:date ;
        (nkg:target|nkg:participant)/rdfs:label "Russian Channel 1" .""",
    )
    assert len(found) == 1


def test_unresolved_time_is_marked_in_the_undated_article(store):
    rows = store.select("""SELECT ?t WHERE { GRAPH id:article\\/rutte-strike-targets-in-russia {
        ?e nkg:timeExpression ?t ; nkg:timeResolved false .
        FILTER NOT EXISTS { ?e schema:startDate ?d } } }""")
    assert {r["t"] for r in rows} >= {"Last Friday"}


def test_quotes_are_linked_from_statements_with_their_speaker(store):
    rows = store.select("""SELECT DISTINCT ?speaker ?words WHERE { ?e a nkg:Statement ; nkg:agent ?p ;
        nkg:quotation ?q . ?q schema:creator ?p ; schema:text ?words . ?p rdfs:label ?speaker }""")
    spoken = {(r["speaker"], r["words"][:30]) for r in rows}
    assert ("Viktor Zolotov", "Not everything is going as fas") in spoken
    assert ("Mark Rutte", "Let’s not forget Ukraine is fi") in spoken


def test_what_lukashenko_threatened(store):
    rows = store.select("""SELECT DISTINCT ?label WHERE { ?e a nkg:Threat ; rdfs:label ?label ;
        nkg:agent/rdfs:label "Alexander Lukashenko" }""")
    assert rows
