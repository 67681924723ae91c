"""Benchmark rdflib's in-memory Dataset against Oxigraph on a synthetic news graph."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from statistics import median
from string import Template

import pyoxigraph as ox
import rdflib

S, KG, XSD = "http://schema.org/", "http://example.org/kg/", str(rdflib.XSD)
RDF_TYPE, LABEL = str(rdflib.RDF.type), str(rdflib.RDFS.label)
TYPES = ("Person", "Organization", "Place")
Store = rdflib.Dataset | ox.Store
# subject, predicate, object, graph, datatype of a literal object ("": plain, None: IRI)
Row = tuple[str, str, str, str, str | None]
PREFIXES = f"PREFIX s: <{S}> PREFIX rdf: <{rdflib.RDF}> PREFIX rdfs: <{rdflib.RDFS}>\n"
QUERIES = {
    "Q1 count triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "Q2 label lookup": 'SELECT ?e WHERE { ?e rdfs:label "$label" }',
    "Q3 top-10 mentioned": """SELECT ?e ?l (COUNT(?a) AS ?n)
        WHERE { ?a s:mentions ?e . ?e rdfs:label ?l }
        GROUP BY ?e ?l ORDER BY DESC(?n) ?e LIMIT 10""",
    "Q4 2-hop neighbours": """SELECT DISTINCT ?n WHERE {
        { $e ?p ?m } UNION { ?m ?p $e }  { ?m ?q ?n } UNION { ?n ?q ?m }
        FILTER(isIRI(?m) && isIRI(?n) && ?n != $e)
        FILTER(?p != rdf:type && ?q != rdf:type) }""",
}


def generate(n: int, n_ent: int, seed: int = 42) -> list[Row]:
    """Return n distinct news-like quads, ~50 per article graph, skewed mentions."""
    rng, rows, art = random.Random(seed), [], 0
    ent = [f"{KG}entity/{i}" for i in range(n_ent)]
    while len(rows) < n:
        a, ev, day = f"{KG}article/{art}", f"{KG}event/{art}", f"2024-03-{art % 28 + 1:02d}"
        out: list[tuple[str, str, str, str | None]] = [
            (a, RDF_TYPE, S + "NewsArticle", None),
            (a, S + "headline", f"Headline of article {art}", ""),
            (a, S + "datePublished", day + "T08:00:00", XSD + "dateTime"),
            (a, S + "about", ev, None),
            (ev, RDF_TYPE, S + "Event", None),
            (ev, S + "name", f"Event {art}", ""),
            (ev, S + "startDate", day, XSD + "date"),
        ]
        for prop, kind in (("location", 2), ("organizer", 1), ("attendee", 0)):
            out.append((ev, S + prop, ent[rng.randrange(kind, n_ent, 3)], None))
        for i in range(art * 10, min(art * 10 + 10, n_ent)):  # define 10 entities
            out.append((ent[i], RDF_TYPE, S + TYPES[i % 3], None))
            out.append((ent[i], LABEL, f"{TYPES[i % 3]} {i}", ""))
        seen: set[str] = set()
        while len(out) < 50 and len(seen) < n_ent:
            e = ent[int(n_ent * rng.random() ** 3)]  # skewed: low ids are popular
            if e not in seen:
                seen.add(e)
                out.append((a, S + "mentions", e, None))
        rows += [(s, p, o, f"{KG}graph/{art}", d) for s, p, o, d in out]
        art += 1
    return rows[:n]


def convert(rows: list[Row], iri: type, lit: type, quad: Callable) -> list:
    """Turn rows into quads made of one library's term classes."""
    return [
        quad(iri(s), iri(p), iri(o) if d is None else lit(o, datatype=iri(d) if d else None), iri(g))
        for s, p, o, g, d in rows
    ]


def load(data: list | bytes, oxigraph: bool, path: str | None) -> tuple[float, Store]:
    """Load quads or N-Quads bytes into a new store; return seconds and the store."""
    start = time.perf_counter()
    if not oxigraph:
        store: Store = rdflib.Dataset(default_union=True)
        if isinstance(data, bytes):
            store.parse(data=data, format="nquads")
        else:
            store.addN(data)
        return time.perf_counter() - start, store
    store = ox.Store(path)
    if isinstance(data, bytes):
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
    else:
        store.extend(data)
    if path:
        store.flush()
    return time.perf_counter() - start, store


