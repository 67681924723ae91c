"""`kg validate`: SHACL over the store."""

from __future__ import annotations

import sys

import click

from kg.cli.common import DEFAULT_STORE, fail
from kg.errors import KGError
from kg.store import read_consistently


@click.command()
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
def validate(store_path: str) -> None:
    """Check the store against the SHACL shapes in ontology/shapes.ttl."""
    from kg.validate import validate as run_validate

    try:
        violations = read_consistently(store_path, run_validate)
    except KGError as error:
        fail(error)
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}")
    sys.exit(1 if violations else 0)
