"""Run extraction over many articles: here, in a pool of local processes, or on a Dask cluster.

Each unit of work is a batch of articles in, one N-Triples text per article out: workers load the
spaCy pipeline once (it is cached per process) and never touch the store, so any number of them can
run while one writer puts their results into the store.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from kg.clean import CleanText, clean
from kg.extract import extract
from kg.models import Article, Skipped
from kg.nlp import load_pipeline, parse
from kg.rdf import to_graph

ENGINES = ("local", "dask")
#: Articles per unit of work sent to another process or a Dask worker.
TASK_SIZE = 32


@dataclass(frozen=True)
class ArticleGraph:
    """One article's statements as N-Triples, ready to replace its named graph."""

    article: Article
    name: str
    ntriples: str
    #: Descriptions of the entities it names, for the shared entities graph.
    shared: str


Result = ArticleGraph | Skipped


def extract_batch(
    articles: Sequence[Article], model: str | None, version: str, batch_size: int = 16
) -> list[Result]:
    """Articles through cleaning, spaCy and extraction, in order; a failure skips only its article."""
    return list(_stream(articles, model, version, batch_size))


def _stream(
    articles: Sequence[Article], model: str | None, version: str, batch_size: int
) -> Iterator[Result]:
    if not articles:
        return
    nlp = load_pipeline(model)
    pending: deque[tuple[Article, CleanText]] = deque()

    def texts() -> Iterator[str]:
        for article in articles:
            cleaned = clean(article)
            pending.append((article, cleaned))
            yield cleaned.text

    for doc in parse(nlp, texts(), batch_size):
        article, cleaned = pending.popleft()
        where = article.path or article.id
        if not any(ch.isalpha() for ch in cleaned.text):
            yield Skipped(where, "no article text left after removing boilerplate")
            continue
        try:
            rdf = to_graph(extract(article, cleaned, doc), version)
        except Exception as error:  # one bad article must not stop the build
            yield Skipped(where, f"extraction failed: {type(error).__name__}: {error}")
        else:
            yield ArticleGraph(article, rdf.name, rdf.ntriples, rdf.shared)


def run(
    articles: Sequence[Article],
    model: str | None,
    version: str,
    *,
    engine: str = "local",
    processes: int = 1,
    scheduler: str | None = None,
    batch_size: int = 16,
) -> Iterator[Result]:
    """Every article's result, streamed as soon as it is ready (in input order, except on Dask)."""
    if engine == "dask":
        yield from _run_dask(articles, model, version, scheduler, processes, batch_size)
    elif processes > 1:
        yield from _run_pool(articles, model, version, processes, batch_size)
    else:
        yield from _stream(articles, model, version, batch_size)


def _batches(articles: Sequence[Article], size: int = TASK_SIZE) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def _run_pool(articles, model, version, processes: int, batch_size: int) -> Iterator[Result]:
    """A pool of local processes, each loading the model once; results come back in order."""
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        jobs = ((batch, model, version, batch_size) for batch in _batches(articles))
        for results in pool.imap(_extract_batch_star, jobs):
            yield from results


def _extract_batch_star(job: tuple) -> list[Result]:
    return extract_batch(*job)


def _run_dask(
    articles, model, version, scheduler: str | None, workers: int, batch_size: int
) -> Iterator[Result]:
    """A Dask cluster (a LocalCluster of ``workers`` processes when no scheduler address is given)."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = (
        None if scheduler else LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True)
    )
    with Client(scheduler or cluster) as client:
        futures = [
            client.submit(extract_batch, batch, model, version, batch_size, pure=False)
            for batch in _batches(articles)
        ]
        for future in as_completed(futures):
            yield from future.result()
    if cluster is not None:
        cluster.close()
