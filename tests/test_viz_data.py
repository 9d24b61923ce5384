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
#: name -> label of the entities "found" in any abstract that contains the name
ENTITIES = (("WebArena", "dataset"), ("WebVoyager", "dataset"), ("ScienceQA", "dataset"), ("MultiWOZ", "dataset"),
            ("GPT-4", "model"), ("ChatGPT", "model"))


def sample_records() -> list[PaperRecord]:
    return read_listing(SAMPLE)


def span_of(abstract: str, text: str, component: str = "test", confidence: float = 0.9) -> Span:
    """The span of the first ``text`` in ``abstract``, in its sentence (sentences end at ". ")."""
    start = abstract.index(text)
    left = abstract.rfind(". ", 0, start)
    right = abstract.find(". ", start)
    s0, s1 = (left + 2 if left >= 0 else 0), (right + 1 if right >= 0 else len(abstract))
    return Span(start, start + len(text), abstract[s0:s1], component, confidence)


def hand_extraction(rec: PaperRecord) -> Extraction:
    mentions = tuple(Mention(name, label, span_of(rec.abstract, name)) for name, label in ENTITIES
                     if name in rec.abstract)
    results: tuple[Result, ...] = ()
    proposed: tuple[Proposal, ...] = ()
    if "ScienceQA" in rec.abstract:
        span = span_of(rec.abstract, "86.54%", "paperkg_results", 0.7) if "86.54%" in rec.abstract else None
        results = (Result(86.54, "%", "absolute", "86.54% overall accuracy", subject="Chameleon",
                          dataset="ScienceQA", metric="accuracy", span=span),)
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
    from kg.views.graphview import make_view

    kinds = {d["type"] for _, d in make_view(sample_graph(xss=True)).graph.nodes(data=True)}
    assert {"paper", "person", "organisation", "dataset", "model", "method", "metric", "result"} <= kinds
