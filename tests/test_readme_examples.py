"""The README's shown sessions are what the commands print: each `$ kg …` example is run, in the README's
order, in a fresh folder holding a copy of data/, and its output compared line by line."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from readme_support import readme_examples
from robust_support import KG
from server_support import oxigraph_server

DATA = Path(__file__).resolve().parent.parent / "data"
#: The commands an example may run here: offline, on the seed articles, with nothing but this package.
CHECKED = ("kg build data/", "kg query ", "kg view ", "kg validate", "kg push ")
#: Where the README's push example sends the graph; the test serves a fresh Oxigraph store instead.
README_PUSH_ADDRESS = "127.0.0.1:7879"


def _shown(lines: list[str]) -> list[str]:
    """Output as compared: trailing spaces dropped, and the progress bar a terminal shows left out."""
    return [line.rstrip() for line in lines if not line.startswith("building ━")]


@pytest.fixture(scope="module")
def push_address(tmp_path_factory) -> Iterator[str]:
    """A fresh Oxigraph server for the push example: its address (host:port)."""
    with oxigraph_server(tmp_path_factory.mktemp("pushed")) as address:
        yield address


def test_the_readme_shows_what_its_commands_print(tmp_path, push_address):
    examples = [e for e in readme_examples() if e.command.startswith(CHECKED)]
    assert examples[0].command == "kg build data/", "the README builds before it queries"
    assert len(examples) >= 12, [e.command for e in examples]
    shutil.copytree(DATA, tmp_path / "data")
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    mismatches = []
    for example in examples:
        command = example.command.replace(README_PUSH_ADDRESS, push_address)
        expected = [line.replace(README_PUSH_ADDRESS, push_address) for line in example.output]
        args = shlex.split(command)
        ran = subprocess.run([*KG, *args[1:]], cwd=tmp_path, env=env, capture_output=True, text=True)
        printed = (ran.stdout + ran.stderr).splitlines()
        if _shown(printed) != _shown(expected):
            mismatches.append(f"README.md:{example.line} {args[:2]}: printed\n" + "\n".join(printed))
    assert not mismatches, "\n\n".join(mismatches)


def test_examples_are_read_whole_from_the_readme():
    examples = {e.line: e for e in readme_examples()}
    query = next(e for e in examples.values() if e.command.startswith('kg query "SELECT DISTINCT ?headline'))
    assert query.command.count("\n") == 2 and query.command.endswith('ORDER BY ?headline ?name"')
    assert re.fullmatch(r"\d+ rows", query.output[-1])
