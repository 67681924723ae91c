"""`kg query`: SPARQL against the store, as a table or a standard results format."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError
from kg.store import RESULT_FORMATS, read_consistently


@click.command()
@click.argument("query")
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS]), default="table", show_default=True
)
def query(query: str, store_path: str, fmt: str) -> None:
    """Run a SPARQL 1.1 query (text, or a .rq file) against the store (while a build runs: what it stored)."""
    try:
        text = _query_text(query)
        show = read_consistently(store_path, lambda store: _render(store.query(text), fmt))
    except KGError as error:
        fail(error)
    except (OSError, RuntimeError, ValueError) as error:  # raised while results stream in
        fail(KGError(f"query failed: {' '.join(str(error).split())}"))
    show()


def _query_text(query: str) -> str:
    """The query itself, or the contents of the .rq file it names."""
    if query.endswith(".rq"):
        try:
            return Path(query).read_text(encoding="utf-8")
        except OSError as error:
            raise KGError(f"{query}: cannot read the query file: {error.strerror or error}") from error
    return query


def _render(results, fmt: str) -> Callable[[], None]:
    """The whole answer, read now; the function returned prints it (so a retried read prints once)."""
    if isinstance(results, ox.QueryBoolean):
        answer = "true" if bool(results) else "false"
        return lambda: click.echo(answer)
    if isinstance(results, ox.QueryTriples):
        turtle = ox.serialize(results, format=ox.RdfFormat.TURTLE).decode()
        return lambda: click.echo(turtle, nl=False)
    if fmt != "table":
        data = results.serialize(format=RESULT_FORMATS[fmt])
        return lambda: _write_bytes(data)
    return _table(results)


def _write_bytes(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _table(results: ox.QuerySolutions) -> Callable[[], None]:
    names = [v.value for v in results.variables]
    table = Table(*names, show_lines=False)
    rows = 0
    for row in results:
        table.add_row(*(Text(_show(row[n])) for n in names))
        rows += 1

    def show() -> None:
        Console(width=None if sys.stdout.isatty() else 10_000).print(table)  # piped: no truncated IRIs
        console.print(f"{rows} row{'s' if rows != 1 else ''}")

    return show


def _show(term) -> str:
    """A term for people: IRIs in angle brackets, literals as their text, unbound as empty."""
    if term is None:
        return ""
    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else term.value
