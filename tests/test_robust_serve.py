"""`kg serve` under stress: timeouts, answer caps, update tokens, exposure warnings, builds refused, load."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from robust_support import REPO_BENCH, run_kg, start_serve, stop_serve

from kg.cli import main
from kg.serve import exposure_warning, free_port
from kg.store import GraphStore

TIMEOUT = 2
MAX_BYTES = 200_000
GRACE = 6  # Oxigraph checks its timeout between steps: a deep path runs on ~2.6 s (slow machine)
TOKEN = "a-test-token-that-is-long-enough"
LOAD = ("--clients", "4", "--seconds", "2", "--timeout", "1")
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
CARTESIAN_ROWS = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
DEEP_PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:none>|!<urn:x:none>)* ?b . ?b (!<urn:x:none>)* ?c }"
SIMPLE = (
    "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?name }"
)


def copy_store(built, folder: Path) -> Path:
    """A copy of the seed store (so this module's servers never share a lock with other tests)."""
    store = folder / "store"
    shutil.copytree(built[0] / "store", store, ignore=shutil.ignore_patterns("LOCK"))
    return store


@pytest.fixture(scope="module")
def served(built, tmp_path_factory) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    store = copy_store(built, tmp_path_factory.mktemp("served"))
    process, url = start_serve(store, "--timeout", str(TIMEOUT), "--max-bytes", str(MAX_BYTES))
    try:
        yield url, store, process
    finally:
        stop_serve(process)


def ask(url: str, query: str, **headers: str) -> httpx.Response:
    return httpx.post(f"{url}/sparql", data={"query": query}, headers=headers, timeout=TIMEOUT + 30)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seconds_until_idle(pid: int, within: float) -> float | None:
    """Seconds until a process spends a whole half-second without CPU; None if not within ``within``."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.02:
            return time.monotonic() - started
    return None


def test_pathological_queries_are_cut_off_while_others_answer(served):
    url, _, process = served
    answers: dict[str, tuple[httpx.Response, float]] = {}

    def send(name: str, query: str) -> None:
        started = time.monotonic()
        answers[name] = (ask(url, query), time.monotonic() - started)

    work = [("count", CARTESIAN_COUNT), ("path", DEEP_PATH)]
    heavy = [threading.Thread(target=send, args=item) for item in work]
    for thread in heavy:
        thread.start()
    time.sleep(0.3)
    for _ in range(5):  # the server keeps answering simple queries meanwhile, quickly
        started = time.monotonic()
        simple = ask(url, SIMPLE, accept="application/sparql-results+json")
        assert simple.status_code == 200 and "Vladimir Putin" in simple.text
        assert time.monotonic() - started < 1.5
    for thread in heavy:
        thread.join()
    for name in ("count", "path"):
        answer, seconds = answers[name]
        assert answer.status_code == 504, (name, answer.text)
        assert answer.text == f"query cancelled: no complete answer within {TIMEOUT} s (kg serve --timeout)\n"
        assert TIMEOUT <= seconds < TIMEOUT + 3
    rows = ask(url, CARTESIAN_ROWS)  # streams fast, so the byte cap cuts it first
    assert rows.status_code == 422
    assert rows.text == f"answer larger than {MAX_BYTES:,} bytes (kg serve --max-bytes): add a LIMIT\n"
    backend = int(Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()[0])
    assert seconds_until_idle(backend, within=TIMEOUT + 1 + GRACE) is not None, (
        f"the Oxigraph server still computes a cancelled query {GRACE} s after its own timeout"
    )
    before = cpu_seconds(backend)
    time.sleep(1)
    assert cpu_seconds(backend) - before < 0.1, "the Oxigraph server went back to a cancelled query"


def test_answers_are_whole_and_requests_over_the_cap_are_refused(served):
    url, _, _ = served
    whole = ask(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", accept="text/csv")
    assert whole.status_code == 200 and len(whole.text.strip().splitlines()) == 11
    big = httpx.post(f"{url}/sparql", data={"query": "ASK {} #" + "x" * MAX_BYTES}, timeout=30)
    assert big.status_code == 413
    assert big.text == f"request larger than {MAX_BYTES:,} bytes (kg serve --max-bytes)\n"


def test_a_build_on_a_served_store_refuses_or_waits_and_the_server_keeps_answering(served, tmp_path):
    url, store, _ = served
    (tmp_path / "a.txt").write_text("Vladimir Putin met Emmanuel Macron in Paris.", encoding="utf-8")
    attempts = [([], "locked; kg build --wait SECONDS waits"), (["--wait", "1"], "still locked after 1 s")]
    for extra, why in attempts:
        started = time.monotonic()
        result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(store.parent), *extra])
        assert result.exit_code == 2
        assert result.output.strip().splitlines()[-1] == (
            f"error: {store} is in use by another kg build or kg serve ({why})"
        )
        assert time.monotonic() - started < 10
    assert ask(url, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_updates_need_allow_update_and_the_bearer_token(built, tmp_path):
    store = copy_store(built, tmp_path)
    missing = run_kg("serve", "--store", str(store), "--allow-update", env={**os.environ, "KG_TOKEN": ""})
    assert missing.returncode == 2
    assert missing.stderr.strip() == "error: --allow-update needs a token: pass --token or set KG_TOKEN"
    short = run_kg("serve", "--store", str(store), "--allow-update", "--token", "short")
    assert short.returncode == 2 and "token is too short" in short.stderr
    process, url = start_serve(store, "--allow-update", env={**os.environ, "KG_TOKEN": TOKEN})
    update = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <urn:x:b> 'c' } }"
    try:
        assert httpx.post(f"{url}/update", data={"update": update}).status_code == 401
        wrong = httpx.post(f"{url}/update", data={"update": update}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
        direct = {"Content-Type": "application/sparql-update"}
        assert httpx.post(f"{url}/sparql", content=update, headers=direct).status_code == 401
        assert httpx.delete(f"{url}/store?default").status_code == 401
        assert ask(url, "ASK { <https://example.org/a> ?p ?o }").json()["boolean"] is False  # reads: open
        right = {"Authorization": f"Bearer {TOKEN}", **direct}
        assert httpx.post(f"{url}/sparql", content=update, headers=right).status_code in (200, 204)
        assert ask(url, "ASK { <https://example.org/a> ?p ?o }").json()["boolean"] is True
    finally:
        stop_serve(process)
    assert bool(GraphStore(store, read_only=True).query("ASK { <https://example.org/a> ?p ?o }"))


def test_binds_loopback_by_default_and_warns_when_bound_elsewhere(built, tmp_path):
    assert exposure_warning("127.0.0.1", False) is None
    assert exposure_warning("::1", True) is None and exposure_warning("localhost", False) is None
    assert "anyone who can reach this machine" in exposure_warning("192.168.1.20", False)
    assert "token, which plain HTTP carries unencrypted" in exposure_warning("0.0.0.0", True)
    port = free_port()
    process, _ = start_serve(copy_store(built, tmp_path), "--host", "0.0.0.0", port=port)
    output = stop_serve(process)
    assert f"SPARQL endpoint http://0.0.0.0:{port}/sparql (read-only)" in output
    warning = "warning: listening on 0.0.0.0: anyone who can reach this machine can read the whole graph"
    assert warning in output
    default = run_kg("serve", "--help")
    assert re.search(r"--host TEXT\s+Address to listen on.\s+\[default:\s+127\.0\.0\.1\]", default.stdout)


def test_load_bench_reports_throughput_latency_and_errors(built, tmp_path):
    store = copy_store(built, tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO_BENCH / "load_bench.py"), "--store", str(store), *LOAD],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    figures = dict(re.findall(r"^(.+?)\s{2,}(\S.*)$", result.stdout, re.M))
    assert int(figures["queries answered"]) > 0 and float(figures["queries/s"]) > 0
    assert figures["errors"] == "0"
    assert float(figures["latency p95 (ms)"]) >= float(figures["latency p50 (ms)"]) > 0
    assert re.match(r"pathological query HTTP 504 after \d", result.stdout.strip().splitlines()[-1])
