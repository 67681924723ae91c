"""The `kg` command line: a thin layer that parses options, calls the library and shows progress."""

from __future__ import annotations

import atexit
import gc
import importlib

import click

#: Each command and the module under kg/cli/ that holds it, imported only when the command runs (or help
#: lists it): `kg build` need not import what `kg serve` or `kg export` use.
COMMANDS = {
    "backup": "backup",
    "build": "build",
    "eval": "evaluate",
    "export": "export",
    "push": "push",
    "query": "query",
    "restore": "restore",
    "serve": "serve",
    "validate": "validate",
    "view": "view",
    "watch": "watch",
}


# At exit, no last garbage collection over the spaCy model's million objects (0.25 s of every command that
# loads it): the process ends and its memory goes back to the system; objects still run their finalisers.
atexit.register(gc.freeze)


class LazyGroup(click.Group):
    """A click group that imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"kg.cli.{COMMANDS[cmd_name]}")
        return getattr(module, COMMANDS[cmd_name])


@click.group(cls=LazyGroup)
@click.version_option(package_name="kg")
def main() -> None:
    """Build and query a knowledge graph of the people, organisations, places and events in news."""
