"""Shared fixtures. Sections are owned by different parts of the project; edit surgically."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "papers.txt"


# ---------------------------------------------------------------- query layer: hand-made graphs
def _span(sentence: str = "s", component: str = "test") -> object:
    from kg.records import Span

    return Span(0, 1, sentence, component, 0.9)


def mention(text: str, label: str) -> object:
    from kg.records import Mention

    return Mention(text, label, _span())  # type: ignore[arg-type]


def tiny_records() -> list:
    """Four hand-made papers whose query answers are known exactly."""
    from kg.records import PaperRecord

    def rec(i: int, cat: str, date: str, title: str, authors: tuple[str, ...], orgs: tuple[str, ...],
            code: bool = False, urls: tuple[str, ...] = ()) -> PaperRecord:
        return PaperRecord(i, cat, date, code, title, authors, False, orgs, f"Abstract of {title}.", urls)

    return [
        rec(1, "CL", "2023-02-22", "Alpha Prompting", ("Ann Lee", "Bob Stone", "Dan O'Neil"), ("acme-lab",),
            True, ("https://github.com/x/alpha",)),
        rec(2, "CL", "2024-05-01", "Beta Reasoning", ("Ann Lee", "Cy Park"), ("acme-lab", "uw")),
        rec(3, "LG", "2024-07-09", "Gamma Agents", ("Bob Stone", "Ann Lee"), ("uw",), True),
        rec(4, "LG", "2025-01-15", 'Delta "Quoted" \\ Title', ("Eve Zed",), ()),
    ]


def tiny_extractions() -> list:
    from kg.records import Extraction, Proposal, Result

    return [
        Extraction(mentions=(mention("MultiWOZ", "dataset"), mention("ChatGPT", "model"), mention("T5", "model"),
                             mention("dialogue response generation", "task")),
                   proposed=(Proposal("Alpha Prompting", "framework"),),
                   results=(Result(41.4, "%", "improvement", "enhances ChatGPT by 41.4%", "ChatGPT", "MultiWOZ"),)),
        Extraction(mentions=(mention("MATH-500", "dataset"), mention("WebArena", "dataset"), mention("GPT-4", "model"),
                             mention("dialogue response generation", "task")),
                   results=(Result(85.2, "%", "absolute", "GPT-4 reaches 85.2% accuracy on MATH-500", "GPT-4",
                                   "MATH-500", "accuracy"),)),
        Extraction(mentions=(mention("Math500", "dataset"), mention("Qwen2.5-7B", "model")),
                   proposed=(Proposal("GammaNet", "model"),),
                   results=(Result(78.5, "%", "absolute", "78.5% on Math-500", "Qwen2.5-7B", "Math-500",
                                   "accuracy"),)),
        None,
    ]


@pytest.fixture(scope="session")
def tiny_graph():
    from kg.graph.triples import build_graph

    return build_graph(tiny_records(), tiny_extractions())


def sample_extractions(records: list) -> list:
    """The extractor's output on the sample, plus hand-made facts on its first three papers."""
    from kg.records import Extraction
    from kg.build import extract

    exts = list(extract(records))
    extra = tiny_extractions()[:3]
    for i, add in enumerate(extra):
        e = exts[i] or Extraction()
        exts[i] = Extraction(e.mentions + add.mentions, e.proposed + add.proposed, e.results + add.results)
    return exts


@pytest.fixture(scope="session")
def sample_graph():
    from kg.graph.triples import build_graph
    from kg.build import read_papers

    records = read_papers(SAMPLE)
    return build_graph(records, sample_extractions(records))


@pytest.fixture(scope="session")
def sample_ttl(sample_graph, tmp_path_factory) -> Path:
    from kg.store.export import write_graph

    return write_graph(sample_graph, tmp_path_factory.mktemp("sample") / "graph.ttl")


@pytest.fixture(scope="session")
def sample_store(sample_ttl, tmp_path_factory) -> Path:
    from kg.store.sources import write_store

    d = tmp_path_factory.mktemp("store") / "kgstore"
    write_store(sample_ttl, d).store.flush()
    return d


# ---------------------------------------------------------------- query layer: a real oxigraph server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def loopback():
    """``(free_port, wait_http)`` for tests that start their own server on 127.0.0.1."""
    return free_port, wait_http


SAMPLE_GRAPH_IRI = "https://w3id.org/paperkg/graph/sample"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port (union default graph); yields its base URL."""
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph binary (pip install oxigraph) is not installed")
    port = free_port()
    loc = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([exe, "serve", "--location", str(loc), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/query?query=ASK%7B%7D")
        yield base
    finally:
        os.kill(proc.pid, 15)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def sample_endpoint(oxigraph_server, sample_ttl) -> str:
    """The oxigraph server's query URL, with the sample uploaded into a named graph."""
    from kg.store.sources import upload

    upload(sample_ttl, f"{oxigraph_server}/store", SAMPLE_GRAPH_IRI)
    return f"{oxigraph_server}/query"
