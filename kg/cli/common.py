"""Shared pieces of the command line: the error console, the default store, one-line failures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

#: Progress, summaries and errors go to stderr; results to stdout.
console = Console(stderr=True)
DEFAULT_STORE = Path("out") / "store"

#: Options several commands share, declared once.
out_dir_option = click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output folder.",
)
model_option = click.option(
    "--model",
    default=None,
    help="spaCy model, loaded as it is (default: en_core_web_sm with the project's fine-tuned "
    "entity recogniser).",
)
prune_option = click.option(
    "--prune", is_flag=True, help="Remove from the store the articles no longer among PATHS."
)


def fail(error: Exception) -> NoReturn:
    """Print one line, 'error: …', and exit with status 2."""
    console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    sys.exit(2)
