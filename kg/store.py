"""The persistent SPARQL store (Oxigraph): the only module that talks to it."""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import KGError
from kg.rdf import ENTITIES_GRAPH, NKG, PREFIXES

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
#: Seconds between two attempts to open a store another process writes (``wait``).
LOCK_POLL = 0.25
#: How often a read is tried on a fresh snapshot when a writer removed a file it was reading.
READ_ATTEMPTS = 5
_STORE_FILE = re.compile(r"\d+\.(?:sst|log)\b|MANIFEST|CURRENT")
T = TypeVar("T")


def _one_line(message: str, limit: int = 200) -> str:
    """A parser's message folded onto one line and cut to a readable length."""
    folded = " ".join(message.split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


class GraphStore:
    """An Oxigraph store on disk (or in memory) holding one named graph per article."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """Open (or create) a store; a writer waits up to ``wait`` seconds while another process holds it."""
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise KGError(f"{self.path}: no store here (run 'kg build' first, or pass --store)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._store = _open_for_writing(self.path, wait, on_wait)
        except OSError as error:
            raise KGError(f"{self.path}: cannot open the store: {_one_line(str(error))}") from error

    def replace_graph(self, name: str, ntriples: str, shared: str = "") -> None:
        """Replace one named graph with these N-Triples and add ``shared`` ones to the entities graph.

        Both texts are checked before anything is written. A graph the store holds is replaced in one
        transaction; a new one is loaded without holding Python's GIL (the entity descriptions first,
        then the graph), so readers never see part of an article.
        """
        graph = ox.NamedNode(name)
        entities = ox.NamedNode(str(ENTITIES_GRAPH))
        if self._store.contains_named_graph(graph):
            self._store.update(
                f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{\n{_data(ntriples)}}} "
                f"GRAPH {entities} {{\n{_data(shared)}}} }}"
            )
            return
        _check(ntriples)
        _check(shared)
        self._store.load(shared, format=ox.RdfFormat.N_TRIPLES, to_graph=entities)
        self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)

    def update_graph(self, name: str, remove: str, add: str) -> None:
        """Remove some triples from a named graph and add others (both N-Triples, checked), in one
        transaction."""
        graph = ox.NamedNode(name)
        self._store.update(
            f"DELETE DATA {{ GRAPH {graph} {{\n{_data(remove)}}} }} ; "
            f"INSERT DATA {{ GRAPH {graph} {{\n{_data(add)}}} }}"
        )

    def forget_unmentioned(self) -> None:
        """Drop the descriptions of entities no article mentions any more (after articles change or go)."""
        self._store.update(
            f"""DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?entity ?p ?o }} }}
            WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?entity ?p ?o }}
              FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?y ?entity }} FILTER(?g != <{ENTITIES_GRAPH}>) }} }}"""
        )

    def replace_default_graph(self, ntriples: str) -> None:
        """Replace the default graph (the ontology) in a single transaction."""
        self._store.update(f"DROP SILENT DEFAULT ; INSERT DATA {{\n{_data(ntriples)}}}")

    def replace_all(self, nquads: str | Path) -> int:
        """Replace everything with the quads of an N-Quads file in a single transaction; the quad count."""
        graphs: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = defaultdict(list)
        try:
            for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
                graphs[quad.graph_name].append(quad.triple)
        except SyntaxError as error:
            raise KGError(f"{nquads}: not valid N-Quads: {_one_line(str(error))}") from error
        blocks = [
            body if isinstance(name, ox.DefaultGraph) else f"GRAPH {name} {{\n{body}}}"
            for name, triples in graphs.items()
            for body in [ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()]
        ]
        self._store.update("DROP SILENT ALL ; INSERT DATA {\n" + "\n".join(blocks) + "}")
        return sum(len(triples) for triples in graphs.values())

    def drop_graphs(self, names: Iterable[str]) -> None:
        """Remove named graphs (deleted articles) in a single transaction."""
        drops = " ; ".join(f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in names)
        if drops:
            self._store.update(drops)

    def article_versions(self) -> dict[str, tuple[str, str]]:
        """(content hash, extractor) of every article in the store, by graph IRI."""
        query = f"""SELECT ?g ?h ?x WHERE {{ GRAPH ?g {{
            ?g <{NKG.sha256}> ?h . OPTIONAL {{ ?g <{NKG.extractor}> ?x }} }} }}"""
        return {
            r["g"].value: (r["h"].value, r["x"].value if r["x"] else "") for r in self._store.query(query)
        }

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query whose default graph is the union of all graphs."""
        try:
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as error:
            if re.match(
                r"\s*(?:PREFIX[^{]*)?(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", sparql, re.I
            ):
                raise KGError("this is a SPARQL update: kg query only reads the store") from error
            raise KGError(f"SPARQL syntax error: {_one_line(str(error))}") from error

    def select(self, sparql: str) -> list[dict[str, str]]:
        """A SELECT query's rows as plain dicts of variable name to value (unbound left out)."""
        results = self.query(sparql)
        names = [v.value for v in results.variables]
        return [
            {n: term.value for n, term in zip(names, row, strict=True) if term is not None} for row in results
        ]

    def union_graph(self) -> Graph:
        """Every triple of every graph, merged, as an rdflib Graph."""
        data = ox.serialize(self.merged_triples(), format=ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=data, format="nt")

    def merged_triples(self) -> Iterator[ox.Triple]:
        """Every triple of every graph, once."""
        return _once(quad.triple for quad in self._store)

    def write(self, path: str | Path, fmt: str) -> None:
        """Write the store to a file: quad formats keep the named graphs, triple formats merge them."""
        rdf_format = RDF_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self._store.dump(str(path), rdf_format, prefixes=PREFIXES)
        else:
            ox.serialize(self.merged_triples(), str(path), rdf_format, prefixes=PREFIXES)

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs (one per article, and the resolution graph), sorted."""
        return sorted(graph.value for graph in self._store.named_graphs())

    def graph_ntriples(self, name: str | None) -> bytes:
        """One graph as N-Triples: the named graph ``name``, or the default graph (the ontology) for None."""
        graph = ox.NamedNode(name) if name else ox.DefaultGraph()
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Let go of the store, even while something (a traceback) still holds this object: pyoxigraph
        closes it, and frees its lock, once no query result or iterator from it is left either."""
        self.__dict__.pop("_store", None)

    def __getattr__(self, name: str) -> object:
        if name == "_store":  # only reached once closed
            raise KGError(f"{self.path or 'the store in memory'}: the store is closed")
        raise AttributeError(name)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        self._store.flush()


