"""`kg serve`: a SPARQL 1.1 Protocol endpoint (Oxigraph's server) over the store, and the HTML view."""

from __future__ import annotations

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError


@click.command()
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any).")
@click.option(
    "--allow-update", is_flag=True, help="Accept SPARQL updates and Graph Store writes (read-write)."
)
def serve(store_path: str, host: str, port: int, allow_update: bool) -> None:
    """Serve the store over the SPARQL 1.1 Protocol, and graph.html, until Ctrl-C."""
    from kg.serve import serve as run_serve

    def ready(url: str) -> None:
        mode = "read-write" if allow_update else "read-only"
        console.print(
            f"SPARQL endpoint {url}/sparql ({mode}); graph {url}/graph.html", highlight=False, soft_wrap=True
        )
        console.print("Ctrl-C stops the server", highlight=False)

    try:
        run_serve(store_path, host, port, allow_update=allow_update, on_ready=ready)
    except KGError as error:
        fail(error)
    except KeyboardInterrupt:
        pass
    console.print("stopped", highlight=False)
