"""`kg push`: load the graph into another triple store, one named graph per article, replacing old copies."""

from __future__ import annotations

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError
from kg.push import DEFAULT_BATCH
from kg.push import push as run_push
from kg.store import GraphStore


@click.command()
@click.option(
    "--endpoint", default=None, help="SPARQL 1.1 Update endpoint (used when --graph-store is not given)."
)
@click.option(
    "--graph-store", default=None, help="SPARQL 1.1 Graph Store Protocol URL (preferred when given)."
)
@click.option("--user", envvar="KG_PUSH_USER", default=None, help="User name [env: KG_PUSH_USER].")
@click.option(
    "--password", envvar="KG_PUSH_PASSWORD", default=None, help="Password; better from env: KG_PUSH_PASSWORD."
)
@click.option("--batch-size", default=DEFAULT_BATCH, show_default=True, help="Triples per request at most.")
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
def push(
    endpoint: str | None,
    graph_store: str | None,
    user: str | None,
    password: str | None,
    batch_size: int,
    store_path: str,
) -> None:
    """Push every article's graph (and the resolution and ontology graphs) to a SPARQL server."""
    try:
        store = GraphStore(store_path, read_only=True)
        report = run_push(
            store,
            endpoint=endpoint,
            graph_store=graph_store,
            user=user,
            password=password,
            batch_size=batch_size,
            on_graph=lambda name, count: console.print(
                f"pushed {count:>7} triples  {name}", highlight=False, soft_wrap=True
            ),
        )
    except KGError as error:
        fail(error)
    console.print(
        f"{report.graphs} graphs, {report.triples} triples in {report.requests} requests "
        f"to {graph_store or endpoint}",
        highlight=False,
        soft_wrap=True,
    )
