"""The query side of the W3C SPARQL 1.1 Protocol tests, on `kg serve`, and the pieces of kg.query.protocol.

Cases after https://w3c.github.io/rdf-tests/sparql/sparql11/protocol/ (query_get, query_post_form,
query_post_direct, query_dataset_*, query_multiple_dataset, query_content_type_*, bad_query_method,
bad_multiple_queries, bad_query_wrong_media_type, bad_query_missing_form_type, bad_query_missing_direct_type,
bad_query_non_utf8, bad_query_syntax, bad_update_get / update on the query endpoint).
"""
from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.dom.minidom

import pytest

from kg.query.protocol import ProtocolError, negotiate, parse_request, xml_safe
from kg.query.server import ServerConfig, make_server

pytestmark = pytest.mark.server
EX = "http://example.org/"
G1, G2 = f"{EX}graph/paper/1", f"{EX}graph/paper/2"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A store laid out like `kg add` makes it: one named graph per paper, nothing in the default graph."""
    import pyoxigraph as ox

    d = tmp_path_factory.mktemp("perpaper") / "store"
    store = ox.Store(str(d))
    p, name = ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}name")
    store.add(ox.Quad(ox.NamedNode(f"{EX}a"), p, ox.Literal("in one"), ox.NamedNode(G1)))
    store.add(ox.Quad(ox.NamedNode(f"{EX}b"), p, ox.Literal("in two"), ox.NamedNode(G2)))
    store.add(ox.Quad(ox.NamedNode(f"{EX}b"), name, ox.Literal("nul \x00 and \x01 bell \x07 <&>"), ox.NamedNode(G2)))
    store.flush()
    del store
    server = make_server(d, "127.0.0.1", 0, ServerConfig(timeout=5, cors=True))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def call(url: str, method: str = "GET", params: list[tuple[str, str]] | None = None, body: bytes | None = None,
         ctype: str | None = None, accept: str | None = None) -> tuple[int, str, bytes]:
    """One request with exactly these headers (http.client adds no Content-Type of its own)."""
    u = urllib.parse.urlsplit(url)
    qs = urllib.parse.urlencode(params or [])
    headers = {k: v for k, v in (("Content-Type", ctype), ("Accept", accept)) if v}
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request(method, f"{u.path}?{qs}" if qs else u.path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, r.headers.get("Content-Type", ""), r.read()
    finally:
        conn.close()


ALL = "SELECT ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?o"
NAMED = "SELECT ?g ?o WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } } ORDER BY ?o"


def values(body: bytes, var: str = "o") -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_query_get(endpoint):
    st, ct, body = call(endpoint, params=[("query", ALL)])
    assert st == 200 and ct.startswith("application/sparql-results+json") and values(body) == ["in one", "in two"]


def test_query_post_form(endpoint):
    st, _, body = call(endpoint, "POST", body=urllib.parse.urlencode({"query": ALL}).encode(),
                       ctype="application/x-www-form-urlencoded")
    assert st == 200 and values(body) == ["in one", "in two"]


def test_query_post_direct(endpoint):
    st, _, body = call(endpoint, "POST", body=ALL.encode(), ctype="application/sparql-query")
    assert st == 200 and values(body) == ["in one", "in two"]


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_query_dataset_default_graphs(endpoint, method):
    params = [("default-graph-uri", G2)]
    if method == "GET":
        st, _, body = call(endpoint, params=[("query", ALL), *params])
    elif method == "POST form":
        st, _, body = call(endpoint, "POST", body=urllib.parse.urlencode([("query", ALL), *params]).encode(),
                           ctype="application/x-www-form-urlencoded")
    else:
        st, _, body = call(endpoint, "POST", params=params, body=ALL.encode(), ctype="application/sparql-query")
    assert st == 200 and values(body) == ["in two"]


def test_query_dataset_named_graphs(endpoint):
    st, _, body = call(endpoint, params=[("query", NAMED), ("named-graph-uri", G1)])
    assert st == 200 and values(body, "g") == [G1]
    st, _, body = call(endpoint, params=[("query", ALL), ("named-graph-uri", G1)])
    assert st == 200 and values(body) == []  # named graphs only: the default graph is empty


def test_query_dataset_full_and_multiple(endpoint):
    st, _, body = call(endpoint, params=[("query", NAMED), ("default-graph-uri", G1), ("named-graph-uri", G1),
                                         ("named-graph-uri", G2)])
    assert st == 200 and values(body, "g") == [G1, G2]
    st, _, body = call(endpoint, params=[("query", ALL), ("default-graph-uri", G1), ("default-graph-uri", G2)])
    assert values(body) == ["in one", "in two"]


def test_protocol_dataset_overrides_from(endpoint):
    q = f"SELECT ?o FROM <{G1}> WHERE {{ ?s <{EX}p> ?o }}"
    assert values(call(endpoint, params=[("query", q)])[2]) == ["in one"]  # FROM honoured on a per-paper store
    assert values(call(endpoint, params=[("query", q), ("default-graph-uri", G2)])[2]) == ["in two"]
    q = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}"
    assert values(call(endpoint, params=[("query", q.replace("WHERE", f"FROM NAMED <{G2}> WHERE"))])[2], "g") == [G2]


@pytest.mark.parametrize("query,accept,want", [
    ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json", "application/sparql-results+json"),
    ("DESCRIBE <http://example.org/a>", "text/turtle", "text/turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/rdf+xml", "application/rdf+xml"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/ld+json", "application/ld+json"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples", "application/n-triples"),
])
def test_query_content_type(endpoint, query, accept, want):
    st, ct, body = call(endpoint, params=[("query", query)], accept=accept)
    assert st == 200 and ct.startswith(want)
    if "xml" in want:
        xml.dom.minidom.parseString(body)
    if "json" in want:
        json.loads(body)


@pytest.mark.parametrize("fmt,want", [("rdf+xml", "application/rdf+xml"), ("xml", "application/rdf+xml"),
                                      ("json-ld", "application/ld+json"), ("turtle", "text/turtle"),
                                      ("ntriples", "application/n-triples")])
def test_construct_by_format_parameter(endpoint, fmt, want):
    """`format=rdf+xml` gave 400."""
    st, ct, body = call(endpoint, params=[("query", "CONSTRUCT WHERE { ?s ?p ?o }"), ("format", fmt)])
    assert st == 200 and ct.startswith(want) and b"example.org/a" in body


def test_nul_in_a_literal_gives_well_formed_xml(endpoint):
    for q, fmt in (("SELECT ?n WHERE { ?s <http://example.org/name> ?n }", "xml"),
                   ("CONSTRUCT WHERE { ?s <http://example.org/name> ?n }", "rdf+xml")):
        st, _, body = call(endpoint, params=[("query", q), ("format", fmt)])
        doc = xml.dom.minidom.parseString(body)  # raised on the NUL before
        text = "".join(n.data for n in _text_nodes(doc))
        assert st == 200 and "nul \ufffd and \ufffd bell \ufffd <&>" in text


def _text_nodes(node):
    for c in node.childNodes:
        if c.nodeType == c.TEXT_NODE:
            yield c
        yield from _text_nodes(c)


@pytest.mark.parametrize("method,params,body,ctype,status", [
    ("PUT", [("query", "ASK {}")], b"", None, 405),  # bad_query_method
    ("DELETE", [("query", "ASK {}")], None, None, 405),
    ("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, None, 400),  # bad_multiple_queries
    ("POST", [], b"query=ASK%7B%7D&query=ASK%7B%7D", "application/x-www-form-urlencoded", 400),
    ("POST", [], b"ASK {}", "text/plain", 415),  # bad_query_wrong_media_type
    ("POST", [], b"query=ASK%7B%7D", None, 400),  # bad_query_missing_form_type
    ("POST", [], b"ASK {}", None, 400),  # bad_query_missing_direct_type
    ("POST", [], "ASK { <http://ex/\u00e9> ?p ?o }".encode("latin-1"), "application/sparql-query", 400),
    ("POST", [], "ASK {}".encode(), "application/sparql-query; charset=ISO-8859-1", 400),  # bad_query_non_utf8
    ("GET", [("query", "ASK {")], None, None, 400),  # bad_query_syntax
    ("GET", [], None, None, 400),  # no query at all
    ("GET", [("update", "CLEAR ALL")], None, None, 403),  # bad_update_get
    ("POST", [], b"update=CLEAR+ALL", "application/x-www-form-urlencoded", 403),  # update on the query endpoint
    ("POST", [], b"CLEAR ALL", "application/sparql-update", 403),
    ("GET", [("query", "CLEAR ALL")], None, None, 403),
    ("GET", [("query", "ASK {}"), ("default-graph-uri", "not an iri")], None, None, 400),
    ("GET", [("query", "ASK {}"), ("format", "banana")], None, None, 400),
])
def test_bad_requests(endpoint, method, params, body, ctype, status):
    st, ct, text = call(endpoint, method, params, body, ctype)
    assert st == status and ct.startswith("text/plain") and text.strip()


def test_cors_is_opt_in(endpoint):
    req = urllib.request.Request(f"{endpoint}?query=ASK%7B%7D")
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["Access-Control-Allow-Origin"] == "*"
    req = urllib.request.Request(endpoint, method="OPTIONS", headers={"Origin": "http://elsewhere",
                                                                      "Access-Control-Request-Method": "POST"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 204 and "POST" in r.headers["Access-Control-Allow-Methods"]


# ----------------------------------------------------------------- units
def test_parse_request_units():
    r = parse_request("GET", urllib.parse.urlencode([("query", "ASK {}"), ("named-graph-uri", G1),
                                                     ("named-graph-uri", G1)]), None, None)
    assert r.text == "ASK {}" and r.named_graphs == (G1,) and r.default_graphs == () and r.has_dataset
    with pytest.raises(ProtocolError) as e:
        parse_request("POST", "query=ASK%7B%7D", "application/sparql-query", b"ASK {}")
    assert e.value.status == 400


@pytest.mark.parametrize("accept,fmt,graph,want", [
    ("", None, False, "json"), ("", None, True, "turtle"),
    ("text/csv;q=0.5, application/sparql-results+json", None, False, "json"),
    ("text/turtle, application/sparql-results+xml;q=0.9", None, False, "xml"),
    ("application/json", None, True, "jsonld"), ("*/*", None, True, "turtle"),
    ("text/csv;q=0", None, False, "json"), ("", "xml", True, "rdfxml"), ("", "xml", False, "xml"),
    ("", "application/rdf+xml", True, "rdfxml"), ("", "TSV", False, "tsv"),
])
def test_negotiate(accept, fmt, graph, want):
    assert negotiate(accept, fmt, graph) == want


def test_xml_safe_keeps_legal_text():
    assert xml_safe("a\x00b\tc\u00e9\ufffe\n".encode()) == "a\ufffdb\tc\u00e9\ufffd\n".encode()
