"""`kg backup`: the whole store as one N-Quads file, written whole or not at all."""

from __future__ import annotations

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError


@click.command()
@click.argument("dest", type=click.Path(dir_okay=False))
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
def backup(dest: str, store_path: str) -> None:
    """Write every quad of the store to DEST (N-Quads); safe while kg serve or kg build runs."""
    from kg.backup import backup as run_backup

    try:
        count = run_backup(store_path, dest)
    except KGError as error:
        fail(error)
    console.print(f"backup   {dest} ({count:,} quads)", highlight=False, soft_wrap=True)
