"""The README's shown sessions: each `$ …` command in its code blocks, with the lines shown after it."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


@dataclass
class Example:
    line: int
    section: str
    command: str
    output: list[str] = field(default_factory=list)


def readme_examples() -> list[Example]:
    """Every `$ …` command in the README's code blocks, with its section (## heading) and shown output."""
    examples: list[Example] = []
    in_block, section, current = False, "", None
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_block, current = not in_block, None
        elif not in_block and line.startswith("## "):
            section = line[3:]
        elif in_block and line.startswith("$ "):
            current = Example(number, section, line[2:])
            examples.append(current)
        elif current is not None and not _complete(current.command):
            current.command += f"\n{line}"
        elif current is not None:
            current.output.append(line)
    return examples


def _complete(command: str) -> bool:
    """Whether a shell command's quotes are closed."""
    try:
        shlex.split(command)
    except ValueError:
        return False
    return True
