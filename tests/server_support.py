"""Real servers for the tests, started on free loopback ports: finding their binaries, waiting for them."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from kg.serve import free_port, stop_backend

STARTUP_SECONDS = 90


def binary(name: str, package: str) -> str:
    """A program's path; fails naming the package that brings it."""
    path = shutil.which(name)
    assert path, f"{name} is missing: install {package} (bash scripts/test.sh installs it)"
    return path


def wait_for(process: subprocess.Popen, url: str, log: Path | None = None) -> None:
    """Poll ``url`` until it answers 200, for a bounded time; fail with the server's log if it died."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            f"server exited: {log.read_text()[-2000:] if log else process.returncode}"
        )
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {STARTUP_SECONDS} s")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Oxigraph's read-write server on the store at ``location``: its address (host:port)."""
    port = free_port()
    command = [binary("oxigraph", "the oxigraph PyPI package"), "serve", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, "--location", str(location)])
    try:
        wait_for(process, f"http://127.0.0.1:{port}/query")
        yield f"127.0.0.1:{port}"
    finally:
        stop_backend(process)
