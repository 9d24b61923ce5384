"""`kg serve`'s page in headless Chromium: pick a named query, fill its form, see rows, describe a resource."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from browser_pages import launch

from kg.query.server import ServerConfig, make_server
from kg.store.sources import memory_store

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def base(sample_ttl) -> Iterator[str]:
    server = make_server(memory_store(sample_ttl), "127.0.0.1", 0, ServerConfig(timeout=10))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_named_list_has_every_query_and_its_parameters(base):
    from kg.query.named import list_queries

    st, _, body = get(f"{base}/named.json")
    got = {q["name"]: q for q in json.loads(body)}
    assert st == 200 and sorted(got) == [q.name for q in list_queries()]
    assert [p["name"] for p in got["papers_on_dataset"]["params"]] == ["dataset"]
    assert got["papers_on_dataset"]["params"][0]["example"] == "WebArena"


def test_named_query_binds_its_parameters(base, sample_graph):
    import kg

    st, _, body = get(f"{base}/named/coauthors?" + urllib.parse.urlencode({"author": "Baolin Peng"}))
    rows = json.loads(body)["results"]["bindings"]
    want = kg.run_query(sample_graph, "coauthors", author="Baolin Peng")
    assert st == 200 and [r["coauthor"]["value"] for r in rows] == [r["coauthor"] for r in want]
    # a value that tries to end the literal is bound as a term, not formatted into the text
    st, _, body = get(f"{base}/named/coauthors?" + urllib.parse.urlencode({"author": 'x" } ?a ?b ?c . { "'}))
    assert st == 200 and json.loads(body)["results"]["bindings"] == []
    st, _, body = get(f"{base}/named/coauthors?author=a&author=b")
    assert st == 400 and b"once" in body
    st, _, body = get(f"{base}/named/coauthors?who=x")
    assert st == 400 and b"no parameter 'who'" in body
    assert get(f"{base}/named/no_such_query")[0] == 404
    st, h, body = get(f"{base}/named/coauthors?author=Baolin+Peng&format=csv")
    assert st == 200 and h["Content-Type"].startswith("text/csv") and body.startswith(b"coauthor,papers")
    st, h, body = get(f"{base}/named/coauthors?author=Baolin+Peng&format=turtle")
    assert st == 200 and h["Content-Type"].startswith("text/turtle") and b"rs:ResultSet" in body


def test_describe_gives_facts_and_evidence(base):
    iri = "https://w3id.org/paperkg/id/dataset/webarena"
    st, _, body = get(f"{base}/describe?" + urllib.parse.urlencode({"iri": iri}))
    doc = json.loads(body)
    assert st == 200 and doc["iri"] == iri
    assert any(f["p"]["value"].endswith("evaluatedOn") and f["dir"]["value"] == "in"
               for f in doc["facts"]["results"]["bindings"])
    ev = doc["evidence"]["results"]["bindings"]
    assert ev and all(e["sentence"]["value"] and "component" in e and "confidence" in e for e in ev)
    assert get(f"{base}/describe?iri=not+an+iri")[0] == 400
    assert get(f"{base}/describe?" + urllib.parse.urlencode({"iri": "http://x/> } DROP ALL"}))[0] == 400


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launch()


def open_page(browser, base: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else (outside.append(route.request.url), route.abort()))
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)
    return page, errors, outside


@pytest.mark.browser
def test_page_runs_a_named_query_and_describes_a_result(browser, base):
    page, errors, outside = open_page(browser, base)
    try:
        page.select_option("#picker", "papers_on_dataset")
        assert "Papers evaluated on a dataset" in page.inner_text("#description")
        page.fill("#param-dataset", "WebArena")
        page.click("#run")
        page.wait_for_selector("#results tr:nth-child(2)", timeout=20_000)
        assert "row(s)" in page.inner_text("#status")
        heads = page.eval_on_selector_all("#results th", "els => els.map(e => e.textContent)")
        assert heads == ["title", "date", "datasetName", "paper"]
        assert "WebArena" in page.inner_text("#results")
        formats = page.eval_on_selector_all("#downloads a", "els => els.map(e => e.dataset.format)")
        assert formats == ["csv", "json", "turtle"]
        href = page.get_attribute("#downloads a[data-format='csv']", "href")
        st, h, body = get(base + href)
        assert st == 200 and body.startswith(b"title,date,datasetName,paper")
        # a click on a paper describes it: its facts, and the sentences with the span marked
        page.click("#results a.iri[data-iri*='/paper/']")
        page.wait_for_selector("#describe-body table", timeout=20_000)
        assert "title" in page.inner_text("#describe-body")
        page.click("#describe-body a.iri[data-iri*='/dataset/webarena']")
        page.wait_for_selector("#describe-body .evidence mark", timeout=20_000)
        marked = page.inner_text("#describe-body .evidence mark")
        assert marked.lower().replace("-", "") == "webarena"
        assert "confidence" in page.inner_text("#describe-body")
        assert errors == [] and outside == []
    finally:
        page.close()


@pytest.mark.browser
def test_page_shows_errors_in_plain_words_with_the_position(browser, base):
    page, errors, outside = open_page(browser, base)
    try:
        page.select_option("#picker", "")
        page.fill("#sparql", "SELECT * WHERE {\n  ?s ?p }")
        page.click("#run")
        page.wait_for_selector("#error .at", timeout=20_000)
        text = page.inner_text("#error")
        assert "line 2, column 9" in text and "missing" in text and "LATERAL" not in text
        assert page.inner_text("#error .at") == "}"
        # injected markup in the data stays text
        page.fill("#sparql", 'SELECT ?x WHERE { BIND("<img src=x onerror=alert(1)>" AS ?x) }')
        page.click("#run")
        page.wait_for_selector("#results td", timeout=20_000)
        assert page.inner_text("#results td") == "<img src=x onerror=alert(1)>"
        assert page.evaluate("document.querySelectorAll('#results img').length") == 0
        assert [e for e in errors if "status of 400" not in e] == [] and outside == []
    finally:
        page.close()


@pytest.mark.browser
def test_page_shows_a_construct_as_triples(browser, base):
    page, errors, outside = open_page(browser, base)
    try:
        page.select_option("#picker", "collaboration_graph")
        page.fill("#param-author", "Baolin Peng")
        page.click("#run")
        page.wait_for_selector("#results tr:nth-child(2)", timeout=20_000)
        assert "triple(s)" in page.inner_text("#status")
        assert page.eval_on_selector_all("#results th", "els => els.map(e => e.textContent)") == [
            "subject", "predicate", "object"]
        assert "foaf:knows" in page.inner_text("#results")
        formats = page.eval_on_selector_all("#downloads a", "els => els.map(e => e.dataset.format)")
        assert formats == ["turtle", "ntriples", "json-ld"]
        st, h, body = get(base + page.get_attribute("#downloads a[data-format='turtle']", "href"))
        assert st == 200 and h["Content-Type"].startswith("text/turtle") and b"foaf:knows" in body
        assert errors == [] and outside == []
    finally:
        page.close()
