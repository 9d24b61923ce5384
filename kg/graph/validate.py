"""Check a graph against the SHACL shapes in ``ontology/shapes.ttl``."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.resources import ontology_file


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` with pySHACL (RDFS inference off: the shapes name classes directly)."""
    from pyshacl import validate

    if shapes is None:
        shapes = Graph().parse(ontology_file("shapes.ttl"))
    conforms, report_graph, text = validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    from rdflib.namespace import SH

    violations = len(set(report_graph.subjects(predicate=SH.resultSeverity)))
    return ValidationReport(bool(conforms), violations, text)
