"""`kg build`: articles in, graph and views out, with a progress bar and a summary."""

from __future__ import annotations

import sys

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from kg.cli.common import console, fail, model_option, out_dir_option, prune_option
from kg.errors import KGError
from kg.ingest import MAX_CHARS


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "– articles/s", style="progress.data.speed")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@out_dir_option
@model_option
@click.option("--force", is_flag=True, help="Re-read articles even when unchanged since the last build.")
@prune_option
@click.option(
    "--processes", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine; dask: a Dask cluster (--scheduler, else a local one of --processes workers).",
)
@click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=MAX_CHARS,
    show_default=True,
    help="Skip articles with more characters than this (parsing time and memory grow with length).",
)
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be built (exit code 2).")
@click.option(
    "--views/--no-views",
    default=True,
    show_default=True,
    help="Rewrite kg.trig, graph.graphml and graph.html; --no-views updates only the store "
    "(fast for adding articles to a big graph), and the next build with views writes them.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait while another kg build or kg serve holds the store (0: stop at once).",
)
def build(
    paths: tuple[str, ...],
    out_dir: str,
    model: str | None,
    force: bool,
    prune: bool,
    processes: int,
    engine: str,
    scheduler: str | None,
    max_chars: int,
    strict: bool,
    views: bool,
    wait: float,
) -> None:
    """Read articles (files, folders, globs; .txt .md .html .json .jsonl) and build the graph."""
    from kg.build import build as run_build

    columns = (
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("build", total=None)

        def on_progress(_article, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report = run_build(
                paths,
                out_dir,
                model=model,
                force=force,
                prune=prune,
                engine=engine,
                processes=processes,
                scheduler=scheduler,
                max_chars=max_chars,
                strict=strict,
                views=views,
                wait=wait,
                on_wait=lambda message: console.print(message, highlight=False, soft_wrap=True),
                on_progress=on_progress,
            )
        except KGError as error:
            progress.stop()
            fail(error)
    _print_report(report)
    sys.exit(report.exit_code)


def _print_report(report) -> None:
    table = Table(title="Knowledge graph", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles built", str(report.built))
    table.add_row("articles unchanged", str(report.unchanged))
    table.add_row("files skipped", str(len(report.skipped)))
    if report.pruned:
        table.add_row("articles pruned", str(report.pruned))
    for kind, count in sorted(report.counts.items()):
        table.add_row(kind, str(count))
    table.add_row("triples", "not counted (--no-views)" if report.triples is None else str(report.triples))
    console.print(table)
    if report.views_stale:
        console.print(
            "views not rewritten (--no-views): kg.trig, graph.graphml and graph.html are older than "
            "the store; the next kg build without --no-views rewrites them",
            style="yellow",
            highlight=False,
            soft_wrap=True,
        )
    if report.stale_exports:
        console.print(
            "exports older than the store: "
            + ", ".join(
                f"{path} (rewrite: kg export --format {fmt})" for fmt, path in report.stale_exports.items()
            ),
            style="yellow",
            highlight=False,
            soft_wrap=True,
        )
    for skipped in report.skipped:
        line = " ".join(f"skipped {skipped}".split())  # one line per input, whatever the reason says
        console.print(line, style="yellow", highlight=False, markup=False, soft_wrap=True)
    for name, path in report.outputs.items():
        console.print(f"{name:8} {path}", highlight=False, soft_wrap=True)
