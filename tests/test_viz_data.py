"""Hand-made graphs for the viz, analytics and browser tests (no NLP needed); imported by them."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.graph.triples import build_graph
from kg.readers.listing import read_listing
from kg.records import Extraction, Mention, PaperRecord, Proposal, Result, Span

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "papers.txt"
XSS = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
SPAN = Span(0, 1, "s", "test", 0.9)
#: name -> label of the entities "found" in any abstract that contains the name
ENTITIES = (("WebArena", "dataset"), ("WebVoyager", "dataset"), ("ScienceQA", "dataset"), ("MultiWOZ", "dataset"),
            ("GPT-4", "model"), ("ChatGPT", "model"))


def sample_records() -> list[PaperRecord]:
    return read_listing(SAMPLE)


def hand_extraction(rec: PaperRecord) -> Extraction:
    mentions = tuple(Mention(name, label, SPAN) for name, label in ENTITIES if name in rec.abstract)
    results: tuple[Result, ...] = ()
    proposed: tuple[Proposal, ...] = ()
    if "ScienceQA" in rec.abstract:
        results = (Result(86.54, "%", "absolute", "86.54% overall accuracy", subject="Chameleon",
                          dataset="ScienceQA", metric="accuracy"),)
        proposed = (Proposal("Chameleon", "system"),)
    return Extraction(mentions, proposed, results)


def xss_record() -> PaperRecord:
    return PaperRecord(id=999, category="CL", date="2024-01-02", has_code=True, title=XSS + ": a test",
                       authors=("Mallory <b>Evil</b>", "Baolin Peng"), et_al=False, orgs=("evil&co",),
                       abstract="We test on WebArena.", urls=("javascript:window.__pwned=3",
                                                              "https://example.org/code"))


def sample_graph(xss: bool = False) -> Graph:
    recs = sample_records()
    if xss:
        recs = recs + [xss_record()]
    return build_graph(recs, [hand_extraction(r) for r in recs])


def test_hand_graph_has_every_drawn_kind() -> None:
    from kg.views.graphview import to_networkx

    kinds = {d["type"] for _, d in to_networkx(sample_graph(xss=True)).nodes(data=True)}
    assert {"paper", "person", "organisation", "dataset", "model", "method", "metric", "result"} <= kinds
