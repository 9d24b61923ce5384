"""Token-level helpers: query form, SERVICE detection and VALUES injection."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError
from kg.query.sparql_text import inject_values, query_form, sparql_term, uses_service


def test_query_form_ignores_comments_and_strings():
    assert query_form("# INSERT this\nPREFIX a: <http://x/>\nSELECT * { ?s ?p 'DELETE' }") == "SELECT"
    assert query_form("PREFIX a: <http://x/> INSERT DATA { a:b a:c a:d }") == "UPDATE"
    assert query_form("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "UPDATE"
    assert query_form("construct { ?s ?p ?o } where { ?s ?p ?o }") == "CONSTRUCT"


def test_service_detection():
    assert uses_service("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }")
    assert not uses_service("SELECT * { ?s <http://x/SERVICE> 'SERVICE' } # SERVICE")


def test_values_go_into_the_where_pattern():
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = ?x) }"
    out = inject_values(q, {"x": Literal("a")})
    assert out.startswith('CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?x) { ("a") }')
    out = inject_values("SELECT ?s { ?s ?p ?o }", {"b": Literal(1), "a": Literal("z")})
    assert 'VALUES (?a ?b) { ("z" "1"^^<http://www.w3.org/2001/XMLSchema#integer>) }' in out
    with pytest.raises(QueryError):
        inject_values("DESCRIBE <http://x>", {"a": Literal("z")})


EVIL = ['"} ; DROP ALL ; #', 'a\\', 'x\n\\"', "it's", '"""', "}}", "a\r\nb\t", '\\"} DROP ALL #']


@pytest.mark.parametrize("value", EVIL)
def test_literals_round_trip(value):
    g = Graph()
    g.add((URIRef("http://x/s"), URIRef("http://x/p"), Literal(value)))
    q = inject_values("SELECT ?s WHERE { ?s ?p ?v }", {"v": Literal(value)})
    assert [str(r[0]) for r in g.query(q)] == ["http://x/s"]
    assert sparql_term(Literal(value)).count("\n") == 0


def test_bad_terms_refused():
    with pytest.raises(ValueError):  # rdflib itself refuses the tag
        sparql_term(Literal("x", lang="en} DROP"))
    with pytest.raises(Exception):  # noqa: B017 - rdflib raises a bare Exception
        sparql_term(URIRef("http://x/> } DROP ALL #"))
