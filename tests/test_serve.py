"""``kg serve``: SPARQL 1.1 Protocol with SPARQLWrapper as the client, refusals, limits, HTML page."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

import kg
from kg.query.named import get_query
from kg.query.server import ServerConfig, make_server
from kg.store.sources import memory_store

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(sample_ttl):
    server = make_server(memory_store(sample_ttl), "127.0.0.1", 0, ServerConfig(timeout=5, max_rows=40))
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def _wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    w = SPARQLWrapper(f"{url}/sparql")
    w.setQuery(query)
    w.setReturnFormat(fmt)
    if method == "POST":
        w.setMethod(POST)
    return w


def _bound(name: str, **params: str) -> str:
    from kg.query.named import bind_params
    from kg.query.sparql_text import inject_values

    q = get_query(name)
    return inject_values(q.text, bind_params(q, params))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_json_results_match_the_library(served, sample_graph, method):
    res = _wrapper(served, _bound("coauthors", author="Baolin Peng"), JSON, method).query().convert()
    got = [(b["coauthor"]["value"], int(b["papers"]["value"])) for b in res["results"]["bindings"]]
    want = [(r["coauthor"], r["papers"]) for r in kg.run_query(sample_graph, "coauthors", author="Baolin Peng")]
    assert got == want and len(got) > 5
    assert res["head"]["vars"] == ["coauthor", "papers"]


def test_csv_results(served, sample_graph):
    data = _wrapper(served, _bound("top_orgs"), CSV).query().convert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["org", "papers"]
    assert rows[1:] == [[r["org"], str(r["papers"])] for r in kg.run_query(sample_graph, "top_orgs")]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def _q(url: str, query: str, **extra: str) -> str:
    return f"{url}/sparql?" + urllib.parse.urlencode({"query": query, **extra})


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_content_negotiation(served, sample_graph):
    n = str(len(sample_graph))
    assert _get(_q(served, COUNT), {"Accept": "text/tab-separated-values"})[2].splitlines() == [
        "?n", f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>']
    _, h, body = _get(_q(served, COUNT, format="xml"))
    assert h["Content-Type"].startswith("application/sparql-results+xml") and f">{n}</literal>" in body
    _, h, body = _get(_q(served, COUNT), {"Accept": "text/csv;q=0.5, application/sparql-results+json"})
    assert h["Content-Type"].startswith("application/sparql-results+json")
    _, h, body = _get(_q(served, "ASK { ?s ?p ?o }"))
    assert '"boolean":true' in body.replace(" ", "")
    _, h, body = _get(_q(served, _bound("collaboration_graph", author="Baolin Peng")))
    assert h["Content-Type"].startswith("text/turtle") and "knows" in body


@pytest.mark.parametrize("query,code,words", [
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", 403, "read-only"),
    ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
    ("DROP ALL", 403, "read-only"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("SELECT * WHERE {\n  ?s ?p }", 400, "line 2"),
])
def test_refusals(served, sample_graph, query, code, words):
    st, _, body = _get(_q(served, query))
    assert st == code and words in body
    assert _get(_q(served, COUNT, format="csv"))[2].split() == ["n", str(len(sample_graph))]


def test_update_endpoints_refused(served):
    for ctype, body in (("application/sparql-update", b"DROP ALL"),
                        ("application/x-www-form-urlencoded", b"update=DROP+ALL")):
        req = urllib.request.Request(f"{served}/sparql", data=body, headers={"Content-Type": ctype})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=10)
        assert e.value.code == 403


def test_row_limit(served):
    st, h, body = _get(_q(served, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", format="csv"))
    assert st == 200 and h.get("X-Truncated") == "true" and len(body.splitlines()) == 41


def test_time_limit(sample_ttl):
    src = memory_store(sample_ttl)
    slow = src.raw_query

    def sleepy(text, bindings=None):
        time.sleep(1.0)
        return slow(text, bindings)

    src.raw_query = sleepy  # type: ignore[method-assign]
    server = make_server(src, "127.0.0.1", 0, ServerConfig(timeout=0.2))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        st, _, body = _get(_q(f"http://127.0.0.1:{server.server_address[1]}", COUNT))
        assert st == 503 and "time limit of 0.2 s" in body
    finally:
        server.shutdown()
        server.server_close()


def test_html_page_escapes_everything(served):
    st, h, body = _get(f"{served}/")
    assert st == 200 and "<form" in body and "<script" not in body
    evil = "SELECT ?x WHERE { BIND(\"<script>alert(1)</script>\" AS ?x) }"
    st, h, body = _get(f"{served}/?" + urllib.parse.urlencode({"query": evil}))
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "default-src 'none'" in h["Content-Security-Policy"]
    st, h, body = _get(f"{served}/?" + urllib.parse.urlencode({"query": "SELECT <oops"}))
    assert "syntax error" in body and "<oops" not in body


def test_cli_serve_subprocess(sample_ttl):
    from conftest import free_port, wait_http

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(sample_ttl), "--port",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/")
        res = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
        res.setQuery("ASK { ?s a <https://w3id.org/paperkg/Paper> }")
        res.setReturnFormat(JSON)
        assert res.query().convert()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=10)


DEEP = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000


@pytest.mark.parametrize("query,words", [
    (DEEP, "deeper than 64"),
    ("SELECT * WHERE { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }", "deeper than 64"),
    ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000, "the limit is 100,000"),
])
def test_query_text_guard(served, query, words):
    """Checked before pyoxigraph's parser sees the text (5,000 nested braces crashed the server)."""
    req = urllib.request.Request(f"{served}/sparql", data=query.encode(),
                                 headers={"Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 400 and words in e.value.read().decode()
    assert _get(_q(served, "ASK {}"))[0] == 200  # still alive


def test_kg_sparql_guard(sample_store):
    proc = subprocess.run([sys.executable, "-m", "kg", "sparql", DEEP, "--store", str(sample_store)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode not in (0, -11, 139) and "deeper than 64" in proc.stderr
    assert "Traceback" not in proc.stderr
