"""Name-shape rules: names that no list contains, found by how they are written.

``paperkg_shapes`` reads the text word by word (a "word" is a run without
spaces, brackets or commas) and finds:

* model names built on a known family, with versions, sizes and variants:
  ``Qwen9.5-70B-Instruct``, ``GPT-4o``, ``Phi7-mini-Coder``, ``LLaMA-9-13b``,
  ``Claude 3.5 Sonnet`` -> ``MODEL``;
* names with a parameter count (``Blarg-7B``, ``8x7B``) -> ``MODEL``;
* longer forms of a gazetteer match in the same word (``Live-GSM8K``,
  ``Hard-MMLU``) or followed by a year or variant (``AIME 2031``,
  ``HumanEval Pro``) -> the type of the match;
* ``AIME30/31`` -> ``AIME30`` and ``AIME31``;
* metric shapes: ``pass@1``, ``Recall@10``, ``ROUGE-L`` -> ``METRIC``;
* other name-shaped words (acronyms, CamelCase, letters with digits,
  ``$\\tau^2$ Bench``) -> ``NAME``: a name whose type ``paperkg_context``
  decides from the words around it.

Everything is regular expressions over ``doc.text`` and a little Python per
word; there are no token patterns.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.firing import fire
from kg.nlp.gazetteer import Gazetteer, load_gazetteer
from kg.nlp.shape_words import SIZE_RE, Part, name_words, _clean, split_word, name_segments
from kg.nlp.lists import (
    DATASET_VARIANTS,
    GENERIC_NAMES,
    MODEL_VARIANTS,
    NAME,
    add_candidate,
    candidates,
    doc_text,
    meta,
)

STEM_RE = re.compile(r"^([A-Za-z][A-Za-z·]*?)(\d+(?:\.\d+)*[a-z]?)?$")
VERSION_RE = re.compile(r"^v?\d+(?:\.\d+)*[a-z]?$")
YEAR_RE = re.compile(r"^(?:19|20)\d\d$|^'\d\d$")
AT_K_RE = re.compile(r"@\d+\b")  # pass@1, Recall@10
AT_K_NAMES = frozenset("pass recall r hit hits p precision ndcg mrr acc success sr map top".split())
METRIC_RE = re.compile(r"(?:ROUGE-(?:1|2|L|Lsum|SU4)|BLEU-[1-4]|[Dd]istinct-[1-4])\b")
LATEX_NAME_RE = re.compile(r"\$[^$\s]{1,20}\$(?:[- ]?[A-Z][A-Za-z0-9]*)?")
LETTER_RE = re.compile(r"[A-Za-z\u0370-\u03ff]")
NEXT_RE = re.compile(r"[ ~]([^\s~,;:()\[\]]+)")  # LaTeX writes a space as ~ ("Opus~4.6")
LOWER_MODEL_VARIANTS = frozenset(("mini", "nano", "turbo"))
JOINED_VARIANT = re.compile(r" (?:and|or|&) ([A-Z][a-z]+)\b(?![-.\d])")
# morphology priors for unknown names: "ZorbBench", "Flarp-QA", "MedEval" are benchmarks; "ZorbNet", "BioBERT",
# "ChemGPT", "Zorb-VL" are models (the suffix after a capital, a hyphen or a lowercase stem of 2+ letters)
MORPH_DATASET = re.compile(r"(?:(?<=[A-Za-z0-9])-?(?:Bench|bench|QA|Eval|Arena|Gym)|(?<=[A-Za-z0-9])(?:Set|Corpus|Suite|World))"
                           r"(?:-?\d+|-[A-Z][\w]*)?$")  # ALFWorld, AudioSet glued to the stem; not "Real-World"
MORPH_MODEL = re.compile(r"(?<=[A-Za-z0-9])-?(?:Net|BERT|GPT|LM|Former|former|-VL|-VLA|-Coder|-Omni)(?:-?v?\d+(?:\.\d+)?)?$")


def family_of(name: str, gaz: Gazetteer):
    """``(entry, has_version)`` when ``name`` starts with a known model family."""
    segs = name.split("-")
    for k in (3, 2, 1):
        if len(segs) < k:
            continue
        head = "-".join(segs[:k])
        m = STEM_RE.match(segs[k - 1])
        stems = [head]
        if m and m.group(2):
            stems.append("-".join(segs[: k - 1] + [m.group(1)]))
        for n, stem in enumerate(stems):
            entry = gaz.family(stem)
            if entry is not None:
                has_version = n == 1 or len(segs) > k
                return entry, has_version
    return None, False


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\n\"'‘“(":
        i -= 1
    return i < 0 or text[i] in ".!?:;"


_NEXT_WORD = re.compile(r"^[\s-]+(\S+)")
_PREV_WORD = re.compile(r"(\S+)[\s-]+$")


def _isolated(text: str, start: int, end: int) -> bool:
    """Not part of a run of capitalised words ("Hidden Markov Model") nor a citation ("Wang et al.")."""
    nxt = _NEXT_WORD.match(text[end:end + 30])
    if nxt and (nxt.group(1)[:1].isupper() or nxt.group(1).startswith("et")):
        return False
    prev = _PREV_WORD.search(text[max(0, start - 30):start])
    return not (prev and prev.group(1)[:1].isupper() and prev.group(1)[-1:].isalnum())


def is_name_shaped(text: str) -> bool:
    """Acronyms, CamelCase, letters with digits, or several capitalised parts."""
    letters = [c for c in text if c.isalpha()]
    if (len(letters) < 1 or text in GENERIC_NAMES or text.rstrip("s") in GENERIC_NAMES or VERSION_RE.match(text)
            or "=" in text):
        return False
    upper = sum(c.isupper() for c in letters)
    digits = any(c.isdigit() for c in text)
    if upper >= 2 or (digits and letters):
        return len(text) >= 2
    return False


def shape_rule(label: str, kb: str, conf: float, comp: "NameShapes") -> str:
    """The name of the shape rule that gave a candidate (for the rule-firing report)."""
    if label == NAME:
        return "shapes.name_shape" if conf >= comp.name_confidence else "shapes.weak_capitalised"
    if conf == comp.morph_confidence:
        return "shapes.morphology_" + label.lower()
    if kb:
        return "shapes.family_or_longer_match"
    return "shapes.size_suffix_model" if label == "MODEL" else "shapes.sibling"


class NameShapes:
    """The ``paperkg_shapes`` component."""

    def __init__(self, name: str, files: list[str], confidence: float, name_confidence: float,
                 weak_confidence: float):
        self.name = name
        self.gaz = load_gazetteer(files)
        self.confidence = confidence
        self.name_confidence = name_confidence
        self.weak_confidence = weak_confidence
        self.morph_confidence = 0.55  # above the entity threshold; any context vote (0.55-0.75) can outweigh it

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        known = candidates(doc)
        for part, label, kb, conf, alias in self._names(doc, text, known):
            span = doc.char_span(part.start, part.end, alignment_mode="strict") or doc.char_span(
                part.start, part.end, alignment_mode="contract")
            if span is None or not len(span):
                continue
            s = Span(doc, span.start, span.end, label=label, kb_id=kb)
            fire(shape_rule(label, kb, conf, self), part.text)
            add_candidate(doc, s, self.name, conf, name=alias)
        for m in AT_K_RE.finditer(text):
            w = re.search(r"[A-Za-z]+$", text[max(0, m.start() - 12):m.start()])
            if w and w.group().lower() in AT_K_NAMES:
                span = doc.char_span(m.start() - len(w.group()), m.end(), alignment_mode="expand")
                if span is not None:
                    fire("shapes.at_k_metric", m.group())
                    add_candidate(doc, Span(doc, span.start, span.end, label="METRIC"), self.name, self.confidence)
        for m in METRIC_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not text[m.start() - 1:m.start()].isalnum():
                fire("shapes.metric_shape", m.group())
                add_candidate(doc, Span(doc, span.start, span.end, label="METRIC"), self.name, self.confidence)
        for m in LATEX_NAME_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                fire("shapes.latex_name", m.group())
                add_candidate(doc, Span(doc, span.start, span.end, label=NAME), self.name, self.name_confidence)
        self._extend(doc, text)
        return doc

    # -- names in words -------------------------------------------------
    def _names(self, doc: Doc, text: str, known: list[Span]) -> Iterator[tuple[Part, str, str, float, str | None]]:
        gaz = self.gaz
        typed_inside = [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in known]
        for word, start in name_words(doc, text):
            word, start = _clean(word, start)
            if "~" in word:  # LaTeX's non-breaking space: "Opus~4.6" is "Opus" and what follows
                word = word[:word.index("~")]
            if not word or not LETTER_RE.search(word):
                continue
            if word.isalpha() and word[0].isupper() and word[1:].islower():
                # the most common case, a capitalised word: "We", "Mistral", "Zorbworld"
                part = Part(word, start)
                entry = gaz.family(word)
                if entry is not None:  # a family; "Phi" alone (needs a version) is no model
                    if not entry.needs_version:
                        yield part, "MODEL", entry.id, self.confidence, None
                    else:  # "Opus 4.6": the version after a space; "Opus 4.5/4.6" is two models
                        nxt = NEXT_RE.match(text, part.end)
                        versions = nxt.group(1).rstrip(".,").split("/") if nxt else []
                        if versions and all(VERSION_RE.match(v) and not YEAR_RE.match(v) for v in versions):
                            first = versions[0]
                            yield Part(text[start:nxt.start(1) + len(first)], start), "MODEL", entry.id, \
                                self.confidence, f"{word} {first}"
                            at = nxt.start(1) + len(first) + 1
                            for v in versions[1:]:
                                fire("shapes.slash_versions", v)
                                yield Part(v, at), "MODEL", entry.id, self.confidence, f"{word} {v}"
                                at += len(v) + 1
                elif self._weak(text, part):
                    yield part, NAME, "", self.weak_confidence, None
                continue
            prev: Part | None = None
            prev_label = ""
            for part in split_word(word, start):
                sibling = self._sibling(prev, part)
                if sibling is not None:
                    entry = gaz.lookup(sibling)
                    label = entry.ent_label if entry else prev_label
                    if label:  # typed like its sibling (or, untyped, by the context of both)
                        conf = self.confidence if label != NAME else self.name_confidence
                        yield part, label, entry.id if entry else "", conf, sibling
                    continue
                name = name_segments(part)
                prev, prev_label = name, ""
                if name is None:
                    continue
                label, kb, conf = self._classify(text, name, typed_inside)
                if label:
                    prev_label = label
                    yield name, label, kb, conf, None

    @staticmethod
    def _sibling(prev: Part | None, part: Part) -> str | None:
        """``AIME31`` for the ``31`` of ``AIME30/31``."""
        if prev is None or not part.text.isdigit():
            return None
        m = re.match(r"^(.*?[A-Za-z][-_ ]?)(\d+)$", prev.text)
        if m and len(m.group(2)) == len(part.text):
            return m.group(1) + part.text
        return None

    def _classify(self, full: str, name: Part, typed: list[tuple[int, int, str, str]]) -> tuple[str, str, float]:
        text = name.text
        entry, has_version = family_of(text, self.gaz)
        if entry is not None and (has_version or not entry.needs_version):
            return "MODEL", entry.id, self.confidence
        # a longer form of a gazetteer match in the same word: Live-GSM8K
        for s, e, label, kb in typed:
            if name.start <= s and e <= name.end and (s, e) != (name.start, name.end) and label in (
                    "DATASET", "MODEL", "METHOD"):
                return label, kb, self.confidence
        segs = text.split("-")
        if len(segs) > 1 and any(SIZE_RE.match(s) for s in segs[1:]):
            return "MODEL", "", self.confidence - 0.1
        if MORPH_DATASET.search(text) and len(text) > 4:
            return "DATASET", "", self.morph_confidence
        if MORPH_MODEL.search(text) and len(text) > 4 and text not in GENERIC_NAMES:
            return "MODEL", "", self.morph_confidence
        if is_name_shaped(text):
            return NAME, "", self.name_confidence
        if len(segs) == 1 and text[0].isupper() and text[1:].isalpha() and text[1:].islower() and self._weak(
                full, name):
            return NAME, "", self.weak_confidence
        return "", "", 0.0

    @staticmethod
    def _weak(full: str, name: Part) -> bool:
        """A capitalised word inside a sentence, alone (not in "Hidden Markov Model"): "Zorbworld"."""
        low = name.text.lower()
        return (len(name.text) >= 3 and name.text not in GENERIC_NAMES and low not in MODEL_VARIANTS
                and low not in DATASET_VARIANTS and not _sentence_initial(full, name.start)
                and full[name.end:name.end + 1] != "-" and full[name.start - 1:name.start] != "-"
                and _isolated(full, name.start, name.end))

    # -- names continued after a space: "AIME 2031", "Claude 9.5 Sonnet", "OpenAI QRK" --
    def _extend(self, doc: Doc, text: str) -> None:
        for span in candidates(doc):
            label = span.label_
            if label != "MODEL" and label != "DATASET":
                continue
            end = span.end_char
            variants = MODEL_VARIANTS if label == "MODEL" else DATASET_VARIANTS
            grew = False
            for _ in range(3):
                m = NEXT_RE.match(text, end)
                if not m:
                    break
                w = m.group(1).rstrip(".")
                ok = (VERSION_RE.match(w) or SIZE_RE.match(w) or (label == "DATASET" and YEAR_RE.match(w))
                      or (w[:1].isupper() and w.lower() in variants)
                      or (label == "MODEL" and w in LOWER_MODEL_VARIANTS))  # "GPT-4o mini"
                if not ok or (w[:1] == "v" and label == "MODEL" and not w[1:2].isdigit()):
                    break
                end += 1 + len(w)
                grew = True
            if grew:
                longer = doc.char_span(span.start_char, end, alignment_mode="contract")
                if longer is not None and len(longer) > len(span):
                    fire("shapes.version_or_variant_after", longer.text)
                    add_candidate(doc, Span(doc, longer.start, longer.end, label=label, kb_id=span.kb_id_),
                                  self.name, max(meta(span).confidence, self.confidence),
                                  name=longer.text.replace("~", " ") if "~" in longer.text else None)
                    self._joined(doc, text, span, end, label, variants)

    def _joined(self, doc: Doc, text: str, span: Span, end: int, label: str, variants: frozenset[str]) -> None:
        """"Gemini 9 Flash and Pro": the second variant is "Gemini 9 Pro" (GUIDE: joined names are split)."""
        last = text[:end].rsplit(" ", 1)[-1]
        m = JOINED_VARIANT.match(text, end)
        if m is None or last.lower() not in variants or m.group(1).lower() not in variants:
            return
        other = doc.char_span(m.start(1), m.end(1), alignment_mode="strict")
        if other is not None:
            fire("shapes.joined_variant", m.group(1))
            add_candidate(doc, Span(doc, other.start, other.end, label=label, kb_id=span.kb_id_), self.name,
                          self.confidence, name=text[span.start_char:end - len(last)] + m.group(1))


@Language.factory(
    "paperkg_shapes",
    default_config={"files": [], "confidence": 0.85, "name_confidence": 0.3, "weak_confidence": 0.2},
    requires=["doc.sents"],
    assigns=["doc.spans"],
)
def make_shapes(nlp: Language, name: str, files: list[str], confidence: float, name_confidence: float,
                weak_confidence: float) -> NameShapes:
    """Name-shape rules; ``files`` are the gazetteers whose model families it extends."""
    return NameShapes(name, files, confidence, name_confidence, weak_confidence)
