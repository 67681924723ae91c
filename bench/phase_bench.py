"""Where one whole build's wall time goes: `build()` in this process, timed phase by phase, against
spaCy's bare nlp.pipe over the same cleaned texts in the same run.

The stage bench times each stage alone; this one times them as `kg build` runs them, with the writer
thread beside the parsing thread, and the flush and the TriG writer beside the views.
Usage: python bench/phase_bench.py [--corpus PATH] [--limit N] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from build_bench import CORPUS, bare_spacy, corpus_head

import kg.build
from kg.clean import clean
from kg.ingest import read_articles
from kg.models import Article
from kg.nlp import available_model
from kg.store import GraphStore

#: What build() calls after the last article, timed by name: module or class, attribute, label.
TIMED = (
    (kg.build, "resolve", "corpus-wide resolution"),
    (kg.build, "write_outputs", "views (TriG, GraphML, HTML)"),
    (GraphStore, "flush", "store flush to disk (a thread beside resolution, views)"),
)
#: Timed calls that run beside others rather than after them.
BESIDE = {"flush"}


def timing(owner: object, name: str, seconds: dict[str, float]) -> None:
    """Wrap ``owner.name`` so that each call adds its wall time to ``seconds[name]``."""
    work: Callable = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-phases-"))
    corpus = corpus_head(args.corpus, args.limit, work) if args.limit else args.corpus

    seconds: dict[str, float] = {}
    for owner, name, _ in TIMED:
        timing(owner, name, seconds)
    marks: dict[str, float] = {}

    def progress(item: object, done: int, total: int) -> None:
        marks.setdefault("first", time.perf_counter())  # called once before the first article
        marks["last"] = time.perf_counter()

    start = time.perf_counter()
    report = kg.build.build([corpus], work / "out", batch_size=args.batch_size, on_progress=progress)
    end = time.perf_counter()

    texts = [clean(a).text for a in read_articles([corpus]) if isinstance(a, Article)]
    bare = bare_spacy(texts, available_model(), args.batch_size, processes=1)

    after = end - marks["last"]
    named = sum(seconds.get(name, 0.0) for _, name, _ in TIMED if name not in BESIDE)
    rows = [
        ("reading the articles, the store's article versions", marks["first"] - start),
        ("loading the model, parsing, extracting and writing", marks["last"] - marks["first"]),
        *((label, seconds.get(name, 0.0)) for _, name, label in TIMED),
        ("the rest after the last article (writer, ontology, counts)", after - named),
    ]
    print(f"command: python bench/phase_bench.py{f' --limit {args.limit}' if args.limit else ''}")
    print(f"corpus: {report.built} articles; in this process, one after the other")
    print(f"{'spaCy nlp.pipe alone, same texts and batch size':<62} {bare:7.1f} s")
    print(f"{'build(), whole':<62} {end - start:7.1f} s  {bare / (end - start):.2f} of bare spaCy's speed")
    for label, value in rows:
        print(f"  {label:<60} {value:7.1f} s")


if __name__ == "__main__":
    main()
