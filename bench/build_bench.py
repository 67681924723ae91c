"""Build throughput, incremental builds, memory, scaling and query latency on the BBC corpus.

Every figure that is compared is measured in the same run: this machine is shared and noisy, so full builds
and bare spaCy alternate over --rounds and the fastest of each is kept.
Usage: python bench/build_bench.py [--corpus PATH] [--limit N] [--batch-size 16] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyoxigraph as ox
import spacy

from kg.build import build
from kg.nlp import available_model, load_pipeline
from kg.store import GraphStore

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc_news" / "bbc_news.jsonl"
REPO = Path(__file__).resolve().parents[1]
TWO_HOP = """SELECT DISTINCT ?n WHERE {
    { SELECT ?p WHERE { ?p a schema:Person ; gaf:denotedBy ?m }
      GROUP BY ?p ORDER BY DESC(COUNT(?m)) LIMIT 1 }
    ?p (!rdf:type|^!rdf:type) ?x . ?x (!rdf:type|^!rdf:type) ?n . FILTER(isIRI(?n)) }"""
TWO_HOP_NAME = "2-hop neighbourhood of the most mentioned person"
#: Articles added to the built store, one build each: three as a command without views (the median is
#: printed), one with views, two by build() in a running process.
NEW_ARTICLES = (
    "Jens Stoltenberg met Olaf Scholz in Berlin on Monday to discuss NATO's budget.",
    "Angela Merkel met Emmanuel Macron in Paris on Tuesday to talk about trade.",
    "Tony Blair visited Washington, where he met George Bush on Friday.",
    "Gordon Brown spoke to bankers in Edinburgh about interest rates.",
    "Charles Kennedy criticised Michael Howard in Manchester on Thursday.",
    "Kofi Annan met Jacques Chirac in Geneva to discuss Iraq.",
)
#: The README's queries name people, organisations and dates of the seed articles, which the BBC corpus
#: (2004-2005) does not have: on the BBC graph they ask the same of its own (a query that finds nothing
#: measures little). Each swap is printed with the query's figure.
BBC_PARAMETERS = {
    '"Volodymyr Zelensky"': '"Tony Blair"',
    '"Mark Rutte"': '"Tony Blair"',
    '"Kremlin"': '"Labour"',
    '"NATO"': '"Tony Blair"',
    '"2022-03-13"': '"2001-01-01"',
    '"2022-03-16"': '"2005-12-31"',
}


def readme_queries() -> dict[str, str]:
    """The README's queries as they are written there: the 'Query it' examples and queries/*.rq."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Query it", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r'^\$ kg query "(.*?)"', section, re.S | re.M)
    queries = {f"README example {n}": q for n, q in enumerate(examples, start=1)}
    queries.update(
        {path.name: path.read_text(encoding="utf-8") for path in sorted(REPO.glob("queries/*.rq"))}
    )
    return queries


def on_bbc_graph(queries: dict[str, str]) -> dict[str, str]:
    """The queries with the seed articles' names and dates swapped for the BBC's (BBC_PARAMETERS), each
    named with its swaps."""
    swapped = {}
    for name, query in queries.items():
        swaps = [(seed, bbc) for seed, bbc in BBC_PARAMETERS.items() if seed in query]
        for seed, bbc in swaps:
            query = query.replace(seed, bbc)
        label = ", ".join(f"{seed.strip(chr(34))} -> {bbc.strip(chr(34))}" for seed, bbc in swaps)
        swapped[f"{name} ({label})" if swaps else name] = query
    return swapped


class PeakMemory:
    """Peak resident memory of a process and all its children, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while True:
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                return
            time.sleep(0.05)


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of every child process it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def kg_build(*args: str) -> tuple[float, int]:
    """Run `python -m kg build ARGS` in a child process: (seconds, peak RSS in bytes of its tree)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    memory = PeakMemory(child.pid)
    _, errors = child.communicate()
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):
        raise SystemExit(f"kg build {' '.join(args)} failed: {errors.decode()[-2000:]}")
    return seconds, memory.peak


def corpus_head(corpus: Path, limit: int, work: Path) -> Path:
    """A JSON Lines file in ``work`` holding the first ``limit`` articles of ``corpus``."""
    head = work / "corpus.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()[:limit]
    head.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return head


