"""`kg eval`: the pipeline scored on public gold data."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from kg.cli.common import fail, model_option
from kg.errors import KGError


@click.group(name="eval")
def evaluate() -> None:
    """Measure extraction quality on public gold data (read from where it lies, never copied)."""


def _eval_command(benchmark: str, help_text: str):
    @evaluate.command(name=benchmark, help=help_text)
    @click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    @click.option("--limit", type=int, default=None, help="Score only the first N documents.")
    @model_option
    def command(paths: tuple[str, ...], as_json: bool, limit: int | None, model: str | None) -> None:
        from kg.eval import evaluate as run_eval

        try:
            report = run_eval(benchmark, paths, model=model, limit=limit)
        except KGError as error:
            fail(error)
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
