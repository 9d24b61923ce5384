"""Choosing entities among candidates, and turning a Doc into an Extraction.

* ``paperkg_entities`` picks non-overlapping typed candidates (longest first)
  and writes ``doc.ents``; a known acronym the abstract defines as something
  else ("Sharpness-Aware Minimization (SAM)" is not the SAM model) loses the
  gazetteer's type; a name gets one type per abstract ("one sense per
  discourse"), and an untyped name takes the type the same name has elsewhere.
* ``paperkg_reconcile`` runs after the contribution finder: the paper's own
  new things are not pre-existing models or methods, but its own datasets,
  benchmarks and metrics are datasets and metrics (GUIDE.md).
* :func:`doc_to_extraction` names each entity as the GUIDE says: one entry per
  distinct thing, written as it first appears ("LLaMA" for "LLaMA models";
  an abbreviation and its long form are one thing).
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.keys import entity_key as _entity_key
from kg.nlp import extensions
from kg.nlp.firing import fire
from kg.nlp.context import ALIASES_KEY
from kg.nlp.gazetteer import Gazetteer, load_gazetteer
from kg.nlp.phrases import long_form
from kg.nlp.metric_names import named_metrics, singular, spelled_aliases, without_task_qualifiers
from kg.nlp.entity_filters import without_method_heads, without_task_repeats
from kg.nlp.lists import (COMPANY_FAMILIES, NAME, ORGANISATIONS, Meta, ent_name, add_candidate, candidates,
                          doc_text, meta, task_spelling)
from kg.records import Extraction, Mention
from kg.records import Span as RecSpan

#: words before a model name (same sentence) saying the paper measures itself against it
COMPARED_WITH = re.compile(r"\b(?:outperform\w*|surpass\w*|beat(?:s|ing)?|compared\s+(?:to|with)|than|against|"
                           r"versus|vs\.?|over|baselines?(?:\s+such\s+as|\s+including)?)\b[^;]*$", re.I)

_ORGS = "|".join(sorted(map(re.escape, ORGANISATIONS - COMPANY_FAMILIES)))  # "Llama, Mistral and Qwen": models
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
_MEMBER = r"[A-Z][\w.-]*"
#: an organisation earlier or later in the same list: "OpenAI, Google, Mistral and DeepSeek"
ORG_BEFORE = re.compile(rf"(?<![\w-])(?:{_ORGS}){_JOIN}(?:{_MEMBER}{_JOIN})*$")
ORG_AFTER = re.compile(rf"^{_JOIN}(?:{_MEMBER}{_JOIN})*(?:{_ORGS})(?![\w-])")

PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,10})\)")

entity_key = functools.lru_cache(maxsize=1 << 16)(_entity_key)  # the same few names, many times

PROPOSED_AS = {"dataset": "DATASET", "benchmark": "DATASET", "metric": "METRIC"}


def _content_words(phrase: str) -> set[str]:
    """Lowercase words of a phrase without a plural ``s`` ("Embeddings" is "embedding")."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w
            for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in _FUNCTION_WORDS}


_FUNCTION_WORDS = frozenset("a an the of for and in on to from with by".split())


