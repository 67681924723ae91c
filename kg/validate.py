"""Check a built graph against the project's SHACL shapes with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.rdf import SHAPES_FILE
from kg.store import GraphStore


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path and the message."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


def validate(store: GraphStore) -> list[Violation]:
    """Every violation of the shapes in the union of the store's graphs (empty when it conforms)."""
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, results, _ = shacl_validate(store.union_graph(), shacl_graph=shapes, inference="none")
    if conforms:
        return []
    return [
        Violation(
            str(results.value(result, SH.focusNode)),
            str(results.value(result, SH.resultPath) or ""),
            str(results.value(result, SH.resultMessage)),
        )
        for result in results.subjects(SH.resultSeverity, SH.Violation)
    ]
