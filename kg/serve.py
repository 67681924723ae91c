"""`kg serve`: Oxigraph's own SPARQL server over the store, behind a small front that adds the HTML view.

The SPARQL protocol is served by the real Oxigraph server (the ``oxigraph`` package, same version as
``pyoxigraph``), run as a child process on an internal loopback port. The front (Starlette on uvicorn)
forwards ``/query``, ``/sparql``, ``/update`` and ``/store`` to it unchanged (method, query string, body,
``Accept`` and ``Content-Type``) and sends the answer back once it is whole: complete within the timeout
and no larger than the byte cap, else a clear 504 or 422 instead of a truncated document. It serves
``/graph.html`` (and ``/``) from the output folder, and refuses updates with 403 unless updates are
allowed, and then without the bearer token with 401. Read-only, it holds the store's lock, so no ``kg build``
writes under the server; with updates allowed, the Oxigraph server opens the store read-write and holds the
lock itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import hmac
import ipaddress
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import KGError

UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
READ_METHODS = ("GET", "HEAD")
#: Response headers that belong to one connection, not to the answer.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}
STARTUP_SECONDS = 30.0
#: A query's whole answer must arrive within this many seconds, and be at most this many bytes.
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 10_000_000
#: The shortest bearer token accepted for updates.
MIN_TOKEN_CHARS = 16


class _TooLarge(Exception):
    """A request or an answer over the byte cap."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def oxigraph_command(
    store: Path, port: int, allow_update: bool, timeout: float = DEFAULT_TIMEOUT
) -> list[str]:
    """The Oxigraph server's command line: read-only unless updates are allowed; default graph = union.

    Its own query timeout is a second longer than the front's, so the front answers first and the server
    then stops computing (it does not stop a streamed answer, which the front cuts by closing it).
    """
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        raise KGError("the Oxigraph server is missing: pip install oxigraph==0.5.13 (kg's dependency)")
    mode = "serve" if allow_update else "serve-read-only"
    return [
        *(binary, mode, "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"),
        *("--timeout-s", str(math.ceil(timeout) + 1)),
    ]


def _die_with_parent() -> None:
    """In the child: ask Linux to stop it when the parent dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_backend(
    store: Path, allow_update: bool, timeout: float = DEFAULT_TIMEOUT
) -> tuple[subprocess.Popen, str]:
    """Start the Oxigraph server on a free loopback port; wait until it answers; (process, base URL)."""
    port = free_port()
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a chatty server never blocks on it
        process = subprocess.Popen(
            oxigraph_command(store, port, allow_update, timeout),
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                said = " ".join(log.read().decode(errors="replace").split())[:300]
                raise KGError(f"the Oxigraph server stopped at start: {said or f'exit {process.returncode}'}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return process, url
            time.sleep(0.1)
    stop_backend(process)
    raise KGError(f"the Oxigraph server did not answer within {STARTUP_SECONDS:.0f} s")


def stop_backend(process: subprocess.Popen) -> None:
    """Stop the Oxigraph server: SIGTERM, then SIGKILL after 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def lock_store(store: Path) -> int:
    """Hold the store's RocksDB lock (as a writer would), so nothing writes while it is served read-only."""
    descriptor = os.open(store / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(descriptor)
        raise KGError(f"{store} is in use by another kg build or kg serve (locked); try later") from error
    return descriptor


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, allow_update: bool) -> str | None:
    """What listening on ``host`` exposes, when it is more than this machine; None on loopback."""
    if is_loopback(host):
        return None
    writes = "; updates need the token, which plain HTTP carries unencrypted" if allow_update else ""
    return f"warning: listening on {host}: anyone who can reach this machine can read the whole graph{writes}"


def check_token(allow_update: bool, token: str | None) -> None:
    """Updates need a bearer token long enough not to be guessed; KGError says what is missing."""
    if not allow_update:
        return
    if not token:
        raise KGError("--allow-update needs a token: pass --token or set KG_TOKEN")
    if len(token) < MIN_TOKEN_CHARS:
        raise KGError(f"the update token is too short: use {MIN_TOKEN_CHARS} characters or more")


