"""Write a synthetic paper listing of any size, in the 3-line format of data/papers.txt.

    python bench/synth.py 100000 -o /tmp/synth-100k.txt --seed 1

Deterministic for a seed. Titles, names, organisations and abstracts are
drawn from word lists with realistic shapes: subtitles after a colon,
hyphenated words, 1-3 listed authors with "et al.", optional organisations,
dates with and without a year, URLs and numbers in the abstracts, named
datasets and models (so an extractor finds something to do).
"""
from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

CATS = ["CL", "AI", "LG", "CV", "IR", "RO", "MA", "NE", "SE", "HC", "CR", "SD"]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
FIRST = ("Wei Li Jun Yu Xin Hao Zhang Chen Maria Anna Peter John David Sarah Ahmed Fatima Hiroshi Yuki "
         "Olga Ivan Luca Sofia Pierre Camille Jonas Lena Ravi Priya Kwame Amara Diego Lucía Mehmet Ayşe "
         "Tomás Zoë Björn Noémie").split()
LAST = ("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Smith Johnson Brown Garcia Müller Schmidt Rossi "
        "Dubois Tanaka Sato Kim Park Nguyen Singh Patel Ivanov Kowalski Hansen Silva Okafor Haddad "
        "O'Brien García-López Van der Berg").split()
ORGS = ["microsoft-research", "google-deepmind", "stanford", "mit", "tsinghua", "cmu", "meta-ai",
        "eth-zurich", "oxford", "berkeley", "allen-ai", "kaist", "mila", "inria"]
ADJ = ("Efficient Scalable Robust Sparse Multimodal Interpretable Self-Supervised Contrastive Hierarchical "
       "Adaptive Federated Causal Generative Lightweight Zero-Shot Few-Shot Long-Context").split()
NOUN = ("Transformers Agents Retrieval Reasoning Alignment Distillation Pretraining Tokenization Diffusion "
        "Planning Summarization Translation Segmentation Embeddings Benchmarks Adapters Attention").split()
TOPIC = ("Large Language Models|Vision-Language Models|Code Generation|Question Answering|Dialogue Systems|"
         "Speech Recognition|Graph Neural Networks|Reinforcement Learning|Web Agents|Mathematical Reasoning").split("|")
DATASETS = ["MultiWOZ", "ScienceQA", "MATH500", "GSM8K", "ImageNet", "SQuAD", "HotpotQA", "HumanEval",
            "WebArena", "MMLU", "AIME 2024", "COCO", "LibriSpeech", "BEIR"]
MODELS = ["GPT-4", "LLaMA-2", "T5", "BERT", "Qwen2.5-7B", "Mistral-7B", "PaLM-540B", "CLIP", "ChatGPT"]
SENT = [
    "We propose {name}, a {adj} approach to {topic} that scales to billions of tokens.",
    "Experiments on {ds} and {ds2} show that {name} outperforms {model} by {num}% in accuracy.",
    "{name} achieves {num2} F1 on {ds}, improving the state of the art by {num3} points.",
    "Unlike prior work based on {model}, our method needs no labelled data.",
    "We release code and data at https://github.com/{user}/{repo}.",
    "Our analysis reveals that {adj} {noun} remain challenging for current systems.",
    "The project page is available at https://{repo}.github.io.",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _title(rng: random.Random, name: str) -> str:
    shape = rng.random()
    if shape < 0.4:
        return f"{name}: {rng.choice(ADJ)} {rng.choice(NOUN)} for {rng.choice(TOPIC)}"
    if shape < 0.7:
        return f"{rng.choice(ADJ)} {rng.choice(NOUN)} with {rng.choice(TOPIC)}"
    return f"Towards {rng.choice(ADJ)} {rng.choice(TOPIC)} via {rng.choice(ADJ)} {rng.choice(NOUN)}"


def _abstract(rng: random.Random, name: str) -> str:
    n = rng.randint(4, 9)
    out = []
    for _ in range(n):
        out.append(rng.choice(SENT).format(
            name=name, adj=rng.choice(ADJ).lower(), topic=rng.choice(TOPIC).lower(), noun=rng.choice(NOUN).lower(),
            ds=rng.choice(DATASETS), ds2=rng.choice(DATASETS), model=rng.choice(MODELS),
            num=round(rng.uniform(0.5, 40), 1), num2=round(rng.uniform(20, 99), 2), num3=round(rng.uniform(0.1, 9), 1),
            user=rng.choice(LAST).lower().replace("'", ""), repo=name.lower()))
    return " ".join(out)


def records(n: int, seed: int = 0) -> Iterator[str]:
    """The listing text of ``n`` synthetic papers, one 3-line record at a time."""
    rng = random.Random(seed)
    for i in range(n):
        name = f"{rng.choice(['Meta', 'Omni', 'Deep', 'Graph', 'Auto', 'Hyper'])}{rng.choice(NOUN)[:5]}{i % 997}"
        year = rng.choice(["", ", 2022", ", 2023", ", 2024", ", 2025"])
        meta = f"{rng.choice(CATS)}{rng.choice(MONTHS)} {rng.randint(1, 28)}{year}{'Code' if rng.random() < 0.4 else ''}"
        k = rng.choice([1, 2, 3, 3, 3])
        authors = [_name(rng) for _ in range(k)]
        et_al = k == 3 and rng.random() < 0.7
        orgs = rng.sample(ORGS, rng.choice([0, 1, 1, 2]))
        people = _title(rng, name) + ", ".join(authors) + (" et al." if et_al else "")
        people += (" · " + ", ".join(orgs)) if orgs else ""
        yield f"{meta}\n{people}\n{_abstract(rng, name)}\n"


def write(path: str | Path, n: int, seed: int = 0) -> Path:
    return save(path, records(n, seed))


def save(path: str | Path, recs: Iterable[str]) -> Path:
    """Write listing records to ``path`` (its folder made if missing); ``-`` is stdout."""
    if str(path) == "-":
        sys.stdout.writelines(recs)
        return Path(path)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(recs)
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of papers")
    ap.add_argument("-o", "--out", default="-", help="output file (default: stdout)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    save(args.out, records(args.n, args.seed))


if __name__ == "__main__":
    main()
