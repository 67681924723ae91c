"""`kg restore`: a backup made by `kg backup` put back into the store, in one transaction."""

from __future__ import annotations

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError


@click.command()
@click.argument("src", type=click.Path(dir_okay=False))
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
@click.option("--force", is_flag=True, help="Replace a store that already holds a graph.")
def restore(src: str, store_path: str, force: bool) -> None:
    """Load the N-Quads backup SRC into the store (replacing it with --force) and rewrite the views."""
    from kg.backup import restore as run_restore

    try:
        count = run_restore(src, store_path, force=force)
    except KGError as error:
        fail(error)
    console.print(f"restored {count:,} quads into {store_path}", highlight=False, soft_wrap=True)
