"""What the page shows about each drawn node, read with SPARQL: label, name, facts, abstract, evidence.

Facts are ``(field, text, link)`` triples of plain text (escaping is the renderer's
job).  Evidence is ``[sentence, start, end, confidence, component]`` with ``start`` and
``end`` the span's offsets in the sentence (``None`` when they cannot be placed).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kg.graph.vocab import BIBO, DCTERMS, FOAF, ID_BASE, PKG, RDF, RDFS, SKOS
from kg.views.fetch import ViewReader

SHORT = 30
MAX_EVIDENCE = 3  # sentences kept per node or edge
#: class IRI -> type; earlier entries win when a node has several classes
CLASS_TYPES: tuple[tuple[str, str], ...] = tuple((str(c), t) for c, t in (
    (PKG.Paper, "paper"), (PKG.Person, "person"), (PKG.Organization, "organisation"), (PKG.Result, "result"),
    (PKG.Dataset, "dataset"), (PKG.Benchmark, "dataset"), (PKG.Model, "model"), (PKG.Method, "method"),
    (PKG.Framework, "method"), (PKG.System, "method"), (PKG.Task, "task"), (PKG.Metric, "metric"),
    (PKG.Category, "category"),
))
#: IRI segment (``id/<kind>/...``) -> type, for nodes without rdf:type
KIND_TYPES = {"paper": "paper", "person": "person", "org": "organisation", "dataset": "dataset",
              "benchmark": "dataset", "model": "model", "method": "method", "framework": "method",
              "system": "method", "task": "task", "metric": "metric", "result": "result", "category": "category"}
NAME_PREDICATES = (str(DCTERMS.title), str(RDFS.label), str(FOAF.name), str(PKG.code))
_P = {k: str(v) for k, v in (("type", RDF.type), ("issued", DCTERMS.issued), ("etAl", PKG.etAl),
                              ("hasCode", PKG.hasCode), ("arxiv", PKG.arxivId), ("url", PKG.url),
                              ("abstract", DCTERMS.abstract), ("alt", SKOS.altLabel), ("value", PKG.value),
                              ("unit", PKG.unit), ("rtype", PKG.resultType), ("text", PKG.text),
                              ("creator", DCTERMS.creator), ("org", PKG.organization), ("category", PKG.category),
                              ("evaluatedOn", PKG.evaluatedOn), ("usesModel", PKG.usesModel),
                              ("proposes", PKG.proposes), ("metric", PKG.metric), ("dataset", PKG.dataset),
                              ("subject", PKG.subject), ("authorList", BIBO.authorList))}
ENTITY_TYPES = ("person", "organisation", "dataset", "model", "method", "task", "metric", "category")


def kind_type(iri: str) -> str | None:
    """The type an IRI's path names (``.../id/dataset/...`` -> ``dataset``)."""
    if iri.startswith(ID_BASE):
        return KIND_TYPES.get(iri[len(ID_BASE):].split("/", 1)[0])
    return None


def type_of(iri: str, classes: Iterable[str]) -> str | None:
    cs = set(classes)
    for cls, t in CLASS_TYPES:
        if cls in cs:
            return t
    return kind_type(iri)


def short_title(title: str, limit: int = SHORT) -> str:
    """A short label for a paper: the name before a colon, else the title cut at a word."""
    head = title.split(":", 1)[0].strip()
    if ":" in title and 0 < len(head) <= limit:
        return head
    return shorten(title, limit)


def shorten(text: str, limit: int = SHORT) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def _fmt_value(v: Any) -> str:
    text = str(v)
    return text[:-2] if text.endswith(".0") else text


class Facts:
    """The facts of a set of nodes, fetched in a few queries."""

    def __init__(self, reader: ViewReader, nodes: Iterable[str]):
        self.reader = reader
        self.nodes = sorted(set(nodes))
        self.of: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for r in reader.rows("facts", n=self.nodes):
            self.of[str(r["n"])][str(r["p"])].append(r["o"])

    def one(self, n: str, key: str) -> Any:
        vals = sorted(self.of[n].get(_P.get(key, key), []), key=str)
        return vals[0] if vals else None

    def name(self, n: str) -> str:
        for p in NAME_PREDICATES:
            vals = self.of[n].get(p)
            if vals:
                return str(sorted(vals, key=str)[0])
        return n.rsplit("/", 1)[-1]

    def types(self) -> dict[str, str]:
        """Each node's type (nodes of no known type are left out)."""
        out = {}
        for n in self.nodes:
            t = type_of(n, (str(c) for c in self.of[n].get(_P["type"], [])))
            if t is not None:
                out[n] = t
        return out


