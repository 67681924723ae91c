"""`kg backup` and `kg restore`: dump, wipe, restore gives the same graph; bad backups change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from robust_support import canonical, start_serve, stop_serve

from kg.build import stale_exports
from kg.cli import main
from kg.store import GraphStore


@pytest.fixture
def out(built, tmp_path) -> Path:
    """An output folder holding a copy of the seed store."""
    folder = tmp_path / "out"
    shutil.copytree(built[0] / "store", folder / "store", ignore=shutil.ignore_patterns("LOCK"))
    return folder


def run_kg(*args: str) -> Result:
    """A `kg` command run here (the store is closed when it returns, also on failure)."""
    return CliRunner().invoke(main, list(args))


def test_dump_wipe_restore_gives_the_same_graph_and_views(out, tmp_path):
    store, backup = out / "store", tmp_path / "backup.nq"
    expected = canonical(store)
    made = run_kg("backup", str(backup), "--store", str(store))
    assert made.exit_code == 0, made.output
    assert f"({len(expected):,} quads)" in made.output
    assert len(backup.read_bytes().splitlines()) == len(expected)
    shutil.rmtree(store)
    restored = run_kg("restore", str(backup), "--store", str(store))
    assert restored.exit_code == 0, restored.output
    assert restored.output.strip() == f"restored {len(expected):,} quads into {store}"
    assert canonical(store) == expected
    assert all((out / name).stat().st_size for name in ("kg.trig", "graph.graphml", "graph.html"))


def test_restore_replaces_a_store_only_with_force(out, tmp_path):
    store, backup = out / "store", tmp_path / "backup.nq"
    expected = canonical(store)
    assert run_kg("backup", str(backup), "--store", str(store)).exit_code == 0
    changed = GraphStore(store)
    changed.replace_graph("https://w3id.org/newskg/id/article/stray", '<urn:x:a> <urn:x:b> "stray" .\n')
    del changed
    refused = run_kg("restore", str(backup), "--store", str(store))
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        f"error: {store} already holds {len(expected) + 1:,} quads: --force replaces them with the backup"
    )
    assert run_kg("export", "--format", "nt", "--store", str(store)).exit_code == 0
    assert stale_exports(out) == {}
    forced = run_kg("restore", str(backup), "--store", str(store), "--force")
    assert forced.exit_code == 0, forced.output
    assert canonical(store) == expected
    assert stale_exports(out) == {"nt": out / "kg.nt"}  # written before the restore changed the store


def test_a_damaged_backup_is_refused_and_the_store_left_as_it_was(out, tmp_path):
    store, backup = out / "store", tmp_path / "backup.nq"
    expected = canonical(store)
    assert run_kg("backup", str(backup), "--store", str(store)).exit_code == 0
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 2])  # cut in the middle of a line
    damaged = run_kg("restore", str(backup), "--store", str(store), "--force")
    assert damaged.exit_code == 2
    assert damaged.output.startswith(f"error: {backup}: not valid N-Quads")
    assert damaged.output.count("\n") == 1
    assert canonical(store) == expected
    GraphStore(store).close()  # the lock is free although the failed restore's traceback is still held
    assert damaged.exc_info is not None


def test_backup_runs_while_served_and_restore_says_why_it_cannot(out, tmp_path):
    store, backup = out / "store", tmp_path / "backup.nq"
    process, _ = start_serve(store)
    try:
        made = run_kg("backup", str(backup), "--store", str(store))
        refused = run_kg("restore", str(backup), "--store", str(store), "--force")
    finally:
        stop_serve(process)
    assert made.exit_code == 0, made.output
    assert refused.exit_code == 2
    assert f"{store} is in use by another kg build or kg serve" in refused.output


def test_a_backup_never_goes_into_the_store_or_half_written(out, tmp_path):
    store = out / "store"
    inside = run_kg("backup", str(store / "backup.nq"), "--store", str(store))
    assert inside.exit_code == 2 and "must not go inside the store folder" in inside.output
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    nowhere = run_kg("backup", str(tmp_path / "a-file" / "backup.nq"), "--store", str(store))
    assert nowhere.exit_code == 2 and "a-file/backup.nq: cannot write the backup" in nowhere.output
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder"
    assert not (store / "backup.nq").exists()


def test_a_backup_makes_the_folder_it_goes_into(out, tmp_path):
    dest = tmp_path / "backups" / "daily" / "kg.nq"
    made = run_kg("backup", str(dest), "--store", str(out / "store"))
    assert made.exit_code == 0, made.output
    assert len(dest.read_bytes().splitlines()) == len(canonical(out / "store"))
