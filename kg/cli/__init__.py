"""The `kg` command line: a thin layer that parses options, calls the library and shows progress."""

from __future__ import annotations

import click

from kg.cli.backup import backup
from kg.cli.build import build
from kg.cli.evaluate import evaluate
from kg.cli.export import export
from kg.cli.push import push
from kg.cli.query import query
from kg.cli.restore import restore
from kg.cli.serve import serve
from kg.cli.validate import validate
from kg.cli.view import view
from kg.cli.watch import watch


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """Build and query a knowledge graph of the people, organisations, places and events in news."""


# commands: one module each under kg/cli/
for command in (build, query, validate, evaluate, export, push, serve, backup, restore, view, watch):
    main.add_command(command)