def run_query(store: Store, q: str) -> list[tuple[str, ...]]:
    """Run q over the union of the named graphs; return all rows as strings."""
    if isinstance(store, rdflib.Dataset):
        return [tuple(map(str, row)) for row in store.query(q)]
    res = store.query(q, use_default_graph_as_union=True)
    return [tuple(t.value for t in row) for row in res]


def timed(fn: Callable[..., object], *args: object) -> float:
    """Seconds taken by one call of fn(*args)."""
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (Linux), else platform.processor()."""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        return next((x.split(":")[1].strip() for x in f if x.startswith("model name")), "?")
    return platform.processor() or "?"


def main() -> None:
    """Generate the graph, load it into each store, time the queries, print a table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--triples", type=int, default=100_000, help="graph size")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query for Oxigraph")
    ap.add_argument("--rdflib-runs", type=int, default=10, help="timed runs per query for rdflib")
    args = ap.parse_args()
    n_ent = max(args.triples // 10, 10)
    rows = generate(args.triples, n_ent)
    n, graphs, table, stores = len(rows), len({r[3] for r in rows}), [], []
    rd_quads = convert(rows, rdflib.URIRef, rdflib.Literal, lambda *q: q)
    ox_quads = convert(rows, ox.NamedNode, ox.Literal, ox.Quad)
    nquads = ox.serialize(ox_quads, format=ox.RdfFormat.N_QUADS)
    jobs = [
        ("load quads: addN | extend", rd_quads, ox_quads),
        ("load N-Quads: parse | bulk_load", nquads, nquads),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for job, (label, rd, oq) in enumerate(jobs):
            times = []
            for data, oxi, path in ((rd, False, None), (oq, True, None), (oq, True, f"{tmp}/{job}")):
                gc.collect()
                seconds, store = load(data, oxi, path)
                if len(store) != n:
                    raise SystemExit(f"{label}: {len(store)} triples loaded, not {n}")
                times.append(seconds)
                if job == 0:  # the stores loaded from quads are the ones queried
                    stores.append(store)
            table.append((f"{label} (s)", *times, "s"))
            table.append((f"{label} (triples/s)", *(n / t for t in times), "/s"))
        del store
        gc.collect()
        gc.freeze()  # so full collections during queries skip the loaded data
        pairs = list(zip(stores, (args.rdflib_runs, args.runs, args.runs), strict=True))
        i = n_ent // 20  # a moderately popular entity
        subst = {"e": f"<{KG}entity/{i}>", "label": f"{TYPES[i % 3]} {i}"}
        for name, template in QUERIES.items():
            q = Template(PREFIXES + template).substitute(subst)
            answers = [sorted(run_query(s, q)) for s in stores]  # also warms up
            if not answers[0] or answers.count(answers[0]) != len(answers):
                raise SystemExit(f"{name}: the stores disagree")
            meds = [median(timed(run_query, s, q) for _ in range(r)) for s, r in pairs]
            label = f"{name} ({len(answers[0])} rows, median ms)"
            table.append((label, *(1000 * m for m in meds), "ms"))
        stores.clear()
    fmt = {"s": "{:.3f}", "/s": "{:,.0f}", "ms": "{:.2f}"}
    lines = ["measurement\trdflib\toxigraph mem\toxigraph disk\tmem/rdflib\tdisk/rdflib"]
    for name, rd, om, od, unit in table:
        ratio = (om / rd, od / rd) if unit == "/s" else (rd / om, rd / od)
        vals = [fmt[unit].format(v) for v in (rd, om, od)]
        lines.append("\t".join([name, *vals, *(f"{r:.1f}x" for r in ratio)]))
    cells = [line.split("\t") for line in lines]
    width = [max(len(c[k]) for c in cells) for k in range(6)]
    print(f"benchmark: {n:,} triples, {graphs:,} named graphs, {n_ent:,} entities")
    print(f"command: {shlex.join(['python', *sys.argv])}")
    print(f"python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {ox.__version__}")
    print(f"platform: {platform.platform()}, {cpu_model()}, {os.cpu_count()} CPUs")
    fewer = " (fewer, to keep the run short)" if args.rdflib_runs < args.runs else ""
    print(f"timed runs per query, after 1 warm-up: oxigraph {args.runs}, rdflib {args.rdflib_runs}{fewer}")
    print("rdflib: Dataset(default_union=True); on-disk Oxigraph loads include flush()")
    print("ratio columns: Oxigraph speed / rdflib speed (>1: Oxigraph is faster)\n")
    for c in cells:
        print("  ".join([c[0].ljust(width[0])] + [c[k].rjust(width[k]) for k in range(1, 6)]))


if __name__ == "__main__":
    main()
