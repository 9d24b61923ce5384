"""The paperkg namespace (closed: a typo in a term name is an error) and reused vocabularies.

The terms mirror ``ontology/paperkg.ttl``; a test checks that both agree.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/paperkg/"
ID_BASE = BASE + "id/"
BIBO = Namespace("http://purl.org/ontology/bibo/")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace(ID_BASE)


class PKG(DefinedNamespace):
    """Terms of the paperkg ontology."""

    _NS = Namespace(BASE)
    _fail = True

    Benchmark: URIRef
    Build: URIRef
    Category: URIRef
    Component: URIRef
    Dataset: URIRef
    Framework: URIRef
    Mention: URIRef
    Method: URIRef
    Metric: URIRef
    Model: URIRef
    Organization: URIRef
    Paper: URIRef
    Person: URIRef
    Result: URIRef
    System: URIRef
    Task: URIRef
    addressesTask: URIRef
    arxivId: URIRef
    category: URIRef
    code: URIRef
    comparesWith: URIRef
    confidence: URIRef
    dataset: URIRef
    endChar: URIRef
    etAl: URIRef
    evaluatedOn: URIRef
    hasCode: URIRef
    hasMention: URIRef
    hasResult: URIRef
    inputFile: URIRef
    inputHash: URIRef
    key: URIRef
    listingPosition: URIRef
    mentionOf: URIRef
    metric: URIRef
    organization: URIRef
    proposalKind: URIRef
    proposes: URIRef
    reportsMetric: URIRef
    resultType: URIRef
    role: URIRef
    sentence: URIRef
    startChar: URIRef
    subject: URIRef
    text: URIRef
    toolVersion: URIRef
    unit: URIRef
    url: URIRef
    usesMethod: URIRef
    usesModel: URIRef
    value: URIRef


#: prefixes bound in every graph paperkg writes, in this order
PREFIXES: dict[str, Namespace] = {
    "pkg": Namespace(BASE),
    "id": ID,
    "bibo": BIBO,
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "schema": SCHEMA,
    "skos": Namespace(str(SKOS)),
    "xsd": Namespace(str(XSD)),
}

#: entity label (as produced by extraction) -> class
ENTITY_CLASSES: dict[str, URIRef] = {
    "dataset": PKG.Dataset,
    "benchmark": PKG.Benchmark,
    "model": PKG.Model,
    "method": PKG.Method,
    "framework": PKG.Framework,
    "system": PKG.System,
    "task": PKG.Task,
    "metric": PKG.Metric,
}

#: entity label -> property linking a paper to it
PAPER_LINKS: dict[str, URIRef] = {
    "dataset": PKG.evaluatedOn,
    "model": PKG.usesModel,
    "method": PKG.usesMethod,
    "task": PKG.addressesTask,
    "metric": PKG.reportsMetric,
}

__all__ = ["BASE", "BIBO", "DCTERMS", "ENTITY_CLASSES", "FOAF", "ID", "ID_BASE", "OWL", "PAPER_LINKS",
           "PKG", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS", "XSD"]
