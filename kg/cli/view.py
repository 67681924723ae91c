"""`kg view`: one entity's neighbourhood as its own HTML page, opened in the browser."""

from __future__ import annotations

import webbrowser

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError


@click.command()
@click.argument("entity")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(0, 10), help="Relations out.")
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
@click.option(
    "--out",
    "out_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="HTML file (default: view-<name>.html beside the store, e.g. out/view-vladimir-putin.html).",
)
@click.option("--no-open", is_flag=True, help="Write the page without opening it.")
def view(entity: str, hops: int, store_path: str, out_path: str | None, no_open: bool) -> None:
    """Write (and open) the neighbourhood of ENTITY (an IRI, a name or an alias), N hops out."""
    from kg.export.view import write_view
    from kg.store import GraphStore

    try:
        written = write_view(GraphStore(store_path, read_only=True), entity, hops, out_path)
    except KGError as error:
        fail(error)
    page = written.page
    console.print(
        f"{written.label} ({written.kind}): {page.nodes} nodes, {page.edges} edges within "
        f"{hops} hop{'s' if hops != 1 else ''}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if page.note:
        console.print(page.note, highlight=False, markup=False, soft_wrap=True)
    console.print(f"html     {written.path}", highlight=False, markup=False, soft_wrap=True)
    if not no_open:
        webbrowser.open(written.path.resolve().as_uri())
