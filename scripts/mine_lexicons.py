"""Mine lexicons for the extractor from unlabeled abstracts (the 10k arXiv listing).

    python scripts/mine_lexicons.py                       # ../shared/data/arxiv-10k.txt -> kg/nlp/data/mined/
    python scripts/mine_lexicons.py --corpus other.txt --out /tmp/mined

Writes three JSONL files (see ``kg/nlp/mined.py`` for how the extractor uses them):

* ``terms.jsonl``: head-final noun phrases (chunks cut at closed-class words,
  punctuation and verbs, ending in a method, task or metric head word) seen at
  least ``--min-term`` times, lower case;
* ``acronyms.jsonl``: acronym definitions "long form (LF)" (Schwartz & Hearst
  matching), the most common long form of each acronym, its count, and the
  label its head word gives (METHOD, TASK, METRIC) or none;
* ``names.jsonl``: name-shaped words and the head nouns they occur with ("the X
  benchmark", "X models", "methods such as X"), kept when seen ``--min-name``
  times with one label for at least 80% of them.

Only unlabeled text is read: never a gold file. The output is sorted, so a run
on the same corpus gives the same bytes. When the corpus is absent (the shared
data folder is not next to the repository) the script says so and leaves the
shipped files as they are.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from kg.nlp.chunks import ALL_METRIC_HEADS, ALL_TASK_HEADS, HEADS, METHOD_HEADS, chunks, head_of  # noqa: E402
from kg.nlp.lists import GENERIC_NAMES, NAME_STOP_PARTS  # noqa: E402
from kg.nlp.phrases import long_form  # noqa: E402
from kg.resources import shared_file  # noqa: E402

CORPUS = shared_file("data/arxiv-10k.txt")
OUT = ROOT / "kg" / "nlp" / "data" / "mined"
ABBREV = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{0,10}[A-Za-z0-9]s?)\)")
NAME_WORD = re.compile(r"(?<![\w-])([A-Z][\w.]*(?:-[\w.]+)*|[a-z]+[A-Z][\w.]*(?:-[\w.]+)*)(?![\w-])")
NEXT = re.compile(r"\s+([a-z]+)\b")
LEFT_LIST = re.compile(r"\b(models?|benchmarks?|datasets?|methods?|baselines?|algorithms?)\s+(?:such as|like|"
                       r"including|e\.g\.,?)\s+$")
# head nouns that type the name before them (not "system", "agent": names of anything take those)
# "Vision-Language-Action", "Text-to-Image": capitalised descriptions, not names
DESCRIPTIVE = re.compile(r"^[A-Z][a-z]+(?:-(?:[A-Z][a-z]+|to|and|of))+$")
HEAD_LABEL = {w: label for label, ws in (
    ("DATASET", "benchmark benchmarks dataset datasets corpus corpora suite testbed leaderboard"),
    ("MODEL", "model models llm llms checkpoint checkpoints backbone backbones baseline baselines"),
    ("METHOD", "method methods algorithm algorithms technique techniques")) for w in ws.split()}


def abstracts(path: Path) -> list[str]:
    """The abstracts of a listing in the 3-line format (every third line)."""
    from kg.readers import read_papers

    return [r.abstract for r in read_papers(path, skip_invalid=True)]


def label_of_head(head: str) -> str:
    if head in METHOD_HEADS and head not in ALL_TASK_HEADS:
        return "METHOD"
    if head in ALL_TASK_HEADS and head not in METHOD_HEADS:
        return "TASK"
    if head in ALL_METRIC_HEADS:
        return "METRIC"
    return ""


def mine_terms(texts: list[str], min_count: int) -> list[dict]:
    counts: Counter[str] = Counter()
    heads: dict[str, str] = {}
    for text in texts:
        for _, words in chunks(text):
            low = [w.lower() for w in words]
            for j, w in enumerate(low):
                head = head_of(w)
                if head not in HEADS or (j + 1 < len(low) and low[j + 1] in HEADS):
                    continue  # count phrases at their last head ("path planning" in "path planning method" too)
                for i in range(max(0, j - 4), j + 1):
                    if i == j and "-" not in w:
                        continue
                    term = " ".join(low[i:j + 1])
                    counts[term] += 1
                    heads[term] = head
    return [{"term": t, "head": heads[t], "count": n} for t, n in sorted(counts.items()) if n >= min_count]


def mine_acronyms(texts: list[str], min_count: int) -> list[dict]:
    longs: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for m in ABBREV.finditer(text):
            abbr = m.group(1)
            if sum(c.isupper() for c in abbr) < 2:
                continue
            start = long_form(text, m.start(), abbr)
            if start is None:
                continue
            long = text[start:m.start()].strip().lower()
            if long:
                longs[abbr][long] += 1
    out = []
    for abbr in sorted(longs):
        total = sum(longs[abbr].values())
        long, n = max(longs[abbr].items(), key=lambda kv: (kv[1], kv[0]))
        if total < min_count or n < 0.6 * total:
            continue
        out.append({"abbr": abbr, "long": long, "count": total, "label": label_of_head(head_of(long.split()[-1]))})
    return out


# a name in a list: "A, B, and C"; the cues around a list type every member
LIST_NAME = r"(?:[A-Z][\w.+]*(?:[- ][\w.+]+){0,2}|[a-z]+[A-Z][\w.+]*(?:-[\w.+]+)*)"
NAME_LIST = re.compile(rf"({LIST_NAME}(?:\s*,\s*{LIST_NAME})*(?:\s*,?\s+(?:and|or)\s+{LIST_NAME})?)")
LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# "benchmarks such as A, B and C", "models including A and B", "evaluated on A and B"
CUE_BEFORE = [(label, re.compile(rf"\b(?:{heads})\s*(?:,\s*)?(?:such as|like|including|e\.g\.,?|i\.e\.,?|namely|:)\s*$"))
              for label, heads in (
                  ("DATASET", r"benchmarks?|datasets?|corpora|corpus|suites?|testbeds?|test sets?"),
                  ("MODEL", r"models?|LLMs?|VLMs?|MLLMs?|LMs?|backbones?|checkpoints?|encoders?|model families"))]
EVAL_ON = re.compile(r"\b(?:evaluated|evaluate|evaluates|evaluating|evaluation|experiments|results|tested|tests|"
                     r"benchmarked|trained|fine-tuned|pretrained|pre-trained|accuracy|performance|state-of-the-art)"
                     r"\s+(?:[a-z-]+\s+){0,3}?on\s+(?:the\s+)?$")
# "A, B and C datasets", "A and B models"
CUE_AFTER = [(label, re.compile(rf"^\s+(?:{heads})\b"))
             for label, heads in (("DATASET", r"benchmarks?|datasets?|corpora|corpus|test set|suite|leaderboard"),
                                  ("MODEL", r"models?|LLMs?|backbones?|checkpoints?|model family|model families"))]
SIZE_AFTER = re.compile(r"^[- ]?\d+(?:\.\d+)?[BM]\b")


def _name_ok(name: str) -> bool:
    if len(name) < 3 or name in GENERIC_NAMES or name.rstrip("s") in GENERIC_NAMES or DESCRIPTIVE.match(name):
        return False
    if name.rsplit("-", 1)[-1] in NAME_STOP_PARTS or " " in name:
        return False
    return any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name)


def mine_names(texts: list[str], min_count: int) -> list[dict]:
    """Names and the head nouns and list cues they occur with, in how many abstracts.

    Kept when seen with cues in at least ``min_count`` places of two abstracts, one label for at
    least 80% of them, and with a cue at a quarter of its uses at least ("VQA", "ICU" are used
    mostly in other roles). Only names that are not plain capitalised words count (acronyms,
    CamelCase, letters with digits): "Mistral" or "Spider" stay to the gazetteer.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, set[int]] = defaultdict(set)
    uses: Counter[str] = Counter()

    def vote(name: str, label: str, n: int) -> None:
        name = name.rstrip(".")
        if _name_ok(name):
            votes[name][label] += 1
            docs[name].add(n)

    for n, text in enumerate(texts):
        for m in NAME_WORD.finditer(text):
            name = m.group(1).rstrip(".")
            uses[name] += 1
            if name[0].isupper() and name[1:].islower() and (m.start() == 0 or text[m.start() - 2:m.start()] == ". "):
                continue  # a sentence's first word
            nxt = NEXT.match(text, m.end())
            if nxt and nxt.group(1) in HEAD_LABEL:
                vote(name, HEAD_LABEL[nxt.group(1)], n)
            left = LEFT_LIST.search(text, max(0, m.start() - 40), m.start())
            if left:
                vote(name, HEAD_LABEL[left.group(1)], n)
            if SIZE_AFTER.match(text, m.end()) and not re.search(r"\d$", name):
                vote(name, "MODEL", n)  # "Zorb-7B": Zorb is a model family
        for m in NAME_LIST.finditer(text):
            members = [x.strip() for x in LIST_SPLIT.split(m.group(1)) if x.strip()]
            before = text[max(0, m.start() - 60):m.start()]
            labels = [label for label, cue in CUE_BEFORE if cue.search(before)]
            if EVAL_ON.search(before):
                labels.append("DATASET")
            labels += [label for label, cue in CUE_AFTER if cue.match(text, m.end())]
            if len(set(labels)) != 1:
                continue
            for member in members:
                if " " not in member:
                    vote(member, labels[0], n)
    out = []
    for name in sorted(votes):
        c = votes[name]
        total = sum(c.values())
        label, k = max(c.items(), key=lambda kv: (kv[1], kv[0]))
        if total >= min_count and len(docs[name]) >= 2 and k >= 0.8 * total and 4 * total >= uses[name]:
            out.append({"name": name, "label": label, "count": total})
    return out


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="unlabeled listing (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--min-term", type=int, default=3)
    ap.add_argument("--min-acronym", type=int, default=2)
    ap.add_argument("--min-name", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} is not here (the shared data folder is absent): "
              f"the shipped lexicons in {OUT} are used as they are.")
        return 0
    texts = abstracts(args.corpus)
    for name, rows in (("terms.jsonl", mine_terms(texts, args.min_term)),
                       ("acronyms.jsonl", mine_acronyms(texts, args.min_acronym)),
                       ("names.jsonl", mine_names(texts, args.min_name))):
        write(args.out / name, rows)
        print(f"{args.out / name}: {len(rows)} rows")
    print(f"mined from {len(texts)} abstracts of {args.corpus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
