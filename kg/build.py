"""Build the graph: articles -> extraction -> RDF -> store -> files, one article at a time."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.clean import CleanText, clean
from kg.export.html import write_html
from kg.export.network import to_networkx, write_graphml
from kg.extract import extract
from kg.ingest import read_articles
from kg.models import Article, Skipped
from kg.nlp import load_pipeline, parse, pipeline_version
from kg.rdf import article_iri, ontology_graph, to_graph
from kg.resolve import resolve
from kg.store import GraphStore

Progress = Callable[[Article | None, int, int], None]

COUNT_QUERY = """
SELECT ?type (COUNT(DISTINCT ?node) AS ?count) WHERE {
  VALUES ?type { schema:NewsArticle schema:Person schema:Organization schema:Place schema:Event }
  ?node a ?type .
} GROUP BY ?type
"""


@dataclass
class BuildReport:
    """What a build did: articles built, unchanged and skipped, and what the graph now holds."""

    built: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    joins: int = 0
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when every input was built, 1 when some were skipped, 2 when nothing was built."""
        if self.built + self.unchanged == 0:
            return 2
        return 1 if self.skipped else 0


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path = "out",
    *,
    model: str | None = None,
    force: bool = False,
    batch_size: int = 16,
    on_progress: Progress | None = None,
) -> BuildReport:
    """Read, extract and store every article under ``paths``; write the store and views to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    articles = _unique_articles(read_articles(paths), report.skipped)
    store = GraphStore(out / "store")
    version = pipeline_version(model)
    known = {} if force else store.article_versions()
    todo = [a for a in articles if known.get(str(article_iri(a.id))) != (a.sha256, version)]
    report.unchanged = len(articles) - len(todo)
    if on_progress:
        on_progress(None, 0, len(todo))
    if todo:
        for done, (article, graph) in enumerate(_graphs(todo, model, version, batch_size), start=1):
            if isinstance(graph, Skipped):
                report.skipped.append(graph)
            else:
                store.replace_graph(graph)
                report.built += 1
            if on_progress:
                on_progress(article, done, len(todo))
    store.replace_default_graph(ontology_graph())
    report.joins = len(resolve(store))
    store.flush()
    report.outputs = write_outputs(store, out)
    report.counts = {row["type"].rsplit("/", 1)[-1]: int(row["count"]) for row in store.select(COUNT_QUERY)}
    report.triples = len(store)
    return report


def _graphs(
    articles: list[Article], model: str | None, version: str, batch_size: int
) -> Iterator[tuple[Article, Graph | Skipped]]:
    """Each article's graph, in order, streamed through spaCy; a failure skips only its article."""
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
            yield article, Skipped(where, "no article text left after removing boilerplate")
            continue
        try:
            yield article, to_graph(extract(article, cleaned, doc), version)
        except Exception as error:  # one bad article must not stop the build
            yield article, Skipped(where, f"extraction failed: {type(error).__name__}: {error}")


def _unique_articles(items: Iterable[Article | Skipped], skipped: list[Skipped]) -> list[Article]:
    """Articles with distinct ids; a repeated id is skipped, naming where it was first seen."""
    seen: dict[str, Article] = {}
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item.id in seen:
            skipped.append(
                Skipped(
                    item.path or item.id, f"duplicate article id '{item.id}' (first in {seen[item.id].path})"
                )
            )
        else:
            seen[item.id] = item
    return list(seen.values())


def write_outputs(store: GraphStore, out: Path) -> dict[str, Path]:
    """Write the dataset (TriG), the merged graph (Turtle), GraphML and the HTML view."""
    outputs = {"store": out / "store", "trig": out / "kg.trig", "ttl": out / "kg.ttl"}
    store.write(outputs["trig"], "trig")
    store.write(outputs["ttl"], "ttl")
    network = to_networkx(store)
    outputs["graphml"] = out / "graph.graphml"
    write_graphml(network, outputs["graphml"])
    outputs["html"] = out / "graph.html"
    write_html(network, outputs["html"])
    return outputs
