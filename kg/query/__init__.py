"""Named and ad-hoc SPARQL with bound parameters; the read-only endpoint."""
