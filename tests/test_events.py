"""Events from sentences written here: type, roles, place, time and factuality."""


def only_event(extraction, event_type):
    found = [e for e in extraction.events if e.type == event_type]
    assert len(found) == 1, [(e.type, e.label) for e in extraction.events]
    return found[0]


def roles(extraction, event):
    by_key = {e.key: e.name for e in extraction.entities}
    return {(p.role, by_key[p.entity_key]) for p in event.participants}


def test_attack_with_agent_target_and_date(extract_text):
    x = extract_text("Russia attacked Ukraine on Sunday.")
    attack = only_event(x, "Attack")
    assert roles(x, attack) == {("agent", "Russia"), ("target", "Ukraine")}
    assert attack.time.value == "2022-03-13"
    assert attack.factuality == "asserted"


def test_future_meeting_with_place_and_date(extract_text):
    x = extract_text("NATO defence ministers will meet for crisis talks on Wednesday in Brussels.")
    meeting = only_event(x, "Meeting")
    assert meeting.place_key == "place/brussels"
    assert meeting.time.value == "2022-03-16"
    assert meeting.factuality == "future"


def test_nominal_event_with_possessive_date_and_place(extract_text):
    x = extract_text("His comments follow Sunday's deadly strike on the Yavoriv base in Ukraine.")
    strike = only_event(x, "Attack")
    assert strike.time.value == "2022-03-13"
    assert "strike" in strike.label


def test_statement_has_its_speaker_as_agent(extract_text):
    x = extract_text("Dmitry Peskov said the operation would be completed on time.")
    statement = only_event(x, "Statement")
    assert ("agent", "Dmitry Peskov") in roles(x, statement)


def test_protester_makes_a_protest(extract_text):
    x = extract_text("A protester yesterday burst onto the set of the news on Channel 1.")
    protest = only_event(x, "Protest")
    assert protest.time.value == "2022-03-14"


def test_negated_event(extract_text):
    x = extract_text("Finland did not attack Sweden.")
    assert only_event(x, "Attack").factuality == "negated"


def test_evidence_is_the_sentence_in_the_original_text(extract_text):
    text = "Ministers met in London. Russia threatened Ukraine yesterday."
    x = extract_text(text)
    threat = only_event(x, "Threat")
    assert threat.sentence.text == "Russia threatened Ukraine yesterday."
    assert text[threat.trigger.start : threat.trigger.end] == "threatened"


def test_sentence_without_event_words_gives_no_event(extract_text):
    assert extract_text("The sky over Paris was blue.").events == []


def test_plural_nominal_trigger(extract_text):
    x = extract_text(
        "Boris Johnson will later hold talks with his Finnish and Swedish counterparts in London."
    )
    talks = only_event(x, "Meeting")
    assert talks.factuality == "future"
    assert talks.place_key == "place/london"
