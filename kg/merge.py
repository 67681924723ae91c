"""The merged graph of a TriG file written as Turtle, whole: `kg build` runs it as a process of its own,
so the merge (which keeps a digest per triple) runs beside the views without sharing their memory or GIL.

Usage: python -m kg.merge DATASET.trig GRAPH.ttl
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.atomic import write_atomically
from kg.store import write_merged


def main(argv: list[str]) -> None:
    """Merge ``argv[0]`` (TriG or N-Quads) into ``argv[1]`` (Turtle)."""
    dataset, merged = map(Path, argv)
    write_atomically(merged, lambda path: write_merged(dataset, path))


if __name__ == "__main__":
    main(sys.argv[1:])