def _linked(reader: ViewReader, nodes: list[str]) -> dict[str, dict[str, list[tuple[str, str, str | None]]]]:
    """node -> predicate -> [(target IRI, name, code)]."""
    out: dict[str, dict[str, list[tuple[str, str, str | None]]]] = defaultdict(lambda: defaultdict(list))
    seen = set()
    for r in reader.rows("linked", n=nodes):
        key = (str(r["n"]), str(r["p"]), str(r["o"]))
        if key in seen:
            continue
        seen.add(key)
        name = str(r["name"]) if r["name"] is not None else str(r["o"]).rsplit("/", 1)[-1]
        out[key[0]][key[1]].append((key[2], name, None if r["code"] is None else str(r["code"])))
    return out


def _authors(reader: ViewReader, papers: list[str]) -> dict[str, list[str]]:
    """paper -> its authors' IRIs in list order."""
    cells: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    heads: dict[str, str] = {}
    for r in reader.rows("authors", n=papers):
        p = str(r["n"])
        heads[p] = str(r["head"])
        cells[p][str(r["cell"])] = (str(r["person"]), str(r["next"]))
    out = {}
    for p, head in heads.items():
        order, cell = [], head
        while cell in cells[p] and len(order) <= len(cells[p]):
            person, cell = cells[p][cell]
            order.append(person)
        out[p] = order
    return out


def _names(links: dict[str, list[tuple[str, str, str | None]]], pred: str) -> list[str]:
    return sorted({name for _, name, _ in links.get(_P[pred], [])})


def _paper_info(f: Facts, n: str, links: dict[str, list[tuple[str, str, str | None]]],
                authors: list[str]) -> list[tuple[str, str, str | None]]:
    info: list[tuple[str, str, str | None]] = [("Title", f.name(n), None)]
    date = f.one(n, "issued")
    if date is not None:
        info.append(("Date", str(date), None))
    names = {iri: name for iri, name, _ in links.get(_P["creator"], [])}
    people = [names[a] for a in authors if a in names] or sorted(names.values())
    if people:
        etal = f.one(n, "etAl") is True
        info.append(("Authors", ", ".join(people) + (" et al." if etal else ""), None))
    orgs = _names(links, "org")
    if orgs:
        info.append(("Organisations", ", ".join(orgs), None))
    cats = links.get(_P["category"], [])
    if cats:
        _, label, code = sorted(cats)[0]
        info.append(("Category", " ".join(x for x in (code, label and label != code and f"({label})") if x), None))
    code = f.one(n, "hasCode")
    if code is not None:
        info.append(("Code", "yes" if code is True else "no", None))
    for field_name, pred in (("Datasets", "evaluatedOn"), ("Models", "usesModel"), ("Proposes", "proposes")):
        vals = _names(links, pred)
        if vals:
            info.append((field_name, ", ".join(vals), None))
    arxiv = f.one(n, "arxiv")
    if arxiv is not None:
        info.append(("arXiv", str(arxiv), f"https://arxiv.org/abs/{arxiv}"))
    for url in sorted(str(u) for u in f.of[n].get(_P["url"], [])):
        info.append(("Link", url, url))
    return info


def _result_info(f: Facts, n: str, links: dict[str, list[tuple[str, str, str | None]]]
                 ) -> tuple[str, list[tuple[str, str, str | None]]]:
    value, unit = f.one(n, "value"), f.one(n, "unit")
    shown = _fmt_value(value) if value is not None else "?"
    shown += str(unit) if unit is not None and str(unit) in ("%", "x", "×") else (f" {unit}" if unit else "")
    info: list[tuple[str, str, str | None]] = [("Value", shown, None)]
    for field_name, pred in (("Metric", "metric"), ("Dataset", "dataset"), ("Subject", "subject")):
        vals = _names(links, pred)
        if vals:
            info.append((field_name, vals[0], None))
    for field_name, key in (("Type", "rtype"), ("Text", "text")):
        o = f.one(n, key)
        if o is not None:
            info.append((field_name, str(o), None))
    metric = _names(links, "metric")
    label = shown + (f" {shorten(metric[0], 14)}" if metric else "")
    return label, info


