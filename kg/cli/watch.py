"""`kg watch`: keep the store current as articles arrive; the views are written when it stops."""

from __future__ import annotations

import time

import click

from kg.cli.common import console, fail, model_option, out_dir_option, prune_option
from kg.errors import KGError


@click.command()
@click.argument("paths", nargs=-1, required=True)
@out_dir_option
@model_option
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds between two looks at PATHS.",
)
@prune_option
def watch(paths: tuple[str, ...], out_dir: str, model: str | None, interval: float, prune: bool) -> None:
    """Build new and changed articles under PATHS as they appear (Ctrl-C writes the views and stops)."""
    from kg.watch import watch as run_watch

    def on_change(report, seconds: float) -> None:
        line = f"{time.strftime('%H:%M:%S')} built {report.built}, pruned {report.pruned} in {seconds:.2f} s"
        console.print(line, highlight=False)
        for skipped in report.skipped:
            console.print(
                " ".join(f"skipped {skipped}".split()), style="yellow", highlight=False, markup=False
            )

    console.print(f"watching {', '.join(paths)} every {interval:g} s; Ctrl-C writes the views and stops")
    try:
        run_watch(paths, out_dir, model=model, interval=interval, prune=prune, on_change=on_change)
    except KGError as error:
        fail(error)
    console.print(f"views written to {out_dir}")
