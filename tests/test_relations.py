"""Relations and quotations from sentences written here."""


def relations(extraction):
    names = {e.key: e.name for e in extraction.entities}
    return {
        (r.kind, names.get(r.subject_key), names.get(r.object_key), r.title) for r in extraction.relations
    }


def test_title_before_a_name_gives_a_role(extract_text):
    x = extract_text("Kremlin spokesman Dmitry Peskov denied the reports.")
    assert ("role", "Dmitry Peskov", "Kremlin", "spokesman") in relations(x)


def test_apposition_gives_a_role(extract_text):
    x = extract_text("Viktor Zolotov, chief of Russia's national guard, admitted problems.")
    kinds = {(k, s, o) for k, s, o, _ in relations(x)}
    assert ("role", "Viktor Zolotov", "Russia") in kinds


def test_membership(extract_text):
    x = extract_text("The base is 15 miles from the border with NATO member Poland.")
    assert ("member_of", "Poland", "NATO", None) in relations(x)


def test_city_in_country(extract_text):
    x = extract_text("GRONINGEN, Netherlands 1996-08-30\nThe council met.")
    assert ("located_in", "Groningen", "The Netherlands", None) in relations(x)


def test_a_list_of_countries_is_not_a_location(extract_text):
    x = extract_text("Representatives from Denmark, Finland, Estonia and Sweden will be there.")
    assert not [r for r in x.relations if r.kind == "located_in"]


def test_organisation_in_a_place(extract_text):
    x = extract_text("The International Criminal Court in The Hague opened an inquiry.")
    assert ("located_in", "International Criminal Court", "The Hague", None) in relations(x)


def test_nationality_from_a_demonym_and_from_brackets(extract_text):
    x = extract_text("Belarusian President Alexander Lukashenko spoke. 2. Guy Forget ( France ) 6-4")
    found = {(k, s, o) for k, s, o, _ in relations(x)}
    assert ("nationality", "Alexander Lukashenko", "Belarus") in found
    assert ("nationality", "Guy Forget", "France") in found


def test_relation_evidence_is_its_sentence(extract_text):
    text = "It rained. Kremlin spokesman Dmitry Peskov denied the reports."
    x = extract_text(text)
    relation = next(r for r in x.relations if r.kind == "role")
    assert relation.sentence.text == "Kremlin spokesman Dmitry Peskov denied the reports."
    assert text[relation.subject.start : relation.subject.end] == "Dmitry Peskov"


def test_quote_with_named_speaker(extract_text):
    x = extract_text("Mr Javid said: “We have made it very clear to the Russians.”")
    quote = x.quotes[0]
    assert quote.text.text == "We have made it very clear to the Russians."
    assert quote.speaker_key == "person/javid"


def test_quote_across_paragraphs_leaves_out_the_boilerplate_between_them(extract_text):
    x = extract_text(
        "Rutte said: “Ukraine has the right to defend itself, and that right does not end at the border.\n"
        "Read more related news:\n"
        "Russian warplane flew within feet of US fighter jet\n"
        "“At the end, it is up to each ally to determine its support for Ukraine.”"
    )
    quote = x.quotes[0]
    assert "Read more" not in quote.words and "warplane" not in quote.words
    assert quote.words.startswith("Ukraine has the right") and quote.words.endswith("support for Ukraine.")
    assert "warplane" in quote.text.text  # the span, for provenance, is still the article's own characters


def test_quote_after_he_said_goes_to_the_last_subject(extract_text):
    x = extract_text(
        "Kremlin spokesman Dmitry Peskov denied claims that Russia asked China to help Vladimir Putin.\n"
        "He said: “Russia possesses its own potential to continue the operation.”"
    )
    assert x.quotes[0].speaker_key == "person/dmitry_peskov"


def test_short_scare_quotes_are_not_quotations(extract_text):
    assert extract_text("He called it a “toecap” on NATO soil.").quotes == []


def test_quote_is_about_what_it_names_and_what_the_sentence_says(extract_text):
    x = extract_text("Mr Javid warned of Russia: “One toecap on NATO soil would be an act of war.”")
    quote = x.quotes[0]
    assert set(quote.about) == {"place/russia", "organization/nato"}
    assert quote.speaker_key not in quote.about
