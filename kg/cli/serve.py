"""`kg serve`: a SPARQL 1.1 Protocol endpoint (Oxigraph's server) over the store, and the HTML view."""

from __future__ import annotations

import click

from kg.cli.common import DEFAULT_STORE, console, fail
from kg.errors import KGError
from kg.serve import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT


@click.command()
@click.option("--store", "store_path", default=str(DEFAULT_STORE), show_default=True, help="Store folder.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any).")
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL updates and Graph Store writes (read-write), with the bearer token only.",
)
@click.option("--token", envvar="KG_TOKEN", default=None, help="Bearer token for updates [env: KG_TOKEN].")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds a query may take, answer included; longer ones get 504.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest answer (and request) in bytes; larger answers get 422.",
)
def serve(
    store_path: str,
    host: str,
    port: int,
    allow_update: bool,
    token: str | None,
    timeout: float,
    max_bytes: int,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol, and graph.html, until Ctrl-C."""
    from kg.serve import exposure_warning
    from kg.serve import serve as run_serve

    def ready(url: str) -> None:
        mode = "read-write with the token" if allow_update else "read-only"
        console.print(
            f"SPARQL endpoint {url}/sparql ({mode}); graph {url}/graph.html", highlight=False, soft_wrap=True
        )
        if warning := exposure_warning(host, allow_update):
            console.print(warning, style="yellow", highlight=False, markup=False, soft_wrap=True)
        console.print("Ctrl-C stops the server", highlight=False)

    try:
        run_serve(
            store_path,
            host,
            port,
            allow_update=allow_update,
            token=token,
            timeout=timeout,
            max_bytes=max_bytes,
            on_ready=ready,
        )
    except KGError as error:
        fail(error)
    except KeyboardInterrupt:
        pass
    console.print("stopped", highlight=False)
