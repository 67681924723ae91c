"""Events from the dependency parse and the trigger lexicon: who did what to whom, where and when."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from datetime import date

from spacy.tokens import Doc, Token

from kg.extract import dates, lexicon
from kg.extract.entities import TokenEntity
from kg.extract.quotes import antecedent, refers_back
from kg.models import Entity, EntityType, Event, Participant, Span

#: Dependencies that open a clause of its own: roles are not looked for across them.
CLAUSE_DEPS = frozenset(
    ["ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "mark", "punct"]
)
SUBJECT_DEPS = frozenset({"nsubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "nsubj:pass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
PLACE_PREPS = frozenset(
    ["in", "at", "near", "outside", "inside", "across", "into", "onto", "over", "on", "to", "from"]
)
TARGET_PREPS = frozenset(["on", "against", "at", "to"])
MODALS = frozenset(["could", "may", "might", "would", "should", "must", "can"])
FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll"})
FUTURE_HEADS = frozenset(
    {"expect", "plan", "intend", "set", "schedule", "go", "be", "due", "threaten", "vow", "pledge", "promise"}
)
#: How far up the parse an event without its own agent or time looks for the clause that has them,
#: through which links (never into reported speech: a ccomp is what someone said, not what they did).
MAX_INHERIT_STEPS = 4
INHERIT_DEPS = frozenset({"advcl", "xcomp", "pcomp", "conj", "prep", "pobj", "dobj"})
#: Nominal events whose actor is the subject of the clause around them ('demand … in an address').
INHERITING_NOUN_TYPES = frozenset({"Statement", "Meeting", "Visit", "Protest", "Appeal", "Demand"})
#: Verbs whose object noun names the event: 'issued a grave warning', 'held talks', 'launched an attack'.
LIGHT_VERBS = frozenset("issue make give deliver hold launch stage conduct mount carry lodge file".split())
#: 'met with a furious response' is no meeting.
NOT_MET_WITH = frozenset(
    "response reaction resistance criticism opposition approval anger silence scepticism".split()
)
MAX_DEPTH = 6
#: Prepositions that set a scene rather than bring in a participant ('Despite Putin's crackdown').
SCENE_PREPS = frozenset("despite after before during amid since until following because like unlike".split())
MAX_LABEL_TOKENS = 12
MAX_PART_TOKENS = 6

Locate = Callable[[int, int], Span]


def extract_events(
    doc: Doc,
    token_entities: dict[int, TokenEntity],
    entities: dict[str, Entity],
    locate: Locate,
    published: date | None,
) -> list[Event]:
    """Every reported happening in the document, one event per trigger."""
    date_tokens = {
        i: ent for ent in doc.ents if ent.label_ in {"DATE", "TIME"} for i in range(ent.start, ent.end)
    }
    found = []
    for sentence in doc.sents:
        triggers = list(_triggers(sentence))
        trigger_ids = {t.i for t, _ in triggers}
        for trigger, event_type in triggers:
            if trigger.pos_ == "NOUN" and _governed_by_same_type(trigger, event_type, trigger_ids):
                continue
            found.append(
                _event(
                    trigger, event_type, sentence, token_entities, entities, date_tokens, locate, published
                )
            )
    return merge_coreferent(found)


def merge_coreferent(events: list[Event]) -> list[Event]:
    """NewsReader's rule within an article: the same type, date and a shared participant or place
    make one event; the later reports are kept as its other mentions."""
    kept: list[Event] = []
    for event in events:
        same = next((k for k in kept if _same_happening(k, event)), None)
        if same is None:
            kept.append(event)
        else:
            same.also.append((event.trigger, event.sentence))
            known = {p.entity_key for p in same.participants}
            same.participants.extend(p for p in event.participants if p.entity_key not in known)
            same.place_key = same.place_key or event.place_key
    return kept


def _same_happening(a: Event, b: Event) -> bool:
    if a.type != b.type or a.time is None or b.time is None or a.time.value is None:
        return False
    shared = {p.entity_key for p in a.participants} & {p.entity_key for p in b.participants}
    return a.time.value == b.time.value and bool(shared or (a.place_key and a.place_key == b.place_key))


def _triggers(sentence) -> Iterator[tuple[Token, lexicon.EventType]]:
    """Tokens that signal an event, with the type they signal."""
    for token in sentence:
        if token.dep_ in {"aux", "auxpass"}:
            continue
        event_type = lexicon.type_of(token)
        if event_type is None and token.pos_ == "VERB" and _has_protester_subject(token):
            event_type = lexicon.PROTEST
        if event_type is not None and (token.pos_ != "NOUN" or _is_anchored(token)) and not _met_with(token):
            yield token, event_type


def _met_with(verb: Token) -> bool:
    """'was met with a furious response': meet in the sense of receive."""
    if verb.lemma_ != "meet":
        return False
    objects = [o for p in verb.children if p.lower_ == "with" for o in p.children if o.dep_ == "pobj"]
    return any(o.lemma_.lower() in NOT_MET_WITH for o in objects)


def _has_protester_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS and c.lemma_.lower() in lexicon.PROTESTER_NOUNS for c in verb.children)


def _is_anchored(noun: Token) -> bool:
    """A nominal trigger counts when it is tied to the world: a name, date, or a verb that has it."""
    return any(t.ent_type_ for t in noun.subtree if t is not noun) or noun.dep_ in OBJECT_DEPS | {"pobj"}


def _governed_by_same_type(noun: Token, event_type: lexicon.EventType, trigger_ids: set[int]) -> bool:
    """'meet for crisis talks': the noun repeats the verb's event and adds none of its own."""
    head = noun.head
    for _ in range(2):
        if head.i in trigger_ids and lexicon.type_of(head) is event_type:
            return True
        head = head.head
    return False


