"""Helpers for the robustness tests: a synthetic corpus, `kg` as a process, canonical store contents."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.serve import free_port

KG = [sys.executable, "-m", "kg"]
REPO_BENCH = Path(__file__).resolve().parent.parent / "bench"
PEOPLE = (
    "Vladimir Putin",
    "Boris Johnson",
    "Mark Rutte",
    "Sajid Javid",
    "Olaf Scholz",
    "Emmanuel Macron",
    "Volodymyr Zelensky",
    "Jens Stoltenberg",
    "Joe Biden",
    "Andrzej Duda",
)
PLACES = ("Brussels", "London", "Moscow", "Kyiv", "Paris", "Berlin", "Warsaw", "Vilnius", "Madrid", "Rome")
ORGANISATIONS = ("NATO", "the European Union", "the United Nations", "the Kremlin", "the World Bank")
ARTICLE = "https://w3id.org/newskg/id/article/"
NEWS_ARTICLE = "https://schema.org/NewsArticle"
SHA256 = "https://w3id.org/newskg/ontology#sha256"


def write_corpus(folder: Path, count: int = 30, seed: int = 7) -> list[Path]:
    """``count`` short, distinct news-like articles with sidecars: people, places, organisations, events."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(count):
        first, second, third = rng.sample(PEOPLE, 3)
        here, there, elsewhere = rng.sample(PLACES, 3)
        organisation = rng.choice(ORGANISATIONS)
        text = (
            f"{first} met {second} in {here} on Monday to discuss the war in Ukraine, officials said.\n"
            f"{first.split()[-1]} warned that {organisation} would impose new sanctions on Russia.\n"
            f"Protesters gathered in {there} on Tuesday, and {second} visited {there} the next day.\n"
            f"{third} said talks in {elsewhere} would continue, despite objections from {organisation}.\n"
            f"Report {number}: {number + 3} soldiers were killed when troops attacked {elsewhere}.\n"
        )
        path = folder / f"article-{number:02d}.txt"
        path.write_text(text, encoding="utf-8")
        sidecar = {"published": f"2022-03-{1 + number % 28:02d}", "title": f"Story {number}"}
        path.with_suffix(".meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
        files.append(path)
    return files


def run_kg(*args: str, **options) -> subprocess.CompletedProcess:
    """Run `python -m kg ARGS` to completion (bounded), capturing text output."""
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=300, **options)


def canonical(store: Path) -> list[str]:
    """Every quad of a store, blank nodes canonically labelled (RDFC-1.0), as sorted N-Quads lines."""
    dataset = ox.Dataset(ox.Store.read_only(str(store)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(quad) for quad in dataset)


def article_graphs(store: Path) -> dict[str, list[str]]:
    """Each article's named graph as sorted N-Quads lines, by graph IRI."""
    graphs: dict[str, list[str]] = {}
    for quad in ox.Store.read_only(str(store)):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode) and name.value.startswith(ARTICLE):
            graphs.setdefault(name.value, []).append(str(quad))
    return {name: sorted(quads) for name, quads in graphs.items()}


def is_whole(name: str, quads: list[str]) -> bool:
    """Whether an article graph holds its NewsArticle node and its content hash."""
    typed = f"<{name}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NEWS_ARTICLE}> <{name}>"
    hashed = f"<{name}> <{SHA256}>"
    return any(q.startswith(typed) for q in quads) and any(q.startswith(hashed) for q in quads)


def start_serve(store: Path, *options: str, env: dict | None = None, port: int | None = None):
    """`kg serve` as its own process on a free loopback port, waited for until it answers: (process, URL)."""
    port = port or free_port()
    process = subprocess.Popen(
        [*KG, "serve", "--store", str(store), "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kg serve stopped: {process.stdout.read()}")
        try:
            if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_serve(process)
    raise AssertionError("kg serve did not answer within 60 s")


def stop_serve(process: subprocess.Popen) -> str:
    """Ctrl-C to `kg serve`; everything it printed."""
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output
