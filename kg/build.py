"""Build the graph: articles -> extraction -> RDF -> store -> files, one article at a time."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import write_atomically
from kg.engine import Result, run
from kg.errors import KGError
from kg.export.paths import DEFAULT_NAMES
from kg.ingest import MAX_CHARS, read_articles
from kg.models import Article, Skipped
from kg.nlp import pipeline_version
from kg.rdf import article_iri, ontology_ntriples
from kg.resolve import forget_state, resolve
from kg.store import GraphStore

Progress = Callable[[Article | Skipped | None, int, int], None]
#: In the output folder while a build may have left the graph or the views unfinished (a crash, --strict).
UNFINISHED = ".build-unfinished"
#: In the output folder while the views are older than the store (a build with views=False).
VIEWS_STALE = ".views-stale"
#: In the output folder: touched whenever a build or a restore changes the store (exports older are stale).
STORE_CHANGED = ".store-changed"

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
    triples: int | None = None  # not counted by a build without views (counting reads every quad)
    joins: int = 0
    pruned: int = 0
    outputs: dict[str, Path] = field(default_factory=dict)
    views_stale: bool = False
    #: What kg export wrote to its default paths (by format) before the store last changed.
    stale_exports: dict[str, Path] = field(default_factory=dict)

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
    prune: bool = False,
    engine: str = "local",
    processes: int = 1,
    scheduler: str | None = None,
    batch_size: int = 16,
    max_chars: int | None = MAX_CHARS,
    strict: bool = False,
    views: bool = True,
    wait: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
    on_progress: Progress | None = None,
) -> BuildReport:
    """Read, extract and store every article under ``paths``; write the store and views to ``out_dir``.

    Unchanged articles are not read again; ``prune`` removes articles no longer among the inputs; ``strict``
    stops at the first input that cannot be built (KGError). A build stopped for any reason is finished by
    the next one: each article is one transaction, and the views are rewritten. ``views=False`` updates
    the store only; the next build with views writes them, changed or not.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    articles = _unique_articles(read_articles(paths, max_chars), report.skipped, strict)
    with GraphStore(out / "store", wait=wait, on_wait=on_wait) as store:  # closed also on an error
        unfinished = out / UNFINISHED
        resumed = unfinished.exists()
        unfinished.touch()
        version = pipeline_version(model)
        if force or resumed:  # a stopped build may have written the resolution graph and not saved its state
            forget_state(out / "store")
        known = store.article_versions()
        todo = (
            articles
            if force
            else [a for a in articles if known.get(str(article_iri(a.id))) != (a.sha256, version)]
        )
        report.unchanged = len(articles) - len(todo)
        if prune:
            gone = set(known) - {str(article_iri(a.id)) for a in articles}
            store.drop_graphs(sorted(gone))
            report.pruned = len(gone)
        if on_progress:
            on_progress(None, 0, len(todo))
        results = run(
            todo,
            model,
            version,
            engine=engine,
            processes=processes,
            scheduler=scheduler,
            batch_size=batch_size,
        )
        _store_results(store, results, report, strict, on_progress, len(todo))
        changed = bool(report.built or report.pruned or force or resumed)
        # a replaced or removed article may have been the last to name an entity; a stopped build may have
        # written an article's entity descriptions and not the article
        unmentioned = resumed or _replaced_or_pruned(known, todo, report.pruned)
        _finish(store, out, report, changed=changed, forget_unmentioned=unmentioned, views=views)
        unfinished.unlink()
        report.counts = {
            row["type"].rsplit("/", 1)[-1]: int(row["count"]) for row in store.select(COUNT_QUERY)
        }
        report.triples = len(store) if views else None
        return report


def _store_results(
    store: GraphStore,
    results: Iterable[Result],
    report: BuildReport,
    strict: bool,
    on_progress: Progress | None,
    total: int,
) -> None:
    """Each article's graph into the store as it comes (skipped ones into the report), in a writer thread."""
    with _BackgroundWriter(store) as writer:
        for done, result in enumerate(results, start=1):
            if isinstance(result, Skipped):
                if strict:
                    raise KGError(f"{result}; stopped by --strict (articles stored before it are whole)")
                report.skipped.append(result)
            else:
                writer.replace_graph(result.name, result.ntriples, result.shared)
                report.built += 1
            if on_progress:
                on_progress(result if isinstance(result, Skipped) else result.article, done, total)


