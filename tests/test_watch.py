"""`kg watch`: articles that arrive are built into the store as they come; Ctrl-C writes the views."""

from __future__ import annotations

import signal
import subprocess
import time

from robust_support import KG

from kg.store import GraphStore
from kg.watch import watch


def people(out) -> set[str]:
    rows = GraphStore(out / "store", read_only=True).select(
        "SELECT DISTINCT ?n WHERE { ?p a schema:Person ; rdfs:label ?n }"
    )
    return {r["n"] for r in rows}


def test_an_article_that_arrives_is_built_and_the_views_follow_when_watching_stops(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    (data / "a.txt").write_text("Vladimir Putin met Emmanuel Macron in Moscow.", encoding="utf-8")
    looks, changes = [], []

    def keep_going() -> bool:
        looks.append(1)
        if len(looks) == 2:  # after the first look, an article arrives
            (data / "b.txt").write_text("Angela Merkel met Boris Johnson in Berlin.", encoding="utf-8")
        return len(looks) <= 3

    final = watch(
        [data], out, interval=0.1, on_change=lambda r, s: changes.append(r.built), keep_going=keep_going
    )
    assert changes == [1, 1]  # a.txt at the first look, b.txt at the second, nothing at the third
    assert {"Vladimir Putin", "Angela Merkel"} <= people(out)
    assert final.built == 0 and not final.views_stale
    assert b"Angela Merkel" in (out / "graph.html").read_bytes()


def test_kg_watch_command_builds_new_files_and_writes_views_on_ctrl_c(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    (data / "a.txt").write_text("Boris Johnson spoke in London.", encoding="utf-8")
    process = subprocess.Popen(
        [*KG, "watch", str(data), "--out", str(out), "--interval", "0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not (out / "store").exists() or "Boris Johnson" not in people_or_empty(out):
            assert process.poll() is None and time.monotonic() < deadline, "kg watch built nothing"
            time.sleep(0.3)
        (data / "b.txt").write_text("Angela Merkel met Emmanuel Macron in Paris.", encoding="utf-8")
        while "Angela Merkel" not in people_or_empty(out):
            assert process.poll() is None and time.monotonic() < deadline, "kg watch missed the new file"
            time.sleep(0.3)
        assert not (out / "graph.html").exists()  # the views wait for Ctrl-C
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    assert "built 1" in output and "views written" in output
    assert b"Angela Merkel" in (out / "graph.html").read_bytes()


def people_or_empty(out) -> set[str]:
    """The people in the store, or none while the watcher holds it for writing."""
    try:
        return people(out)
    except Exception:
        return set()
