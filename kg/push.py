"""Push the store to another triple store, one named graph per article, replacing what was there.

Two protocols, both SPARQL 1.1 standards:

- Graph Store Protocol (preferred when a GSP URL is given): ``PUT ?graph=IRI`` with N-Triples replaces a
  graph; a graph larger than one batch is PUT with its first batch and POSTed (appended) with the rest.
- Update: ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``, several small graphs per request,
  a large one split over requests (only the first drops the graph).

Either way, pushing an article again replaces its graph, so a push can be repeated. The store's default
graph (the ontology) is pushed as the named graph ``ONTOLOGY_GRAPH``, leaving the server's default graph
alone (many servers make it the union of all graphs).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

import httpx

from kg.errors import KGError
from kg.rdf import NKG
from kg.store import GraphStore

ONTOLOGY_GRAPH = str(NKG).rstrip("#")
NTRIPLES = "application/n-triples"
DEFAULT_BATCH = 10_000
TIMEOUT = httpx.Timeout(120.0, connect=10.0)


@dataclass(frozen=True)
class Batch:
    """Part of one graph: its N-Triples lines, and whether this part replaces the graph or adds to it."""

    graph: str
    lines: list[bytes]
    replace: bool


@dataclass
class PushReport:
    """What a push sent: graphs, triples and HTTP requests."""

    graphs: int = 0
    triples: int = 0
    requests: int = 0


class ChallengeAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server's 401 challenge asks for (Virtuoso asks for Digest)."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {"basic": httpx.BasicAuth(user, password), "digest": httpx.DigestAuth(user, password)}
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        self._chosen = self._schemes["digest" if challenge == "digest" else "basic"]
        flow = self._chosen.auth_flow(request)
        request = next(flow)
        if "authorization" not in request.headers:  # digest: answer the challenge already received
            request = flow.send(response)
        while True:
            response = yield request
            try:
                request = flow.send(response)
            except StopIteration:
                return


def graphs(store: GraphStore) -> Iterator[tuple[str, bytes]]:
    """Every graph to push as (graph IRI, N-Triples): articles, the resolution graph, the ontology."""
    for name in store.graph_names():
        yield name, store.graph_ntriples(name)
    yield ONTOLOGY_GRAPH, store.graph_ntriples(None)


def batches(name: str, ntriples: bytes, size: int) -> Iterator[Batch]:
    """One graph cut into batches of at most ``size`` triples; the first replaces the graph."""
    lines = [line for line in ntriples.splitlines() if line.strip()]
    for start in range(0, max(len(lines), 1), size):
        yield Batch(name, lines[start : start + size], replace=start == 0)


def update_text(batch_group: list[Batch]) -> bytes:
    """One SPARQL update for several batches: DROP then INSERT DATA for a first batch, INSERT for the rest."""
    parts = []
    for batch in batch_group:
        graph = f"<{batch.graph}>".encode()
        if batch.replace:
            parts.append(b"DROP SILENT GRAPH " + graph)
        if batch.lines:
            parts.append(b"INSERT DATA { GRAPH " + graph + b" {\n" + b"\n".join(batch.lines) + b"\n} }")
    return b" ;\n".join(parts)


def push(
    store: GraphStore,
    *,
    endpoint: str | None = None,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_graph: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Send every graph to a Graph Store Protocol URL, or else to a SPARQL Update endpoint, in batches."""
    if not (endpoint or graph_store):
        raise KGError(
            "give a SPARQL Update endpoint (--endpoint) or a Graph Store Protocol URL (--graph-store)"
        )
    if batch_size < 1:
        raise KGError("the batch size must be at least 1 triple")
    auth = ChallengeAuth(user, password or "") if user else None
    report = PushReport()
    with httpx.Client(auth=auth, timeout=TIMEOUT) as client:
        send = (
            _gsp_sender(client, graph_store) if graph_store else _update_sender(client, endpoint, batch_size)
        )
        try:
            for name, ntriples in graphs(store):
                parts = list(batches(name, ntriples, batch_size))
                count = sum(len(part.lines) for part in parts)
                report.requests += send(parts)
                report.graphs += 1
                report.triples += count
                if on_graph:
                    on_graph(name, count)
            report.requests += send([])  # what is still pending
        except httpx.HTTPError as error:
            raise KGError(f"{graph_store or endpoint}: {type(error).__name__}: {error}") from error
    return report


def _gsp_sender(client: httpx.Client, url: str) -> Callable[[list[Batch]], int]:
    """Send each batch at once: PUT the first of a graph, POST the rest."""

    def send(parts: list[Batch]) -> int:
        for part in parts:
            method = "PUT" if part.replace else "POST"
            body = b"\n".join(part.lines) + b"\n" if part.lines else b""
            headers = {"Content-Type": NTRIPLES}
            _check(client.request(method, url, params={"graph": part.graph}, content=body, headers=headers))
        return len(parts)

    return send


def _update_sender(client: httpx.Client, url: str, batch_size: int) -> Callable[[list[Batch]], int]:
    """Gather batches until one request would exceed ``batch_size`` triples; an empty call flushes."""
    pending: list[Batch] = []

    def flush() -> int:
        if not pending:
            return 0
        body = update_text(pending)
        pending.clear()
        _check(client.post(url, content=body, headers={"Content-Type": "application/sparql-update"}))
        return 1

    def send(parts: list[Batch]) -> int:
        sent = 0
        if not parts:
            return flush()
        for part in parts:
            if sum(len(p.lines) for p in pending) + len(part.lines) > batch_size:
                sent += flush()
            pending.append(part)
        return sent

    return send


def _check(response: httpx.Response) -> None:
    """A failed request as a one-line error naming the status and the server's first words."""
    if response.is_success:
        return
    detail = " ".join(response.text.split())[:200]
    raise KGError(f"{response.request.method} {response.request.url} failed: {response.status_code} {detail}")
