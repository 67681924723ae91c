"""Load test of `kg serve`: concurrent clients on loopback for a few seconds; throughput, latency, errors.

Starts `kg serve` (a second process) on a copy of the store, bound to 127.0.0.1 on a free port, then runs
a bounded number of client threads for a bounded time, each sending the queries below in turn. One more
client sends a pathological query (a cartesian product) to show it is cut off while the others go on.
When there is no store, the seed articles in data/ are built into a temporary folder first.

    python bench/load_bench.py [--store out/store] [--clients 8] [--seconds 5] [--timeout 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
MAX_CLIENTS = 64
MAX_SECONDS = 60.0
QUERIES = (
    "SELECT DISTINCT ?name WHERE { ?p a <https://schema.org/Person> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> 'NATO' }",
    "SELECT ?event ?place WHERE { ?event <https://schema.org/location> ?where . "
    "?where <http://www.w3.org/2000/01/rdf-schema#label> ?place } LIMIT 50",
    "SELECT ?a ?b WHERE { ?a <https://w3id.org/newskg/ontology#agent> ?x . "
    "?x <https://w3id.org/newskg/ontology#target> ?b } LIMIT 100",
)
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=REPO / "out" / "store")
    parser.add_argument("--clients", type=int, default=8, help=f"concurrent clients (1-{MAX_CLIENTS})")
    parser.add_argument("--seconds", type=float, default=5.0, help=f"duration (at most {MAX_SECONDS:g})")
    parser.add_argument("--timeout", type=float, default=2.0, help="kg serve --timeout, seconds")
    options = parser.parse_args()
    clients = min(max(options.clients, 1), MAX_CLIENTS)
    seconds = min(max(options.seconds, 0.5), MAX_SECONDS)
    with tempfile.TemporaryDirectory() as scratch:
        store = copy_store(options.store, Path(scratch))
        server, url = start_server(store, options.timeout)
        try:
            report = run_load(url, clients, seconds, options.timeout)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print_report(report, clients, seconds)


def copy_store(store: Path, scratch: Path) -> Path:
    """A copy of the store (built from data/ when there is none), so the bench never locks the real one."""
    if not (store / "CURRENT").is_file():
        out = scratch / "built"
        build = [sys.executable, "-m", "kg", "build", str(REPO / "data"), "--out", str(out)]
        subprocess.run(build, check=True, stderr=subprocess.DEVNULL)
        store = out / "store"
    copy = scratch / "store"
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("LOCK"))
    return copy


def start_server(store: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    """`kg serve` on 127.0.0.1 and a free port, once it answers."""
    from kg.serve import free_port

    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--timeout", str(timeout)], stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("kg serve did not answer within 60 s")


def run_load(url: str, clients: int, seconds: float, timeout: float) -> dict:
    """Every client's latencies and errors, and what became of the pathological query."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        with httpx.Client(timeout=timeout + 10) as http:
            sent = number
            while time.monotonic() < deadline:
                query = QUERIES[sent % len(QUERIES)]
                sent += 1
                started = time.perf_counter()
                try:
                    status = http.post(url, data={"query": query}).status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                with lock:
                    if status == 200:
                        latencies.append(time.perf_counter() - started)
                    else:
                        errors[str(status)] += 1

    pathological: dict = {}

    def cartesian() -> None:
        started = time.perf_counter()
        answer = httpx.post(url, data={"query": PATHOLOGICAL}, timeout=timeout + 10)
        pathological.update(status=answer.status_code, seconds=time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=cartesian))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors, "pathological": pathological}


def print_report(report: dict, clients: int, seconds: float) -> None:
    latencies = sorted(report["latencies"])
    done = len(latencies)
    errors = sum(report["errors"].values())
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p95 = latencies[min(done - 1, int(done * 0.95))] * 1000 if latencies else float("nan")
    print(f"clients            {clients}")
    print(f"seconds            {seconds:g}")
    print(f"queries answered   {done}")
    print(f"queries/s          {done / seconds:.1f}")
    print(f"latency p50 (ms)   {p50:.1f}")
    print(f"latency p95 (ms)   {p95:.1f}")
    print(f"errors             {errors} {dict(report['errors']) if errors else ''}".rstrip())
    cut = report["pathological"]
    print(f"pathological query HTTP {cut.get('status')} after {cut.get('seconds', float('nan')):.1f} s")


if __name__ == "__main__":
    main()
