"""Shared pieces of the command line: the error console, the default store, one-line failures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console

#: Progress, summaries and errors go to stderr; results to stdout.
console = Console(stderr=True)
DEFAULT_STORE = Path("out") / "store"


def fail(error: Exception) -> NoReturn:
    """Print one line, 'error: …', and exit with status 2."""
    console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    sys.exit(2)