def _event(trigger, event_type, sentence, token_entities, entities, date_tokens, locate, published) -> Event:
    """Build one event: roles from the trigger's own clause, time resolved against publication."""
    participants: list[Participant] = []
    place_key = None
    times = []
    subject_names = _subject_names(trigger, token_entities)
    for token, first_dep, prep in _clause_tokens(trigger):
        if first_dep in SUBJECT_DEPS and token.i not in subject_names:
            continue
        if token.i in date_tokens:
            if date_tokens[token.i] not in times:
                times.append(date_tokens[token.i])
            continue
        entity = token_entities.get(token.i)
        if entity is None and first_dep in SUBJECT_DEPS and refers_back(token):
            entity = antecedent(token, token_entities)
        key = entity.key if entity is not None else None
        if key is None or key in {p.entity_key for p in participants} or key == place_key:
            continue
        is_place = entities[key].type is EntityType.PLACE
        role = _role(first_dep, prep, trigger)
        if is_place and place_key is None and (prep in PLACE_PREPS or event_type.name == "Visit"):
            place_key = key
        elif role is not None:
            participants.append(Participant(key, role))
    inherits = (
        trigger.pos_ != "NOUN"
        or event_type.name in INHERITING_NOUN_TYPES
        or (trigger.dep_ in OBJECT_DEPS and trigger.head.lemma_ in LIGHT_VERBS)
    )
    if inherits and not any(p.role == "agent" for p in participants):
        agent = _inherited_agent(trigger, token_entities)
        if agent is not None and agent.key not in {p.entity_key for p in participants}:
            participants.insert(0, Participant(agent.key, "agent"))
    if not times:
        times = _inherited_times(trigger, date_tokens)
    future = _is_future(trigger)
    resolved = [dates.resolve(t.text, published, future) for t in times]
    time = next((t for t in resolved if t.value), resolved[0] if resolved else None)
    return Event(
        type=event_type.name,
        label=_label(trigger),
        trigger=locate(trigger.idx, trigger.idx + len(trigger.text)),
        sentence=locate(sentence.start_char, sentence.start_char + len(sentence.text.rstrip())),
        participants=participants,
        place_key=place_key,
        time=time,
        factuality=_factuality(trigger),
    )


def _subject_names(trigger: Token, token_entities: dict[int, TokenEntity]) -> set[int]:
    """The tokens of the trigger's subject that may name its agent: the subject's own name, else a name
    in apposition or compound ('NATO defence ministers'), never one further down ('NATO secretary
    general Mark Rutte' is Rutte, not NATO)."""
    names: set[int] = set()
    for subject in (c for c in trigger.children if c.dep_ in SUBJECT_DEPS):
        if subject.i in token_entities or refers_back(subject):
            names.add(subject.i)
        else:
            names.update(
                c.i for c in subject.children if c.dep_ in {"appos", "compound"} and c.i in token_entities
            )
    return names


def _governors(trigger: Token) -> Iterator[Token]:
    """The verbs above a trigger that has no subject of its own: 'visiting' in 'Speaking after visiting
    the ICC, Mr Raab said', 'address' in 'expected to demand … in an address'."""
    token = trigger
    for _ in range(MAX_INHERIT_STEPS):
        if token.head is token or token.dep_ not in INHERIT_DEPS:
            return
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            yield token