def _once(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """Each triple once; memory holds a 128-bit digest per triple, not the triples."""
    seen: set[bytes] = set()
    for triple in triples:
        digest = hashlib.blake2b(str(triple).encode(), digest_size=16).digest()
        if digest not in seen:
            seen.add(digest)
            yield triple


def _data(ntriples: str) -> str:
    """N-Triples checked and written again by Oxigraph: terms only, so no text can become SPARQL syntax."""
    return ox.serialize(_check(ntriples), format=ox.RdfFormat.N_TRIPLES).decode()


def _check(ntriples: str) -> list[ox.Triple]:
    """The triples of an N-Triples text, or a clear error saying why it is not one."""
    try:
        return [quad.triple for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
    except SyntaxError as error:
        raise KGError(f"not valid N-Triples: {_one_line(str(error))}") from error


def _open_for_writing(path: Path, wait: float, on_wait: Callable[[str], None] | None) -> ox.Store:
    """The store opened read-write; while another process holds its lock, wait up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    in_use = f"{path} is in use by another kg build or kg serve"
    while True:
        try:
            return ox.Store(str(path))
        except OSError as error:
            if "LOCK" not in str(error):
                raise
            if time.monotonic() >= deadline:
                hint = f"still locked after {wait:g} s" if wait else "locked; kg build --wait SECONDS waits"
                raise KGError(f"{in_use} ({hint})") from error
            if on_wait:
                on_wait(f"waiting: {in_use}")
                on_wait = None
            time.sleep(LOCK_POLL)


def read_consistently(path: str | Path, work: Callable[[GraphStore], T], attempts: int = READ_ATTEMPTS) -> T:
    """``work`` on a read-only snapshot of the store, done again on a fresh one if a writer removed a file.

    A read-only open sees every transaction committed before it (RocksDB replays the write-ahead log), so
    readers see whole articles while a build runs; a long read may need a file the writer has compacted away.
    """
    attempt = 1
    while True:
        try:
            return work(GraphStore(path, read_only=True))
        except (OSError, RuntimeError, KGError) as error:
            cause = error.__cause__ if isinstance(error, KGError) else error
            if not isinstance(cause, OSError | RuntimeError) or not _STORE_FILE.search(str(cause)):
                raise
            if attempt >= attempts:
                raise KGError(
                    f"{path}: the store kept changing under the read (a kg build is writing it); "
                    f"try again: {_one_line(str(cause))}"
                ) from error
        time.sleep(0.1 * attempt)
        attempt += 1
