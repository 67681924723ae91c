"""The event typology: each type, its CAMEO root code, and the trigger lemmas that signal it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    """A kind of event, mapped onto a CAMEO root code as GDELT does."""

    name: str
    cameo: str
    description: str
    verbs: frozenset[str]
    nouns: frozenset[str] = frozenset()


def _t(name: str, cameo: str, description: str, verbs: str, nouns: str = "") -> EventType:
    return EventType(name, cameo, description, frozenset(verbs.split()), frozenset(nouns.split()))


EVENT_TYPES: tuple[EventType, ...] = (
    _t(
        "Statement",
        "01",
        "make a public statement",
        "say tell state announce add claim comment declare insist note speak explain admit suggest",
        "statement speech address announcement remarks comment",
    ),
    _t("Appeal", "02", "appeal or request", "urge appeal ask request call plead", "appeal call plea"),
    _t(
        "Intent",
        "03",
        "express intent to cooperate",
        "promise pledge vow offer commit",
        "pledge promise offer",
    ),
    _t(
        "Meeting",
        "04",
        "consult or meet",
        "meet host discuss negotiate consult convene gather",
        "talks meeting summit negotiations consultation conference",
    ),
    _t("Visit", "042", "make or host a visit", "visit travel tour", "visit trip tour"),
    _t(
        "Cooperation",
        "05",
        "engage in diplomatic cooperation",
        "support praise endorse sign welcome back recognise recognize",
        "agreement treaty deal",
    ),
    _t("Aid", "07", "provide aid", "aid help provide supply donate fund bolster", "aid assistance support"),
    _t("Investigation", "09", "investigate", "investigate probe examine", "investigation probe inquiry"),
    _t("Demand", "10", "demand", "demand insist", "demand"),
    _t(
        "Disapproval",
        "11",
        "disapprove, criticise, accuse or deny",
        "criticise criticize condemn accuse blame deny contradict allege",
        "criticism condemnation accusation allegation",
    ),
    _t("Rejection", "12", "reject", "reject refuse veto dismiss", "rejection refusal veto"),
    _t("Threat", "13", "threaten", "threaten warn", "threat warning ultimatum"),
    _t("Protest", "14", "protest", "protest demonstrate rally march", "protest demonstration rally"),
    _t(
        "MilitaryPosture",
        "15",
        "exhibit military posture",
        "mobilise mobilize deploy",
        "mobilisation deployment",
    ),
    _t(
        "Sanction",
        "16",
        "reduce relations or impose sanctions",
        "sanction expel suspend boycott embargo",
        "sanctions embargo boycott expulsion",
    ),
    _t(
        "Coercion",
        "17",
        "coerce: arrest, detain, crack down",
        "arrest detain seize jail imprison",
        "arrest detention crackdown",
    ),
    _t(
        "Assault",
        "18",
        "assault: kill, injure, abduct",
        "kill injure wound abduct assassinate execute",
        "killing assassination",
    ),
    _t(
        "Attack",
        "19",
        "fight with conventional military force",
        "attack strike bomb shell invade fight shoot storm",
        "attack strike strikes bombing shelling invasion offensive battle bombardment incursion",
    ),
    _t("Election", "-", "hold an election or vote", "elect vote", "election vote referendum ballot"),
)

#: Subjects whose actions count as a protest whatever the verb ("a protester burst onto the set").
PROTESTER_NOUNS = frozenset(
    ["protester", "protesters", "demonstrator", "demonstrators", "activist", "activists"]
)

_BY_VERB = {lemma: t for t in EVENT_TYPES for lemma in t.verbs}
_BY_NOUN = {lemma: t for t in EVENT_TYPES for lemma in t.nouns}
PROTEST = next(t for t in EVENT_TYPES if t.name == "Protest")


def type_for(lemma: str, pos: str) -> EventType | None:
    """The event type a verb or noun lemma signals, if any."""
    table = _BY_VERB if pos in {"VERB", "AUX"} else _BY_NOUN if pos in {"NOUN", "PROPN"} else {}
    return table.get(lemma.lower())


def type_of(token) -> EventType | None:
    """The event type a token signals, by its lemma or, for nouns used in the plural ('talks'), its form."""
    return type_for(token.lemma_, token.pos_) or type_for(token.lower_, token.pos_)
