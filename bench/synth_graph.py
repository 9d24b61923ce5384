"""Write a synthetic paperkg graph of any size straight to N-Triples (no listing, no NLP), fast.

    python bench/synth_graph.py 100000 -o /tmp/synth-100k.nt --seed 1

The shape follows ``ontology/paperkg.ttl`` and ``kg/graph/triples.py`` (the IRIs come
from ``kg.graph.ids``), so the named queries run on it unchanged: papers with title,
date, creators, category, organisation and code flag; ``pkg:evaluatedOn``
datasets drawn with a Zipf-like popularity (the dataset "WebArena" is in about
1% of papers); ``pkg:usesModel`` models; persons with ``foaf:name``; entities
with ``rdfs:label`` and ``pkg:key``. Deterministic for a seed.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

from kg.graph.ids import category_iri, entity_iri, entity_key, org_iri, paper_iri, person_iri

PKG = "https://w3id.org/paperkg/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TITLE = "<http://purl.org/dc/terms/title>"
ISSUED = "<http://purl.org/dc/terms/issued>"
CREATOR = "<http://purl.org/dc/terms/creator>"
NAME = "<http://xmlns.com/foaf/0.1/name>"
XSD = "http://www.w3.org/2001/XMLSchema#"
FOCUS_DATASET = "WebArena"
FOCUS_AUTHOR = "Baolin Peng"
CATS = ["CL", "AI", "LG", "CV", "IR", "RO", "MA"]
WORDS = ["efficient", "scalable", "robust", "sparse", "multimodal", "agents", "retrieval", "reasoning", "alignment", "distillation", "planning", "summarization", "translation", "diffusion", "benchmark", "adapters", "attention", "web", "math"]


def _lit(text: str, dtype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"^^<{XSD}{dtype}>' if dtype else f'"{esc}"'


def lines(n: int, seed: int = 0) -> list[str]:
    """The N-Triples lines of a graph of ``n`` papers."""
    rng = random.Random(seed)
    n_people = max(50, n // 3)
    people = [f"Author{i} Surname{i % 997}" for i in range(n_people)]
    people[0] = FOCUS_AUTHOR
    datasets = [FOCUS_DATASET] + [f"Dataset-{i}" for i in range(1, max(20, n // 50))]
    ds_weights = [1.0 / (i + 10) for i in range(len(datasets))]
    ds_weights[0] = sum(ds_weights) / 99  # WebArena in ~1% of the draws
    models = [f"Model-{i}B" for i in range(200)]
    orgs = [f"org-{i}" for i in range(300)]
    out: list[str] = []
    for i in range(n):
        authors = [people[rng.randrange(n_people)] for _ in range(rng.randint(1, 5))]
        if i % max(1, n // 60) == 0:
            authors.append(FOCUS_AUTHOR)  # the focus author has about 60 papers
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {i}"
        p = f"<{paper_iri(title, authors[0])}>"
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out += [f"{p} {RDF_TYPE} <{PKG}Paper> .", f"{p} {TITLE} {_lit(title)} .",
                f"{p} {ISSUED} {_lit(date, 'date')} .",
                f"{p} <{PKG}hasCode> {_lit('true' if rng.random() < 0.4 else 'false', 'boolean')} .",
                f"{p} <{PKG}category> <{category_iri(rng.choice(CATS))}> ."]
        for a in dict.fromkeys(authors):
            out.append(f"{p} {CREATOR} <{person_iri(a)}> .")
        out.append(f"{p} <{PKG}organization> <{org_iri(rng.choice(orgs))}> .")
        for d in set(rng.choices(datasets, ds_weights, k=2)):
            out.append(f"{p} <{PKG}evaluatedOn> <{entity_iri('dataset', d)}> .")
        out.append(f"{p} <{PKG}usesModel> <{entity_iri('model', rng.choice(models))}> .")
    for a in sorted(set(people)):
        out += [f"<{person_iri(a)}> {RDF_TYPE} <{PKG}Person> .", f"<{person_iri(a)}> {NAME} {_lit(a)} ."]
    for o in orgs:
        out.append(f"<{org_iri(o)}> {NAME} {_lit(o)} .")
    for c in CATS:
        out.append(f"<{category_iri(c)}> <{PKG}code> {_lit(c)} .")
    for kind, names, cls in (("dataset", datasets, "Dataset"), ("model", models, "Model")):
        for name in names:
            e = f"<{entity_iri(kind, name)}>"
            out += [f"{e} {RDF_TYPE} <{PKG}{cls}> .", f"{e} {LABEL} {_lit(name)} .",
                    f"{e} <{PKG}key> {_lit(entity_key(name))} ."]
    return out


def write(path: str | Path, n: int, seed: int = 0) -> tuple[Path, int]:
    """Write the graph of ``n`` papers to ``path`` (N-Triples); return the path and the number of triples."""
    out = lines(n, seed)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return p, len(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of papers")
    ap.add_argument("-o", "--output", required=True, help="N-Triples file to write")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    path, count = write(args.output, args.n, args.seed)
    print(f"wrote {count} triples for {args.n} papers to {path}")


if __name__ == "__main__":
    main()