class EntityResolver:
    """The ``paperkg_entities`` component."""

    def __init__(self, name: str, threshold: float):
        self.name = name
        self.threshold = threshold
        self.gaz = load_gazetteer()

    def other_meanings(self, doc: Doc) -> set[str]:
        """Gazetteer entries whose acronym the abstract defines as something else.

        "Sharpness-Aware Minimization (SAM)" is not the ``SAM`` of "Segment
        Anything Model"; only entries that know their long forms are checked,
        and a long form that is itself a known name keeps its entry.
        """
        out: set[str] = set()
        for short, long, _ in doc.user_data.get(ALIASES_KEY, ()):
            entry = self.gaz.lookup(short)
            if entry is None or self.gaz.lookup(long) is not None:
                continue
            long_forms = entry.long_forms or spelled_aliases(entry, short)
            if not long_forms:
                continue
            words = _content_words(long)
            if not words or len(long.split()) > len(short) + 2:  # not a plausible long form of the acronym
                continue
            known = set().union(*(_content_words(f) for f in long_forms))
            if len(words & known) * 2 < len(words):
                fire("resolve.acronym_other_meaning", f"{short} = {long}")
                out.add(entry.id)
        return out

    def spelled_out(self, doc: Doc, text: str) -> None:
        """"Generative Pre-trained Transformers (GPTs)": a known entry's long form with its acronym is that
        entry, even where the bare acronym is no name by itself (``GPT`` needs a version)."""
        if "(" not in text:
            return
        for m in PAREN_ACRONYM.finditer(text):
            short = m.group(1)
            entry = self.gaz.lookup(short) or (self.gaz.lookup(short[:-1]) if short.endswith("s") else None)
            if entry is None or not entry.long_forms or entry.type not in ("model", "dataset"):
                continue
            start = long_form(text, m.start(), short)
            if start is None:
                continue
            end = m.start()
            while end > start and text[end - 1] == " ":
                end -= 1
            words = _content_words(text[start:end])
            known = set().union(*(_content_words(f) for f in entry.long_forms))
            if not words or len(words & known) < len(words):
                continue
            doc.user_data.setdefault(ALIASES_KEY, []).append((short, text[start:end], entry.ent_label))
            for a, b in ((start, end), (m.start(1), m.end(1))):
                span = doc.char_span(a, b, alignment_mode="strict")
                if span is not None:
                    fire("resolve.spelled_out_acronym", text[a:b])
                    add_candidate(doc, Span(doc, span.start, span.end, label=entry.ent_label, kb_id=entry.id),
                                  self.name, 0.85)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        pool: list[tuple[Span, Meta, str]] = []  # typed candidates: span, provenance, entity key
        names: list[tuple[Span, Meta, str]] = []  # untyped ones
        self.spelled_out(doc, text)
        other = self.other_meanings(doc)
        for s in candidates(doc):
            if other and s.kb_id_ in other:
                continue
            m = meta(s)
            item = (s, m, entity_key(m.name or text[s.start_char:s.end_char]))
            if s.label_ == NAME:
                names.append(item)
            elif m.confidence >= self.threshold:
                pool.append(item)
        typed: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for s, m, k in pool:
            typed[k][s.label_] += m.confidence
        for s, m, k in names:  # an untyped name takes the type the same name has elsewhere
            if k in typed:
                label = max(typed[k].items(), key=lambda kv: kv[1])[0]
                span = Span(doc, s.start, s.end, label=label)
                add_candidate(doc, span, self.name, self.threshold, name=m.name)
                pool.append((span, meta(span), k))
        for e in doc.ents:  # entities other components set
            pool.append((e, meta(e), entity_key(ent_name(e))))
        chosen: list[tuple[Span, Meta, str]] = []
        taken = bytearray(len(doc))
        for item in sorted(pool, key=lambda it: (-(it[0].end_char - it[0].start_char), -it[1].confidence,
                                                  it[0].start)):
            s = item[0]
            if any(taken[s.start:s.end]):
                continue
            taken[s.start:s.end] = b"\x01" * (s.end - s.start)
            chosen.append(item)
        # one type per name in an abstract
        best: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for s, m, k in chosen:
            best[k][s.label_] += m.confidence
        ents = []
        for s, m, k in sorted(chosen, key=lambda it: it[0].start):
            label = max(best[k].items(), key=lambda kv: kv[1])[0]
            if label == "MODEL" and _company_in_list(text, s):
                continue
            e = Span(doc, s.start, s.end, label=label, kb_id=s.kb_id_)
            ext = e._  # one Underscore for the three (each e._ makes one)
            ext.component, ext.confidence, ext.name = m.component, m.confidence, m.name
            ents.append(e)
        doc.ents = ents
        return doc


