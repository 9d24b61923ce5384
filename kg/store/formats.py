"""RDF file formats by name or file suffix (no imports at module load: the CLI uses the names)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

#: format names accepted by ``--format`` and :func:`rdf_format` (besides file suffixes)
FORMAT_NAMES = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml", "n3")
_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads", "n-quads": "nquads",
            "json-ld": "jsonld", "rdf": "rdfxml", "xml": "rdfxml", "rdf/xml": "rdfxml", "owl": "rdfxml"}


def rdf_format(path: str | Path, fmt: str | None = None) -> Any:
    """The pyoxigraph format of ``fmt`` (a name such as ``turtle``, ``nt``, ``nquads``) or of the file suffix."""
    import pyoxigraph as ox

    from kg.errors import StoreError

    key = (fmt or Path(path).suffix.lstrip(".")).lower()
    key = _ALIASES.get(key, key)
    f = ox.RdfFormat
    table = {"turtle": f.TURTLE, "ntriples": f.N_TRIPLES, "nquads": f.N_QUADS, "trig": f.TRIG,
             "jsonld": f.JSON_LD, "rdfxml": f.RDF_XML, "n3": f.N3}
    found = table.get(key) or ox.RdfFormat.from_extension(key)
    if found is None:
        raise StoreError(f"{path}: unknown RDF format {key!r}; use one of {', '.join(FORMAT_NAMES)} "
                         "(or a file ending in .ttl, .nt, .nq, .trig, .jsonld, .rdf)")
    return found
