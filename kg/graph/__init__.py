"""Records and extractions to RDF terms and triples: namespace, stable IRIs, provenance."""
