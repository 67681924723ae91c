"""How fast the HTML view of a big corpus opens: build the graph, write the page, time it in Chromium.

    python bench/html_bench.py                      # all 2,225 BBC articles: builds for several minutes
    python bench/html_bench.py --limit 200          # the first 200 articles only
    python bench/html_bench.py --store out/store    # an existing store, no build

"Ready" is the time from navigation until vis-network has drawn the graph with physics off, so it answers
clicks at once (the page sets window.kg.readyAt then); "search + highlight" runs from submitting a search
until the page is drawn with the node selected and its neighbourhood highlighted; "zoom redraw" is one
frame after a zoom. Each run opens a fresh Chromium on a fresh profile, with the network blocked.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.build import build  # noqa: E402
from kg.export.html import MAX_NODES, write_html  # noqa: E402
from kg.export.network import read_evidence, to_networkx  # noqa: E402
from kg.export.snapshot import CHROMIUM, chromium  # noqa: E402
from kg.store import GraphStore  # noqa: E402

CORPUS = REPO.parent / "shared" / "data" / "bbc_news" / "bbc_news.jsonl"
DIM = "rgba(200, 200, 200, 0.35)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL corpus (default: BBC News)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--store", type=Path, help="an existing store: skip the build")
    parser.add_argument("--out", type=Path, help="build and write the page here (default: a temp folder)")
    parser.add_argument("--max-nodes", type=int, default=MAX_NODES, help=f"node cap (default {MAX_NODES})")
    parser.add_argument("--runs", type=int, default=3, help="page loads to time (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-html-bench-") as temp:
        out = args.out or Path(temp)
        out.mkdir(parents=True, exist_ok=True)
        store_path = args.store or build_corpus(args.corpus, args.limit, out)
        run(GraphStore(store_path, read_only=True), out / "graph.html", args.max_nodes, args.runs)


def build_corpus(corpus: Path, limit: int, out: Path) -> Path:
    """Build the corpus (its first ``limit`` articles when given) into ``out``; the store's path."""
    source = corpus
    if limit:
        with corpus.open(encoding="utf-8") as lines:
            source = out / f"first-{limit}.jsonl"
            source.write_text("".join(line for _, line in zip(range(limit), lines, strict=False)), "utf-8")
    started = time.perf_counter()
    report = build([source], out)
    articles = report.built + report.unchanged
    row("build", f"{articles:,} articles of {corpus.name} in {time.perf_counter() - started:,.0f} s")
    return out / "store"


def run(store: GraphStore, page_path: Path, max_nodes: int, runs: int) -> None:
    """Read the network, write the page, and time it in Chromium."""
    started = time.perf_counter()
    graph = to_networkx(store)
    evidence = read_evidence(store, graph)
    read_s = time.perf_counter() - started
    kinds = Counter(kind for _, kind in graph.nodes(data="type"))
    row("graph", f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges ({fmt(kinds)})")
    row("read from store", f"{read_s:.1f} s")
    started = time.perf_counter()
    page = write_html(graph, page_path, evidence=evidence, max_nodes=max_nodes)
    write_s = time.perf_counter() - started
    how = "layout computed in Python (igraph), physics off" if page.laid_out else "vis physics, then frozen"
    row("page", f"{page.nodes:,} nodes, {page.edges:,} edges; {how}")
    row("page file", f"{page_path.stat().st_size / 1e6:.1f} MB, written in {write_s:.1f} s")
    row("left out", page.note or "nothing")
    ready, search, redraw = [], [], []
    for _ in range(runs):
        with chromium() as browser:
            tab = browser.new_page()
            ready.append(tab.open(page_path))
            assert not tab.requests and not tab.errors, (tab.requests, tab.errors)
            node, name = tab.page.evaluate(  # the most mentioned node on the page
                "() => { const n = window.kg.nodes.get().reduce((a, b) => (a.size >= b.size ? a : b));"
                " return [n.id, n.info.name]; }"
            )
            search.append(time_search(tab, node, name))
            redraw.append(
                tab.page.evaluate(
                    "() => new Promise((done) => { const start = performance.now();"
                    " window.kg.network.once('afterDrawing', () => done(performance.now() - start));"
                    " window.kg.network.moveTo({ scale: 0.6 }); })"
                )
            )
    row("ready (ms)", summary(ready))
    row("search + highlight (ms)", summary(search))
    row("zoom redraw (ms)", summary(redraw))
    row("machine", machine())


def time_search(tab, node: str, name: str) -> float:
    """Milliseconds from submitting a search for ``name`` until ``node`` is drawn selected and highlighted."""
    elapsed = tab.page.evaluate(
        """(name) => new Promise((done) => {
          document.getElementById("query").value = name;
          const start = performance.now();
          document.getElementById("search").requestSubmit();
          window.kg.network.once("afterDrawing", () => done(performance.now() - start));
        })""",
        name,
    )
    assert tab.page.evaluate("() => window.kg.network.getSelectedNodes()") == [node]
    assert tab.page.evaluate("(dim) => window.kg.nodes.get().some((n) => n.color === dim)", DIM)
    return elapsed


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):,.0f} (runs: {', '.join(f'{v:,.0f}' for v in values)})"


def fmt(counts: Counter) -> str:
    return ", ".join(f"{count:,} {kind}" for kind, count in counts.most_common())


def machine() -> str:
    """CPU, cores, Python and Chromium versions."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, {version}"


def row(name: str, value: str) -> None:
    print(f"{name:24} {value}", flush=True)


if __name__ == "__main__":
    main()