def _inherited_agent(trigger: Token, token_entities: dict[int, TokenEntity]) -> TokenEntity | None:
    """The subject of the nearest governing verb that has one."""
    for verb in _governors(trigger):
        # 'He is expected to demand …': the raised subject of a passive governor is the actor too
        for subject in (c for c in verb.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS):
            entity = token_entities.get(subject.i)
            if entity is None and refers_back(subject):
                entity = antecedent(subject, token_entities)
            if entity is not None:
                return entity
    return None


def _inherited_times(trigger: Token, date_tokens: dict) -> list:
    """The time expression of the nearest governing clause: 'demand … in an address … tomorrow'."""
    for verb in _governors(trigger):
        times = [date_tokens[t.i] for t, _, _ in _clause_tokens(verb) if t.i in date_tokens]
        if times:
            return list(dict.fromkeys(times))
    return []


def _clause_tokens(trigger: Token) -> Iterator[tuple[Token, str, str | None]]:
    """Tokens reachable from the trigger without leaving its clause: (token, first dep, last prep)."""
    queue = deque((child, child.dep_, None, 1) for child in trigger.children)
    while queue:
        token, first_dep, prep, depth = queue.popleft()
        if token.dep_ in CLAUSE_DEPS or depth > MAX_DEPTH:
            continue
        if token.dep_ == "prep":
            prep = token.lower_
        yield token, first_dep, prep
        queue.extend((child, first_dep, prep, depth + 1) for child in token.children)


def _role(first_dep: str, prep: str | None, trigger: Token) -> str | None:
    """The role an entity plays, from how it hangs off the trigger."""
    if first_dep in SUBJECT_DEPS or (first_dep == "agent"):
        return "agent"
    if trigger.pos_ == "NOUN" and (first_dep == "poss" or (first_dep == "prep" and prep == "by")):
        return "agent"
    if first_dep in PASSIVE_SUBJECT_DEPS or first_dep in OBJECT_DEPS:
        return "target"
    if first_dep == "prep" and prep in TARGET_PREPS:
        return "target"
    if first_dep in {"prep", "compound", "npadvmod"} and prep not in SCENE_PREPS:
        return "participant"
    return None


def _is_future(trigger: Token) -> bool:
    """Whether the event is announced for later: 'will meet', 'are to be held', 'is expected to'."""
    for token in (trigger, trigger.head):
        if any(c.lower_ in FUTURE_AUX for c in token.children if c.dep_ in {"aux", "auxpass"}):
            return True
    has_to = any(c.lower_ == "to" and c.dep_ == "aux" for c in trigger.children)
    return has_to and trigger.dep_ == "xcomp" and trigger.head.lemma_ in FUTURE_HEADS


def _factuality(trigger: Token) -> str:
    """asserted, future, modal or negated: what a query needs to tell news from announcements."""
    if any(c.dep_ == "neg" for c in trigger.children):
        return "negated"
    if _is_future(trigger):
        return "future"
    if any(c.lower_ in MODALS for c in trigger.children if c.dep_ == "aux"):
        return "modal"
    return "asserted"


def _label(trigger: Token) -> str:
    """A short description from the parse: 'Cabinet minister Sajid Javid warned Russia', or a noun phrase."""
    if trigger.pos_ == "NOUN":
        return _phrase(trigger, MAX_LABEL_TOKENS)
    subject = next((c for c in trigger.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS), None)
    after = [c for c in trigger.children if c.i > trigger.i]
    complement = next((c for c in after if c.dep_ in OBJECT_DEPS), None) or next(
        (c for c in after if c.dep_ == "prep"), None
    )
    particles = [c.text for c in trigger.children if c.dep_ == "prt"]
    parts = [
        _phrase(subject, MAX_PART_TOKENS) if subject is not None and subject.pos_ != "PRON" else "",
        " ".join([trigger.text, *particles]),
        _phrase(complement, MAX_PART_TOKENS) if complement is not None else "",
    ]
    return " ".join(p for p in parts if p)


def _phrase(head: Token, limit: int) -> str:
    """The text of a token's subtree, cut to ``limit`` tokens, as written."""
    tokens = [t for t in head.subtree if not t.is_space][:limit]
    return head.doc[tokens[0].i : tokens[-1].i + 1].text.strip()