def _company_in_list(text: str, s: Span) -> bool:
    """"Mistral" in "model families from OpenAI, Google, Mistral and DeepSeek": the company, not a model."""
    if s.text not in COMPANY_FAMILIES:
        return False
    start, end = s.start_char, s.end_char
    if ORG_BEFORE.search(text, max(0, start - 80), start) or ORG_AFTER.match(text[end:end + 80]):
        fire("resolve.company_in_org_list", s.text)
        return True
    return False


class Reconciler:
    """The ``paperkg_reconcile`` component (after ``paperkg_contributions``)."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        proposed = list(doc._.proposed)
        if not proposed:
            return doc
        kinds = {entity_key(p.name): p.kind for p in proposed if p.name}
        for short, long, _ in doc.user_data.get(ALIASES_KEY, []):  # "ZRL" proposed: its long form too
            ks, kl = entity_key(short), entity_key(long)
            if ks in kinds or kl in kinds:
                kinds.setdefault(ks, kinds.get(kl, ""))
                kinds.setdefault(kl, kinds[ks])
        names = sorted({p.name for p in proposed if p.name}, key=len, reverse=True)

        def kind_of(name: str) -> str | None:
            key = entity_key(name)
            if key in kinds:
                return kinds[key] or "method"
            for n in names:  # "Zorblex-7B" is the proposed "Zorblex"
                if name.startswith(n) and name[len(n):len(n) + 1] in ("-", " "):
                    return kinds[entity_key(n)] or "method"
            return None

        ents: list[Span] = []
        for e in doc.ents:
            kind = kind_of(ent_name(e))
            if kind is None:
                ents.append(e)
            elif kind in PROPOSED_AS:
                ents.append(_relabel(doc, e, PROPOSED_AS[kind]))
        taken = bytearray(len(doc))
        for e in ents:
            taken[e.start:e.end] = b"\x01" * (e.end - e.start)
        text = doc_text(doc)
        for p in proposed:
            label = PROPOSED_AS.get(p.kind)
            if label is None or not p.name:
                continue
            for m in re.finditer(r"(?<![\w-])" + re.escape(p.name) + r"(?![\w-])", text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="strict")
                if span is None or any(taken[span.start:span.end]):
                    continue
                taken[span.start:span.end] = b"\x01" * len(span)
                s = Span(doc, span.start, span.end, label=label)
                s._.component, s._.confidence = self.name, 0.8
                ents.append(s)
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc


def _relabel(doc: Doc, e: Span, label: str) -> Span:
    if e.label_ == label:
        return e
    s = Span(doc, e.start, e.end, label=label, kb_id=e.kb_id_)
    s._.component, s._.confidence, s._.name = e._.component, e._.confidence, e._.name
    return s


# -- Doc -> Extraction ---------------------------------------------------------

def group_name(forms: list[str], label: str) -> str:
    """The name of an entity written in ``forms`` (in order of appearance).

    The first form, as GUIDE.md's conventions say: where an acronym and its
    long form are both used, the long form ("reinforcement learning (RL)" is
    "reinforcement learning"), unless the acronym comes first.
    """
    return forms[0]


def surface(span: Span) -> str:
    """The name as the GUIDE writes it: tasks in lower case, metric heads singular."""
    name = ent_name(span)
    if span.label_ == "TASK":
        return name.lower() if not name.isupper() else name
    if span.label_ == "METRIC":
        return singular(name)
    return name


class _Groups:
    """Union-find over entity keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def doc_to_extraction(doc: Doc, gazetteer: Gazetteer | None = None) -> Extraction:
    """The :class:`~kg.records.Extraction` of a processed Doc."""
    gaz = gazetteer or load_gazetteer()
    ents = without_task_repeats([e for e in doc.ents if e.label_ in extensions.ENTITY_LABELS])
    ents = without_method_heads(ents)
    written = [surface(e) for e in ents]
    names = without_task_qualifiers([e.label_ for e in ents], written)
    keys = [entity_key(n) for n in names]
    groups = _Groups()
    for e, k, w in zip(ents, keys, written):
        groups.find(k)
        if entity_key(w) != k:
            groups.union(k, entity_key(w))  # a result's metric is written as in the text
        entry = gaz.lookup(ent_name(e))
        if entry is not None and entry.type == e.label_.lower():
            groups.union(entry.id, k)
    for short, long, label in doc.user_data.get(ALIASES_KEY, []):
        if label == "METRIC":  # the long form as surface() names it: "attack success rates (ASRs)"
            long = singular(long)
        ks, kl = entity_key(short), entity_key(long)
        if ks in groups.parent and kl in groups.parent:
            groups.union(kl, ks)
    spelled: dict[str, str] = {}  # "math reasoning", then "mathematical reasoning": one task
    for e, n, k in zip(ents, names, keys):
        if e.label_ == "TASK" and spelled.setdefault(entity_key(task_spelling(n)), k) != k:
            fire("resolve.task.spelling", n)
            groups.union(spelled[entity_key(task_spelling(n))], k)
    # "R9" after "DeepSeek-R9": the same model
    model_names = {n for e, n in zip(ents, names) if e.label_ == "MODEL"}
    for e, n, k in zip(ents, names, keys):
        if e.label_ == "MODEL" and gaz.lookup(n) is None:
            for other in model_names:
                if other != n and other.endswith("-" + n):
                    groups.union(entity_key(other), k)
    # one label and one name per group
    forms: dict[str, list[str]] = defaultdict(list)
    label_votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for e, n, k in zip(ents, names, keys):
        root = groups.find(k)
        label_votes[root][e.label_] += e._.confidence
        if n not in forms[root]:
            forms[root].append(n)
    first = {root: group_name(f, max(label_votes[root].items(), key=lambda kv: kv[1])[0])
             for root, f in forms.items()}
    mentions = []
    text = doc_text(doc)
    has_sents = doc.has_annotation("SENT_START")
    for e, k in zip(ents, keys):
        root = groups.find(k)
        label = max(label_votes[root].items(), key=lambda kv: kv[1])[0].lower()
        sent_start = e.sent.start_char if has_sents else 0
        sent = text[sent_start:e.sent.end_char] if has_sents else text
        compared = label == "model" and COMPARED_WITH.search(text[max(sent_start, e.start_char - 80):e.start_char])
        mentions.append(Mention(text=first[root], label=label,
                                span=RecSpan(e.start_char, e.end_char, sent, e._.component or "unknown",
                                             float(e._.confidence)), compared=bool(compared)))
    return Extraction(mentions=tuple(mentions), proposed=tuple(doc._.proposed),
                      results=named_metrics(doc._.results, lambda name: _group_name(name, groups, first)))


def _group_name(metric: str, groups: _Groups, first: dict[str, str]) -> str | None:
    """The name of the entity group that ``metric`` belongs to, if any."""
    root = groups.parent.get(entity_key(singular(metric))) or groups.parent.get(entity_key(metric))
    return first.get(groups.find(root)) if root is not None else None


@Language.factory("paperkg_entities", default_config={"threshold": 0.5},
                  requires=["doc.spans"], assigns=["doc.ents"])
def make_entities(nlp: Language, name: str, threshold: float) -> EntityResolver:
    """Choose the entities among the candidates (confidence >= ``threshold``)."""
    return EntityResolver(name, threshold)


@Language.factory("paperkg_reconcile", requires=["doc.ents"], assigns=["doc.ents"])
def make_reconcile(nlp: Language, name: str) -> Reconciler:
    """Drop the paper's own new things from pre-existing entities; add its datasets and metrics."""
    return Reconciler(name)
