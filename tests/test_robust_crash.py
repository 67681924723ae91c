"""Crash safety and concurrency: `kg build` killed with SIGKILL, two builds at once, reads during a build."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from robust_support import ARTICLE, KG, article_graphs, canonical, is_whole, run_kg, write_corpus

from kg.build import UNFINISHED, build
from kg.cli import main
from kg.errors import KGError
from kg.serve import lock_store

ARTICLES = 30
SEED = 20240607
#: Reads, in another process, the store a build is writing, the way `kg query` does, until told to stop.
READER = """
import json, sys, time
from pathlib import Path
from kg.store import read_consistently
store, stop, expected = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text())
QUERY = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
         "FILTER STRSTARTS(STR(?g), '%s') } GROUP BY ?g")
seen, partial, failures = [], 0, []
while not stop.exists():
    try:
        counts = read_consistently(store, lambda s: {r["g"]: int(r["n"]) for r in s.select(QUERY)})
    except Exception as error:
        failures.append(f"{type(error).__name__}: {error}")
        continue
    partial += sum(1 for g, n in counts.items() if n != expected[g])
    seen.append(len(counts))
    time.sleep(0.02)
print(json.dumps({"seen": seen, "partial": partial, "failures": failures}))
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, ARTICLES)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> tuple[Path, list[str], float]:
    """A build never interrupted: (output folder, canonical quads, seconds it took)."""
    out = tmp_path_factory.mktemp("clean")
    started = time.monotonic()
    result = run_kg("build", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, canonical(out / "store"), time.monotonic() - started


def stored_articles(store: Path) -> int:
    """How many article graphs a read-only look at a store being written finds now (-1: not readable yet)."""
    try:
        return len(article_graphs(store))
    except (OSError, RuntimeError):
        return -1


def kill_build(
    corpus: Path, out: Path, *, after_seconds: float | None = None, after_articles: int = 0, then: float = 0
) -> str:
    """Start `kg build`, SIGKILL it after a delay or once it has stored some articles (and ``then`` seconds
    more); what happened."""
    process = subprocess.Popen(
        [*KG, "build", str(corpus), "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + (after_seconds if after_seconds is not None else 120)
    while time.monotonic() < deadline and process.poll() is None:
        if after_articles and stored_articles(out / "store") >= after_articles:
            time.sleep(then)
            break
        time.sleep(0.02)
    if process.poll() is not None:
        return f"finished (exit {process.returncode}) before the kill"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return "killed"


def test_builds_killed_at_random_points_are_finished_by_a_rerun_to_the_clean_graph(corpus, clean, tmp_path):
    clean_out, expected, seconds = clean
    clean_graphs = article_graphs(clean_out / "store")
    rng = random.Random(SEED)
    out = tmp_path / "out"
    plans = [
        {"after_articles": rng.randint(2, 12)},  # in the middle of writing articles
        {"after_seconds": rng.uniform(0.2, 1.0) * seconds},  # anywhere: loading, writing, views
        {"after_articles": rng.randint(14, ARTICLES - 2)},
        {"after_articles": ARTICLES, "then": rng.uniform(0.0, 1.5)},  # resolution, ontology, views
    ]
    states = []
    for plan in plans:
        outcome = kill_build(corpus, out, **plan)
        graphs = article_graphs(out / "store") if (out / "store" / "CURRENT").exists() else {}
        for name, quads in graphs.items():
            assert is_whole(name, quads), f"{name} is half in the store after a kill ({plan})"
            assert quads == clean_graphs[name], f"{name} differs from the clean build's after a kill ({plan})"
        states.append((plan, outcome, len(graphs)))
    assert any(0 < count < ARTICLES and outcome == "killed" for _, outcome, count in states), states

    result = run_kg("build", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert canonical(out / "store") == expected, states
    assert not (out / UNFINISHED).exists()
    assert not list(out.glob(".*.partial"))
    views = ox.Dataset(ox.parse(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG))
    views.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert sorted(str(quad) for quad in views) == expected  # the views were rewritten too


def lock_is_held(store: Path) -> bool:
    """Whether some process holds the store's lock (read from /proc/locks, without touching the lock)."""
    lock = store / "LOCK"
    if not lock.exists():
        return False
    inode = lock.stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" not in fields and int(fields[-3].rsplit(":", 1)[-1]) == inode:
            return True
    return False


def test_second_build_refuses_or_waits_and_readers_see_whole_articles_while_a_build_runs(
    corpus, clean, tmp_path
):
    clean_out, expected, _ = clean
    out, store = tmp_path / "out", tmp_path / "out" / "store"
    counts = {name: len(quads) for name, quads in article_graphs(clean_out / "store").items()}
    (tmp_path / "expected.json").write_text(json.dumps(counts))
    log = (tmp_path / "first.log").open("w")
    first = subprocess.Popen([*KG, "build", str(corpus), "--out", str(out)], stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    while not lock_is_held(store):
        assert first.poll() is None and time.monotonic() < deadline, "the first build never took the lock"
        time.sleep(0.01)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER % ARTICLE, str(store), str(stop), str(tmp_path / "expected.json")],
        stdout=subprocess.PIPE,
        text=True,
    )

    second = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert second.exit_code == 2
    assert second.output.strip().splitlines()[-1] == (
        f"error: {store} is in use by another kg build or kg serve (locked; kg build --wait SECONDS waits)"
    )
    with pytest.raises(KGError, match="is in use by another kg build or kg serve"):
        lock_store(store)  # what `kg serve` does first: it says why it cannot serve

    messages: list[str] = []
    waited = []
    waiting = threading.Thread(
        target=lambda: waited.append(build([corpus], out, wait=120, on_wait=messages.append))
    )
    waiting.start()
    during = run_kg(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:NewsArticle }", "--store", str(store)
    )

    assert first.wait(timeout=180) == 0, (tmp_path / "first.log").read_text()
    waiting.join(timeout=180)
    stop.touch()
    seen = json.loads(reader.communicate(timeout=60)[0])

    assert during.returncode == 0, during.stderr
    assert messages == [f"waiting: {store} is in use by another kg build or kg serve"]
    assert (waited[0].built, waited[0].unchanged, waited[0].exit_code) == (0, ARTICLES, 0)
    assert canonical(store) == expected
    assert seen["failures"] == [] and seen["partial"] == 0, seen
    assert seen["seen"] == sorted(seen["seen"]) and len(seen["seen"]) >= 3, seen  # progress, never back