def is_update(request: Request, body: bytes) -> bool:
    """Whether a request to /sparql is a SPARQL update (direct POST, or a form with an 'update' field)."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind == UPDATE_TYPE:
        return True
    return kind == FORM_TYPE and "update" in parse_qs(body.decode("utf-8", errors="replace"))


def create_app(
    backend: str,
    out_dir: Path,
    allow_update: bool = False,
    *,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Starlette:
    """The front: SPARQL forwarded to ``backend``, the HTML view from ``out_dir``, no updates by default.

    Updates (when allowed) need ``Authorization: Bearer <token>``; every answer must be at most ``max_bytes``
    bytes (else 422) and a query's whole within ``timeout`` seconds (else 504), the backend cut off.
    """
    client = httpx.AsyncClient(base_url=backend, timeout=None)
    page = out_dir / "graph.html"
    expected = f"Bearer {token}".encode() if token else None

    async def forward(request: Request, path: str, body: bytes, timed: bool = True) -> Response:
        """The backend's whole answer; reads (``timed``) are cut off at the timeout, writes run to the end."""
        headers = {k: v for k, v in request.headers.items() if k in ("accept", "content-type")}
        headers["accept-encoding"] = "identity"
        url = path + (f"?{request.url.query}" if request.url.query else "")
        outgoing = client.build_request(request.method, url, content=body, headers=headers)
        answer = None
        try:
            async with asyncio.timeout(timeout if timed else None):
                answer = await client.send(outgoing, stream=True)
                content = await _read_capped(answer.aiter_raw(), max_bytes)
        except TimeoutError:
            return PlainTextResponse(
                f"query cancelled: no complete answer within {timeout:g} s (kg serve --timeout)\n", 504
            )
        except _TooLarge:
            return PlainTextResponse(
                f"answer larger than {max_bytes:,} bytes (kg serve --max-bytes): add a LIMIT\n", 422
            )
        except httpx.HTTPError as error:
            return PlainTextResponse(f"SPARQL server unavailable: {error}\n", status_code=502)
        finally:
            if answer is not None:
                await answer.aclose()
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
        return Response(content, answer.status_code, kept)

    def write_refusal(request: Request) -> Response | None:
        """Why a write is refused (403: read-only, 401: no or wrong token), or None when it may go on."""
        if not allow_update:
            return PlainTextResponse("updates are disabled: start kg serve with --allow-update\n", 403)
        given = request.headers.get("authorization", "").encode()
        if expected is None or not hmac.compare_digest(given, expected):
            return PlainTextResponse(
                "updates need 'Authorization: Bearer <token>' (the token kg serve was started with)\n",
                401,
                headers={"WWW-Authenticate": 'Bearer realm="kg"'},
            )
        return None

    async def body_of(request: Request) -> bytes:
        return await _read_capped(request.stream(), max_bytes)

    async def sparql(request: Request) -> Response:
        body = await body_of(request)
        if request.method == "POST" and is_update(request, body):
            return write_refusal(request) or await forward(request, "/update", body, timed=False)
        return await forward(request, "/query", body)

    async def update(request: Request) -> Response:
        return write_refusal(request) or await forward(request, "/update", await body_of(request), False)

    async def store(request: Request) -> Response:
        reads = request.method in READ_METHODS
        if not reads and (refusal := write_refusal(request)):
            return refusal
        return await forward(request, "/store", await body_of(request), timed=reads)

    async def too_large(request: Request, error: Exception) -> Response:
        return PlainTextResponse(f"request larger than {max_bytes:,} bytes (kg serve --max-bytes)\n", 413)

    async def graph_page(request: Request) -> Response:
        if not page.is_file():
            return PlainTextResponse(f"no {page.name} in {out_dir}: run kg build\n", 404)
        return FileResponse(page, media_type="text/html")

    async def home(request: Request) -> Response:
        return RedirectResponse("/graph.html")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await client.aclose()

    return Starlette(
        routes=[
            Route("/", home),
            Route("/graph.html", graph_page),
            Route("/query", sparql, methods=["GET", "POST"]),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/update", update, methods=["POST"]),
            Route("/store", store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"]),
        ],
        exception_handlers={_TooLarge: too_large},
        lifespan=lifespan,
    )


async def _read_capped(chunks: AsyncIterator[bytes], max_bytes: int) -> bytes:
    """All the chunks joined, or _TooLarge as soon as they pass ``max_bytes``."""
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > max_bytes:
            raise _TooLarge
    return bytes(data)


def bind(host: str, port: int) -> socket.socket:
    """The front's listening socket, bound before anything starts so a taken port fails at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise KGError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    listener.listen(128)
    return listener


def serve(
    store: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the store until Ctrl-C or SIGTERM; both the front and the Oxigraph server stop."""
    store = Path(store)
    check_token(allow_update, token)
    if not (store / "CURRENT").is_file():
        raise KGError(f"{store}: no store here (run 'kg build' first, or pass --store)")
    lock = lock_store(store)
    if allow_update:  # the Oxigraph server takes the lock itself: checked free, then handed over
        os.close(lock)
        lock = None
    listener = bind(host, port)
    process = None
    try:
        process, backend = start_backend(store, allow_update, timeout)
        app = create_app(
            backend, store.parent, allow_update, token=token, timeout=timeout, max_bytes=max_bytes
        )
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        shown = f"[{host}]" if ":" in host else host
        if on_ready:
            on_ready(f"http://{shown}:{listener.getsockname()[1]}")
        signal.signal(signal.SIGTERM, _exit_on_sigterm)  # uvicorn re-raises it after shutting down
        server.run(sockets=[listener])
    finally:
        if process is not None:
            stop_backend(process)
        listener.close()
        if lock is not None:
            os.close(lock)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)
