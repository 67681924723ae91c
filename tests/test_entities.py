"""Entities: typed, named and merged within one article, with exact mention offsets."""

from kg.models import EntityType


def names(extraction, entity_type):
    return {e.name for e in extraction.entities if e.type is entity_type}


def test_short_forms_merge_into_the_full_name(extract_text):
    x = extract_text("Vladimir Putin spoke in Moscow. Later Putin met Mr Putin's advisers.")
    putin = [e for e in x.entities if e.type is EntityType.PERSON]
    assert [e.name for e in putin] == ["Vladimir Putin"]
    assert "Putin" in putin[0].aliases
    assert len(putin[0].mentions) >= 2


def test_two_candidates_for_a_surname_stay_apart(extract_text):
    x = extract_text("Boris Johnson met Dwayne Johnson in London. Johnson said nothing.")
    people = names(x, EntityType.PERSON)
    assert {"Boris Johnson", "Dwayne Johnson"} <= people


def test_acronym_merges_with_its_long_form_and_becomes_canonical(extract_text):
    x = extract_text("The North Atlantic Treaty Organization met in Brussels. NATO said its members agreed.")
    orgs = [e for e in x.entities if e.type is EntityType.ORGANIZATION]
    nato = [e for e in orgs if e.name == "NATO"]
    assert len(nato) == 1
    assert "North Atlantic Treaty Organization" in nato[0].aliases


def test_case_variants_are_one_entity(extract_text):
    x = extract_text("NATO ministers met on Monday. Nato said the alliance was united. NATO agreed.")
    assert [e.name for e in x.entities if e.key == "organization/nato"] == ["NATO"]


def test_mention_offsets_point_into_the_original_text(extract_text):
    text = "Ukraine President Volodymyr Zelensky addressed the US Congress from Kyiv."
    x = extract_text(text)
    found = {(span.start, span.end, span.text) for entity in x.entities for span in entity.mentions}
    expected = {"Ukraine", "Volodymyr Zelensky", "US Congress", "Kyiv"}
    assert found == {(text.index(name), text.index(name) + len(name), name) for name in expected}


def test_city_mislabelled_as_person_becomes_a_place(extract_text):
    x = extract_text("Mark Rutte has told Kyiv they have the right to strike targets.")
    assert "Kyiv" in names(x, EntityType.PLACE)
    assert "Kyiv" not in names(x, EntityType.PERSON)


def test_places_are_linked_to_geonames(extract_text):
    x = extract_text("Ministers met in Brussels, the capital of Belgium.")
    brussels = next(e for e in x.entities if e.name == "Brussels")
    assert brussels.geo is not None and brussels.geo.geonames_id == 2800866
    assert brussels.geo.latitude is not None


def test_text_without_entities_gives_none(extract_text):
    assert extract_text("it was a quiet day and nothing at all happened here.").entities == []


def test_country_aliases_are_one_linked_place(extract_text):
    x = extract_text("Russia warned Kyiv. The Russian Federation said its doctrine had changed.")
    russia = [e for e in x.entities if e.type is EntityType.PLACE and e.geo and e.geo.geonames_id == 2017370]
    assert len(russia) == 1
    assert russia[0].name == "Russia"
    assert "Russian Federation" in russia[0].aliases


def test_sports_page_city_is_a_team_but_a_venue_stays_a_place(extract_text):
    x = extract_text(
        "SOCCER - LEEDS BEAT CHELSEA\nLONDON 1996-08-30\nLeeds beat Chelsea 2-1 at Elland Road in London."
    )
    kinds = {e.name: e.type for e in x.entities}
    assert kinds["Leeds"] is EntityType.ORGANIZATION
    assert kinds["London"] is EntityType.PLACE


def test_surname_of_a_person_in_the_article_is_a_person(extract_text):
    x = extract_text("Jeff Tarango lost in Paris. Tarango said he was angry.")
    tarango = next(e for e in x.entities if e.name == "Jeff Tarango")
    assert tarango.type is EntityType.PERSON and "Tarango" in tarango.aliases


def test_named_events_and_parties(extract_text):
    x = extract_text(
        "At the 2004 Canadian federal election the Social Democratic and Labour Party lost seats. "
        "Veterans of World War II met at the NATO summit."
    )
    events = {e.name for e in x.entities if e.type is EntityType.EVENT}
    assert {"2004 Canadian federal election", "World War II", "NATO summit"} <= events
    assert "Social Democratic and Labour Party" in {
        e.name for e in x.entities if e.type is EntityType.ORGANIZATION
    }


def test_all_caps_headline_is_read(extract_text):
    x = extract_text("PUTIN MEETS MACRON IN MOSCOW\nThe two leaders talked for five hours.")
    assert "Moscow" in {e.name for e in x.entities if e.type is EntityType.PLACE}


def test_portfolio_before_a_title_is_not_an_organisation(extract_text):
    x = extract_text("Justice Secretary Dominic Raab and Cabinet minister Sajid Javid spoke.")
    assert not {"Justice", "Cabinet"} & {e.name for e in x.entities}


def test_first_word_of_a_company_is_the_company(extract_text):
    x = extract_text("Barrick Gold Corp said profits rose. Barrick also bought a mine in Peru.")
    barrick = [e for e in x.entities if "Barrick" in e.name]
    assert [(e.name, e.type) for e in barrick] == [("Barrick Gold Corp", EntityType.ORGANIZATION)]
    assert "Barrick" in barrick[0].aliases


def test_organisation_named_with_a_place_is_split_from_it(extract_text):
    x = extract_text("Raab visited the ICC in The Hague on Monday, officials said.")
    assert "ICC" in names(x, EntityType.ORGANIZATION)
    assert "The Hague" in names(x, EntityType.PLACE)


def test_broadcaster_keeps_the_number_in_its_name(extract_text):
    x = extract_text("A protester burst onto the set of the nightly news on state-run Russian Channel 1.")
    assert "Russian Channel 1" in names(x, EntityType.ORGANIZATION)


def test_plural_of_an_abbreviation_is_not_an_organisation(extract_text):
    x = extract_text("Russia launched UAVs at the city, and MPs condemned the attack.")
    assert not {"UAVs", "MPs"} & names(x, EntityType.ORGANIZATION)
