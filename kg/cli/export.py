"""`kg export`: the store as RDF, GraphML, GEXF, Neo4j import files or spreadsheet tables."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError
from kg.export.files import export as run_export
from kg.export.paths import DEFAULT_NAMES, FORMATS
from kg.store import read_consistently


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option(
    "--out", "out_path", default=None, help="File (folder for csv and neo4j); default: next to the store."
)
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
def export(fmt: str, out_path: str | None, store_path: str) -> None:
    """Write the graph for other tools: RDF files, Gephi/Cytoscape/networkx, Neo4j, spreadsheets."""
    try:
        path = Path(out_path) if out_path else Path(store_path).parent / DEFAULT_NAMES[fmt]
        written = read_consistently(store_path, lambda store: run_export(store, fmt, path))
    except KGError as error:
        fail(error)
    except OSError as error:
        fail(KGError(f"{out_path or store_path}: cannot write: {error.strerror or error}"))
    where = str(written[0]) if len(written) == 1 else f"{path} ({len(written)} files)"
    console.print(f"{fmt:8} {where}", highlight=False, soft_wrap=True)
