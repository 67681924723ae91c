"""Back up the store to one N-Quads file and restore it, each step whole or not at all."""

from __future__ import annotations

from pathlib import Path

from kg.atomic import write_atomically
from kg.errors import KGError
from kg.resolve import forget_state
from kg.store import GraphStore, read_consistently


def backup(store: str | Path, dest: str | Path) -> int:
    """Write every quad of the store (a snapshot, even while a build runs) to ``dest``, making its folder;
    the quad count."""
    dest = Path(dest)
    if dest.resolve().is_relative_to(Path(store).resolve()):
        raise KGError(f"{dest}: a backup must not go inside the store folder {store}")

    def dump(graph: GraphStore) -> int:
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(dest, lambda path: graph.write(path, "nq"))
        return len(graph)

    try:
        count = read_consistently(store, dump)
        with open(dest, "rb") as written:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: written.read(1 << 20), b""))
    except OSError as error:
        raise KGError(f"{dest}: cannot write the backup: {error.strerror or error}") from error
    if lines != count:
        raise KGError(f"{dest}: the backup has {lines:,} quads but the store {count:,}; run kg backup again")
    return count


def restore(src: str | Path, store: str | Path, *, force: bool = False) -> int:
    """Replace the store's graph with a backup in one transaction, then rewrite the views; the quad count."""
    from kg.build import STORE_CHANGED, write_outputs

    src, store = Path(src), Path(store)
    if not src.is_file():
        raise KGError(f"{src}: no such backup file")
    with GraphStore(store) as graph:  # closed (its lock freed) also when a traceback keeps these frames
        if len(graph) and not force:
            held = len(graph)
            raise KGError(f"{store} already holds {held:,} quads: --force replaces them with the backup")
        count = graph.replace_all(src)
        (store.parent / STORE_CHANGED).touch()
        graph.flush()
        forget_state(store)
        write_outputs(graph, store.parent)
    return count
