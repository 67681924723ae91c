"""Where a build's time goes: each stage of the pipeline timed on its own over the first N BBC articles.

Stages run one after the other in this process (no writer thread, no second process), so their sum is
the build's CPU work; spaCy's bare nlp.pipe over the same texts is measured in the same run.
Usage: python bench/stage_bench.py [--corpus PATH] [--limit 600] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import spacy
from build_bench import CORPUS, corpus_head

from kg.build import write_outputs
from kg.clean import clean
from kg.extract import extract
from kg.ingest import read_articles
from kg.models import Article
from kg.nlp import available_model, load_pipeline, make_pipeline, parse
from kg.rdf import to_graph
from kg.resolve import resolve
from kg.store import GraphStore

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """(result, seconds) of calling ``work``."""
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-stages-"))
    corpus = corpus_head(args.corpus, args.limit, work)
    articles = [a for a in read_articles([corpus]) if isinstance(a, Article)]
    bare, nlp = spacy.load(available_model()), load_pipeline()
    stock_ruler = make_pipeline(attribute_table=False)  # the project's pipeline with the model's own ruler

    cleaned, t_clean = timed(lambda: [clean(a) for a in articles])
    _, t_bare = timed(lambda: list(bare.pipe([c.text for c in cleaned], batch_size=args.batch_size)))
    _, t_stock = timed(lambda: list(parse(stock_ruler, [c.text for c in cleaned], args.batch_size)))
    docs, t_parse = timed(lambda: list(parse(nlp, [c.text for c in cleaned], args.batch_size)))
    extractions, t_extract = timed(
        lambda: [extract(a, c, d) for a, c, d in zip(articles, cleaned, docs, strict=True)]
    )
    graphs, t_rdf = timed(lambda: [to_graph(e, "bench") for e in extractions])
    (work / "out").mkdir()
    store = GraphStore(work / "out" / "store")
    _, t_store = timed(lambda: [store.replace_graph(g.name, g.ntriples, g.shared) for g in graphs])
    _, t_resolve = timed(lambda: resolve(store))
    _, t_views = timed(lambda: write_outputs(store, work / "out"))

    stages = [
        ("cleaning", t_clean),
        ("the project's spaCy components, beyond bare spaCy", t_stock - t_bare),
        ("the attribute ruler as a table (kg/attribute_table.py)", t_parse - t_stock),
        ("extraction (entities, events, relations, quotes)", t_extract),
        ("RDF mapping to N-Triples", t_rdf),
        ("store writes (Oxigraph)", t_store),
        ("corpus-wide resolution", t_resolve),
        ("views (TriG, GraphML, HTML)", t_views),
    ]
    print(f"command: python bench/stage_bench.py --limit {args.limit}")
    print(f"corpus: {len(articles)} articles; bare spaCy nlp.pipe: {t_bare:.1f} s")
    for name, seconds in stages:
        print(f"{name:<58} {seconds:6.2f} s  {seconds / t_bare:6.1%} of bare spaCy")
    total = sum(seconds for _, seconds in stages)
    print(f"{'all of the above':<58} {total:6.2f} s  {total / t_bare:6.1%} of bare spaCy")


if __name__ == "__main__":
    main()