def bare_spacy(texts: list[str], model: str, batch_size: int, processes: int) -> float:
    """Seconds for spaCy's own nlp.pipe over the texts, model loading excluded."""
    nlp = spacy.load(model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - start


def query_latency(store: GraphStore, runs: int = 21) -> dict[str, tuple[float, int]]:
    """Median milliseconds and rows of each README query and the 2-hop query, after one warm-up."""
    medians = {}
    for name, query in {
        **on_bbc_graph(readme_queries()),
        TWO_HOP_NAME: TWO_HOP,
    }.items():
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            rows = len(list(store.query(query)))
            times.append((time.perf_counter() - start) * 1000)
        medians[name] = (statistics.median(times[1:]), rows)
    return medians


def query_latency_in_fresh_process(store: Path) -> dict[str, tuple[float, int]]:
    """query_latency in a process of its own, as a query server would run: not this one, whose heap
    holds the corpus, a model and the builds' leftovers."""
    child = subprocess.run(
        [sys.executable, __file__, "--latency-of", str(store)], capture_output=True, text=True, check=True
    )
    return {name: (ms, rows) for name, (ms, rows) in json.loads(child.stdout).items()}


def add_in_process(paths: list[Path], out: Path) -> list[float]:
    """Seconds for build() to add each of the last two of ``paths`` in turn, in one process that has the
    model loaded (as `kg watch` does): the first add reads the store cold, the second warm."""
    load_pipeline()
    seconds = []
    for last in (len(paths) - 1, len(paths)):
        start = time.perf_counter()
        build(paths[:last], out, views=False)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="full builds of each kind; the fastest is kept")
    parser.add_argument("--latency-of", type=Path, help=argparse.SUPPRESS)  # the child of the query bench
    args = parser.parse_args()
    if args.latency_of:
        print(json.dumps(query_latency(GraphStore(args.latency_of, read_only=True))))
        return
    records = [
        json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    records = records[: args.limit]
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    model = available_model()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus = work / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    added = []
    for n, text in enumerate(NEW_ARTICLES):
        added.append(work / f"new-{n}.txt")
        added[-1].write_text(text, encoding="utf-8")

    print(f"command: python bench/build_bench.py {' '.join(sys.argv[1:])}".rstrip())
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}, model {model}"
    )
    print(
        f"corpus: {len(records)} articles, {words:,} words ({args.corpus.name}); best of {args.rounds} rounds"
    )

    # Each round times bare spaCy and kg build one after the other, so a slow spell of the shared machine
    # falls on both; the fastest round of each is kept (as timeit does).
    bare_1 = bare_2 = full_1 = full_2 = float("inf")
    cpu_bare_1 = cpu_full_1 = cpu_bare_2 = cpu_full_2 = rss_1 = rss_2 = 0
    for _ in range(args.rounds):
        for old in ("out1", "out2"):
            shutil.rmtree(work / old, ignore_errors=True)
        cpu = cpu_seconds()
        seconds = bare_spacy(texts, model, args.batch_size, 1)
        if seconds < bare_1:
            bare_1, cpu_bare_1 = seconds, cpu_seconds() - cpu
        cpu = cpu_seconds()
        seconds, rss = kg_build(str(corpus), "--out", str(work / "out1"))
        rss_1 = max(rss_1, rss)
        if seconds < full_1:
            full_1, cpu_full_1 = seconds, cpu_seconds() - cpu
        cpu = cpu_seconds()
        seconds = bare_spacy(texts, model, args.batch_size, 2)
        if seconds < bare_2:
            bare_2, cpu_bare_2 = seconds, cpu_seconds() - cpu
        cpu = cpu_seconds()
        seconds, rss = kg_build(str(corpus), "--out", str(work / "out2"), "--processes", "2")
        rss_2 = max(rss_2, rss)
        if seconds < full_2:
            full_2, cpu_full_2 = seconds, cpu_seconds() - cpu

    again, _ = kg_build(str(corpus), "--out", str(work / "out1"))
    plus_one = statistics.median(
        kg_build(str(corpus), *map(str, added[: n + 1]), "--out", str(work / "out1"), "--no-views")[0]
        for n in range(3)
    )
    plus_one_views, _ = kg_build(str(corpus), *map(str, added[:4]), "--out", str(work / "out1"))
    running_cold, running_warm = add_in_process([corpus, *added], work / "out1")

    store = GraphStore(work / "out1" / "store", read_only=True)
    triples = len(store)
    nquads = work / "kg.nq"
    store.write(nquads, "nq")
    loaded = ox.Store()
    start = time.perf_counter()
    loaded.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    load_rate = len(loaded) / (time.perf_counter() - start)
    latency = query_latency_in_fresh_process(work / "out1" / "store")

    rows = [
        (
            "spaCy nlp.pipe, 1 process",
            f"{words / bare_1:,.0f} words/s",
            f"{len(texts) / bare_1:.1f} articles/s",
        ),
        (
            "spaCy nlp.pipe, 2 processes",
            f"{words / bare_2:,.0f} words/s",
            f"{len(texts) / bare_2:.1f} articles/s",
        ),
        (
            "kg build, 1 process (whole command)",
            f"{words / full_1:,.0f} words/s",
            f"{len(texts) / full_1:.1f} articles/s",
        ),
        (
            "kg build, 2 processes (whole command)",
            f"{words / full_2:,.0f} words/s",
            f"{len(texts) / full_2:.1f} articles/s",
        ),
        ("kg build / bare spaCy, 1 process", f"{bare_1 / full_1:.2f}", "target >= 0.85"),
        ("kg build / bare spaCy, 2 processes", f"{bare_2 / full_2:.2f}", ""),
        (
            "CPU time, 1 process: bare spaCy / kg build",
            f"{cpu_bare_1:,.0f} s / {cpu_full_1:,.0f} s",
            f"{cpu_bare_1 / cpu_full_1:.2f} (kg's writer thread and second process included)",
        ),
        (
            "CPU time, 2 processes: bare spaCy / kg build",
            f"{cpu_bare_2:,.0f} s / {cpu_full_2:,.0f} s",
            f"{cpu_bare_2 / cpu_full_2:.2f}",
        ),
        (
            "cores busy (CPU / wall), kg build: 1 / 2 processes",
            f"{cpu_full_1 / full_1:.2f} / {cpu_full_2 / full_2:.2f}",
            f"bare spaCy {cpu_bare_1 / bare_1:.2f} / {cpu_bare_2 / bare_2:.2f}",
        ),
        ("kg build 2 processes / 1 process", f"{full_1 / full_2:.2f}x", "target >= 1.6x"),
        (
            "  = cores busy 2/1 x CPU time 1/2",
            f"{(cpu_full_2 / full_2) / (cpu_full_1 / full_1):.2f} x {cpu_full_1 / cpu_full_2:.2f}",
            "",
        ),
        ("peak RSS, 1 process", f"{rss_1 / 2**20:,.0f} MiB", "target <= 1.5 GB"),
        ("peak RSS, 2 processes (all)", f"{rss_2 / 2**20:,.0f} MiB", ""),
        ("unchanged re-build", f"{again:.2f} s", f"{again / full_1:.1%} of a full build (target <= 3%)"),
        (
            "adding one article: kg build --no-views",
            f"{plus_one:.2f} s",
            "median of 3; target <= 2 s (whole command)",
        ),
        ("adding one article: build() in a running process, first", f"{running_cold:.2f} s", "target <= 2 s"),
        ("adding one article: build() in a running process, next", f"{running_warm:.2f} s", "target <= 2 s"),
        ("adding one article: kg build, views rewritten", f"{plus_one_views:.2f} s", ""),
        ("store: triples", f"{triples:,}", ""),
        ("store: bulk load of the N-Quads", f"{load_rate:,.0f} triples/s", ""),
    ]
    rows += [
        (
            f"query: {name}",
            f"{ms:.1f} ms median",
            f"{count} rows; "
            + ("no target (not a README query)" if name == TWO_HOP_NAME else "target <= 50 ms"),
        )
        for name, (ms, count) in latency.items()
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>22}  {note}")


if __name__ == "__main__":
    main()