def evidence_item(row: dict[str, Any], abstract: str | None) -> list[Any]:
    """``[sentence, start, end, confidence, component]`` with the span's offsets moved into the sentence."""
    sentence = str(row["sentence"])
    start, end = row.get("start"), row.get("end")
    a = b = None
    if isinstance(start, int) and isinstance(end, int):
        at = abstract.find(sentence) if abstract else -1
        if at >= 0 and at <= start and end <= at + len(sentence):
            a, b = start - at, end - at
        elif abstract and 0 <= start < end <= len(abstract):  # the sentence was normalised: find the span text
            k = sentence.find(abstract[start:end])
            if k >= 0:
                a, b = k, k + (end - start)
    conf = row.get("confidence")
    comp = row.get("component")
    return [sentence, a, b, None if conf is None else float(conf),
            None if comp is None else str(comp).rsplit("/", 1)[-1]]


def node_attrs(reader: ViewReader, nodes: Iterable[str], types: dict[str, str] | None = None,
               facts: Facts | None = None) -> dict[str, dict[str, Any]]:
    """``{iri: {"type", "label", "name", "info", "abstract"?}}`` for the nodes of a known type."""
    f = facts or Facts(reader, nodes)
    types = types if types is not None else f.types()
    keep = [n for n in f.nodes if n in types]
    linked_nodes = [n for n in keep if types[n] in ("paper", "result")]
    links = _linked(reader, linked_nodes)
    papers = [n for n in keep if types[n] == "paper"]
    authors = _authors(reader, papers)
    counts = {str(r["n"]): int(r["papers"]) for r in reader.rows(
        "paper_counts", n=[n for n in keep if types[n] in ENTITY_TYPES])}
    out: dict[str, dict[str, Any]] = {}
    for n in keep:
        t = types[n]
        name = f.name(n)
        attrs: dict[str, Any] = {"type": t, "name": name}
        if t == "paper":
            attrs["label"] = short_title(name)
            attrs["info"] = _paper_info(f, n, links.get(n, {}), authors.get(n, []))
            abstract = f.one(n, "abstract")
            if abstract:
                attrs["abstract"] = str(abstract)
        elif t == "result":
            attrs["label"], attrs["info"] = _result_info(f, n, links.get(n, {}))
        else:
            attrs["label"] = shorten(name, 24)
            info: list[tuple[str, str, str | None]] = [("Name", name, None), ("Type", t, None)]
            alt = sorted(str(a) for a in f.of[n].get(_P["alt"], []))
            if alt:
                info.append(("Also", ", ".join(alt), None))
            if n in counts:
                info.append(("Papers", str(counts[n]), None))
            attrs["info"] = info
        out[n] = attrs
    return out


def evidence(reader: ViewReader, attrs: dict[str, dict[str, Any]]) -> tuple[dict[tuple[str, str], list[list[Any]]],
                                                                          dict[str, list[list[Any]]]]:
    """Evidence of the drawn facts: ``{(paper, target): [...]}`` for edges, ``{result: [...]}`` for results."""
    papers = sorted(n for n, a in attrs.items() if a["type"] == "paper")
    results = sorted(n for n, a in attrs.items() if a["type"] == "result")
    rows = reader.rows("evidence", paper=papers) + reader.rows("evidence_of", target=results)
    abstracts = {n: a.get("abstract") for n, a in attrs.items() if a["type"] == "paper"}
    missing = sorted({str(r["paper"]) for r in rows} - set(abstracts))
    for r in reader.rows("abstracts", n=missing):
        abstracts[str(r["n"])] = str(r["abstract"])
    edges: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    nodes: dict[str, list[list[Any]]] = defaultdict(list)
    seen = set()
    for r in rows:
        paper, target = str(r["paper"]), str(r["target"])
        item = evidence_item(r, abstracts.get(paper))
        key = (paper, target, item[0], item[1])
        if key in seen:
            continue
        seen.add(key)
        if target in attrs and attrs[target]["type"] == "result":
            if len(nodes[target]) < MAX_EVIDENCE:
                nodes[target].append(item)
        elif len(edges[(paper, target)]) < MAX_EVIDENCE:
            edges[(paper, target)].append(item)
    return dict(edges), dict(nodes)