def _finish(
    store: GraphStore, out: Path, report: BuildReport, *, changed: bool, forget_unmentioned: bool, views: bool
) -> None:
    """After the articles: corpus-wide resolution, the store flushed to disk, and the views rewritten when
    the store changed, are marked stale, or are missing."""
    stale = out / VIEWS_STALE
    with ThreadPoolExecutor(1, thread_name_prefix="kg-store-flush") as flusher:
        flushes = []
        if changed:
            flushes.append(flusher.submit(store.flush))  # the articles to disk beside resolution (no GIL)
            if forget_unmentioned:
                store.forget_unmentioned()
            store.replace_default_graph(ontology_ntriples())
            report.joins = len(resolve(store))
            flushes.append(flusher.submit(store.flush))  # then resolution's writes, beside the views
        if views and (changed or stale.exists() or not (out / "kg.trig").exists()):
            stale.touch()
            report.outputs = write_outputs(store, out)
            stale.unlink()
        elif not views and changed:
            stale.touch()
        for flushed in flushes:
            flushed.result()
    if changed:
        (out / STORE_CHANGED).touch()
    report.stale_exports = stale_exports(out)
    report.views_stale = stale.exists()


class _BackgroundWriter:
    """Writes article graphs to the store in one thread while the next articles are parsed: Oxigraph
    writes without holding the GIL. Writes keep their order; leaving the block waits for all of them."""

    def __init__(self, store: GraphStore, depth: int = 64) -> None:
        self._store = store
        self._depth = depth
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store-writer")
        self._pending: deque[Future[None]] = deque()

    def replace_graph(self, name: str, ntriples: str, shared: str) -> None:
        """Queue one article's graph; waits while ``depth`` are queued, and raises a failed write's error."""
        self._pending.append(self._pool.submit(self._store.replace_graph, name, ntriples, shared))
        while self._pending and (len(self._pending) > self._depth or self._pending[0].done()):
            self._pending.popleft().result()

    def __enter__(self) -> _BackgroundWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pool.shutdown(wait=True)
        while self._pending:
            self._pending.popleft().result()


def stale_exports(out: Path) -> dict[str, Path]:
    """What ``kg export`` wrote to its default paths in ``out`` (by format) before the store last changed;
    the views a build rewrites are not among them."""
    stamp = out / STORE_CHANGED
    if not stamp.exists():
        return {}
    changed = stamp.stat().st_mtime_ns
    views = {"kg.trig", "graph.graphml"}
    paths = {fmt: out / name for fmt, name in DEFAULT_NAMES.items() if name not in views}
    return {fmt: path for fmt, path in paths.items() if path.exists() and _last_written(path) < changed}


def _last_written(path: Path) -> int:
    """When a file, or the newest file in a folder, was last written (ns)."""
    files = [path, *path.iterdir()] if path.is_dir() else [path]
    return max(f.stat().st_mtime_ns for f in files)


def _replaced_or_pruned(known: dict[str, tuple[str, str]], built: list[Article], pruned: int) -> bool:
    """Whether this build replaced an article the store held, or removed one."""
    return bool(pruned) or any(str(article_iri(a.id)) in known for a in built)


def _unique_articles(
    items: Iterable[Article | Skipped], skipped: list[Skipped], strict: bool = False
) -> list[Article]:
    """Articles with distinct ids; a repeated id is skipped, naming where it was first seen."""
    seen: dict[str, Article] = {}
    for item in items:
        if isinstance(item, Article) and item.id in seen:
            item = Skipped(
                item.path or item.id, f"duplicate article id '{item.id}' (first in {seen[item.id].path})"
            )
        if isinstance(item, Skipped):
            if strict:
                raise KGError(f"{item}; stopped by --strict before writing anything")
            skipped.append(item)
        else:
            seen[item.id] = item
    return list(seen.values())


def write_outputs(store: GraphStore, out: Path) -> dict[str, Path]:
    """Write the dataset (TriG), GraphML and the HTML view, each file whole.

    Oxigraph writes the TriG in a thread without holding the GIL while this thread computes the graph views.
    The merged graph (Turtle and other triple formats) is written on request: ``kg export --format ttl``.
    """
    from kg.export.html import write_html  # the view libraries load only when views are written
    from kg.export.network import read_evidence, to_networkx, write_graphml

    with ThreadPoolExecutor(1) as thread:
        trig = thread.submit(write_atomically, out / "kg.trig", lambda path: store.write(path, "trig"))
        network = to_networkx(store)
        evidence = read_evidence(store, network)
        views = {
            "graphml": write_atomically(out / "graph.graphml", lambda path: write_graphml(network, path)),
            "html": write_atomically(
                out / "graph.html", lambda path: write_html(network, path, evidence=evidence)
            ),
        }
        return {"store": out / "store", "trig": trig.result(), **views}
