"""kg.views.graphview and kg.views.viz without a browser: what is drawn, escaping, determinism, CLI."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_viz_data import XSS, sample_graph, sample_records

from kg.cli import main
from kg.errors import QueryError
from kg.store.export import write_graph
from kg.views.graphview import make_view, short_title
from kg.views.viz import STYLES, render_html


@pytest.fixture(scope="module")
def graph():
    return sample_graph(xss=True)


@pytest.fixture(scope="module")
def graph_file(graph, tmp_path_factory) -> Path:
    return write_graph(graph, tmp_path_factory.mktemp("viz") / "graph.ttl")


def data_of(page: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_short_titles() -> None:
    assert short_title("Chameleon: Plug-and-Play Compositional Reasoning with Large Language Models") == "Chameleon"
    s = short_title("Instruction Tuning with GPT-4 and a Very Long Remainder of the Title")
    assert len(s) <= 30 and s.endswith("…") and s.startswith("Instruction Tuning")


def test_whole_graph_nodes_and_types(graph) -> None:
    recs = sample_records()
    view = make_view(graph)
    counts = view.type_counts()
    assert counts["paper"] == len(recs) + 1
    assert counts["person"] == len({a.casefold() for r in recs for a in r.authors} | {"mallory <b>evil</b>"})
    assert counts["dataset"] == 4 and "category" not in counts  # categories are left out by default
    assert counts["result"] == 1
    # no provenance nodes and every edge carries a relation name
    assert not [n for n in view.graph if "/mention/" in n]
    assert all(d["rel"] for _, _, d in view.graph.edges(data=True))


def test_tooltips_hold_the_facts(graph) -> None:
    g = make_view(graph, types="paper,result,person").graph
    cham = next(d for _, d in g.nodes(data=True) if d["type"] == "paper" and d["name"].startswith("Chameleon:"))
    info = {k: v for k, v, _ in cham["info"]}
    assert cham["label"] == "Chameleon"
    assert info["Date"] == "2023-04-19" and info["Category"].startswith("CL")
    assert info["Authors"].startswith("Pan Lu, Baolin Peng, Hao Cheng") and info["Authors"].endswith("et al.")
    assert "ScienceQA" in info["Datasets"]
    res = next(d for _, d in g.nodes(data=True) if d["type"] == "result")
    rinfo = {k: v for k, v, _ in res["info"]}
    assert rinfo["Value"] == "86.54%" and rinfo["Metric"] == "accuracy" and rinfo["Dataset"] == "ScienceQA"
    links = [(v, h) for _, v, h in cham["info"] if h]
    assert links == [(u, u) for u in sorted(next(r for r in sample_records() if r.title == cham["name"]).urls)]


def test_focus_neighbourhood(graph) -> None:
    recs = sample_records()
    view = make_view(graph, focus="webarena", depth=1)
    papers = {r.title for r in recs if "WebArena" in r.abstract} | {XSS + ": a test"}
    got = {d["name"] for _, d in view.graph.nodes(data=True)}
    assert got == papers | {"WebArena"}
    peng = make_view(graph, focus="Baolin Peng", depth=1, types="paper,person")
    assert peng.type_counts() == {"person": 1, "paper": sum("Baolin Peng" in r.authors for r in recs) + 1}


def test_unknown_focus_lists_close_matches(graph) -> None:
    with pytest.raises(QueryError, match=r"nothing named 'webarna'.*close matches: 'WebArena'"):
        make_view(graph, focus="webarna")


def test_types_and_max_nodes(graph) -> None:
    view = make_view(graph, types="paper,datasets")
    assert set(view.type_counts()) == {"paper", "dataset"}
    assert any(n.startswith("left out by --types") for n in view.notes)
    with pytest.raises(QueryError, match="unknown node type 'papr'"):
        make_view(graph, types="papr")
    # more nodes than --max-nodes: an overview of the most connected, and a header that agrees with itself
    whole = make_view(graph)
    cut = make_view(graph, max_nodes=20)
    assert cut.graph.number_of_nodes() == 20 and cut.total_nodes == whole.graph.number_of_nodes()
    assert any(n.startswith("Overview: the 20 nodes") for n in cut.notes) and "kg viz --focus" in cut.hint
    page = render_html(cut)
    assert f"20 nodes, {cut.graph.number_of_edges()} edges drawn of {whole.graph.number_of_nodes()} nodes" in page
    # the most connected node of the sample is kept
    assert "https://w3id.org/paperkg/id/person/baolin-peng" in cut.graph


def test_query_view(graph) -> None:
    view = make_view(graph, query="papers_by_author", params={"author": "Baolin Peng"})
    n = sum("Baolin Peng" in r.authors for r in sample_records()) + 1
    assert view.type_counts() == {"paper": n}
    with pytest.raises(QueryError):
        make_view(graph, query="no_such_query")


def test_page_is_escaped_offline_and_deterministic(graph) -> None:
    view = make_view(graph)
    page = render_html(view, title="<i>t</i>")
    assert page == render_html(make_view(sample_graph(xss=True)), title="<i>t</i>")
    assert "<script>window.__pwned" not in page and "onerror=" not in page.split('<script id="kg-data"')[0]
    assert "\\u003cscript\\u003ewindow.__pwned" in page
    assert "<title>&lt;i&gt;t&lt;/i&gt;</title>" in page
    # nothing is fetched: no external scripts, styles, links or images
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    data = data_of(page)
    assert len(data["nodes"]) == view.graph.number_of_nodes()
    assert len(data["edges"]) == view.graph.number_of_edges()
    assert set(data["options"]["groups"]) == set(STYLES)
    for t in view.type_counts():
        assert f'data-type="{t}"' in page


def test_cli_viz_and_errors(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    r = CliRunner().invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out), "--focus", "WebArena",
                                  "--depth", "2"])
    assert r.exit_code == 0, r.output
    assert out.is_file() and "wrote" in r.output
    assert data_of(out.read_text(encoding="utf-8"))["nodes"]
    r = CliRunner().invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out), "--focus", "Baolin Pen"])
    assert r.exit_code == 2 and "close matches: 'Baolin Peng'" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["viz", "--graph", str(tmp_path / "missing.ttl"), "-o", str(out)])
    assert r.exit_code == 2 and "kg build" in r.output


def test_build_writes_graph_html(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["build", "data/papers.txt", "-o", str(tmp_path / "a")])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "a" / "graph.html").read_text(encoding="utf-8")
    assert len(data_of(page)["nodes"]) >= 50 + 71
    r = CliRunner().invoke(main, ["build", "data/papers.txt", "-o", str(tmp_path / "b"), "--no-html"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "b" / "graph.ttl").is_file() and not (tmp_path / "b" / "graph.html").exists()


def test_palette_every_kind_differs() -> None:
    from kg.views.graphview import RELATIONS, TYPES
    from kg.views.palette import EDGE_STYLES

    colours = [STYLES[t].color.lower() for t in TYPES]
    assert len(set(colours)) == len(TYPES)
    looks = [(EDGE_STYLES[r].color.lower(), EDGE_STYLES[r].dashes) for r in RELATIONS.values()]
    assert len(set(looks)) == len(looks)
    # the three kinds that used to look alike differ in colour, not only in dashes
    assert len({EDGE_STYLES[r].color for r in ("uses model", "compares with", "result of")}) == 3


def test_labels_scale_and_never_draw_tiny(graph) -> None:
    data = data_of(render_html(make_view(graph, types="paper,person,organisation")))
    label = data["options"]["nodes"]["scaling"]["label"]
    assert label["enabled"] and label["min"] >= 11 and label["drawThreshold"] >= 8
    values = {n["name"]: n["value"] for n in data["nodes"]}
    assert values["Baolin Peng"] == max(values.values())  # the most connected node is drawn largest


def test_evidence_and_abstracts(graph) -> None:
    data = data_of(render_html(make_view(graph)))
    by_name = {n["name"]: n for n in data["nodes"]}
    res = next(n for n in data["nodes"] if n["group"] == "result")
    sentence, a, b, conf, comp = res["evidence"][0]
    assert sentence.startswith("Chameleon, powered by GPT-4, achieves an 86.54% overall accuracy on ScienceQA")
    assert sentence[a:b] == "86.54%" and conf == 0.7 and comp == "paperkg_results"
    cham = next(n for n in data["nodes"] if n["name"].startswith("Chameleon:"))
    rec = next(r for r in sample_records() if r.title == cham["name"])
    assert cham["abstract"] == rec.abstract
    # each paper -> dataset edge carries the sentence that names the dataset, the name marked
    web = by_name["WebArena"]["id"]
    evs = [e["evidence"] for e in data["edges"] if e["to"] == web and e["rel"] == "evaluated on"]
    assert evs and all(s[x:y] == "WebArena" for ev in evs for s, x, y, _, _ in ev)


def test_view_from_a_store_selects_with_sparql(sample_store, monkeypatch) -> None:
    """From an on-disk store the view asks SPARQL for the neighbourhood; nothing is copied into rdflib."""
    import kg.store.sources as sources
    from kg.store.sources import open_store

    def refuse(*_a, **_k):
        raise AssertionError("the store was copied into an rdflib graph")

    monkeypatch.setattr(sources, "rdflib_graph", refuse)
    view = make_view(open_store(sample_store), focus="Baolin Peng", depth=1)
    assert view.type_counts()["person"] == 1 and view.type_counts()["paper"] >= 5
    assert "author" in {d["rel"] for _, _, d in view.graph.edges(data=True)}


def test_overview_groups_and_positions(graph) -> None:
    view = make_view(graph, overview=True, max_nodes=60)
    assert view.graph.number_of_nodes() == 60 and view.positions and set(view.positions) == set(view.graph)
    assert {d["rel"] for _, _, d in view.graph.edges(data=True)} == {"shared papers"}
    assert "paper" not in view.type_counts() and "result" not in view.type_counts()
    groups = {d["community"] for _, d in view.graph.nodes(data=True)}
    assert len(groups) >= 2 and all(len(names) <= 2 for names, _ in view.groups)
    # a node's facts say how many papers it has and how to focus on it
    peng = view.graph.nodes["https://w3id.org/paperkg/id/person/baolin-peng"]
    info = {k: v for k, v, _ in peng["info"]}
    assert info["Papers"] == str(sum("Baolin Peng" in r.authors for r in sample_records()) + 1)
    assert info["Focus"] == "kg viz --focus 'Baolin Peng' --depth 1"
    data = data_of(render_html(view))
    assert data["groups"] and all(set(g["members"]) <= set(view.graph) for g in data["groups"])
    assert render_html(view) == render_html(make_view(sample_graph(xss=True), overview=True, max_nodes=60))


def test_papers_only_never_an_empty_overview(graph) -> None:
    view = make_view(graph, types="paper", max_nodes=10)
    assert view.type_counts() == {"paper": 10}
    assert any(n.startswith("--max-nodes 10: drew 10 of the") for n in view.notes)
