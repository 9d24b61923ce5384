"""Context rules: the words around a name tell its type.

``paperkg_context`` runs after the gazetteer and the shape rules. It

* groups candidates into lists ("X, Y, and Z", "X and Y", "X/Y"); a list
  takes the type of a typed member, or the type its context gives;
* types a name (or a list) from its context:

  - a head noun after it: "the Flimset benchmark", "the 1.2k X subset",
    "a strong X baseline";
  - a head noun before it: "benchmarks (X and Y)", "models such as X",
    "methods - X, Y, and Z", "a new dataset, called X";
  - evaluation: "evaluated on X", "67.0% success on X", "experiments on X";
  - comparison: "outperforms X", "compared to X" (a model);
* finds lowercase task names and metric phrases (``context_phrases.py``), and measures a number changes or a
  comparison lists, whatever their head word (``metric_measures.py``);
* links abbreviations to their long forms ("gradient zebra reinforcement learning
  (GZRL)"), so both get one type and, later, one name;
* drops gazetteer metrics that are not in an evaluation context
  ("the correlation between accuracy and confidence").

The rules are regular expressions over the sentence text around each name.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp import mined
from kg.nlp.context_patterns import (
    ABBREV,
    DATASET_NOUN,
    DESCRIBES,
    EVAL_CUE,
    FOLLOWS_NAME,
    GAIN_OVER,
    LEFT,
    LEFT_PREFIXES,
    LEFT_WORDS,
    LIST_SEP,
    MODEL_LIKE,
    MODEL_NOUN_AFTER,
    NEXT_WORD,
    NOT_EVAL_ON,
    PAIR,
    PLAIN_WORDS,
    RIGHT_HEAD,
    TASK_AS_MODIFIER,
    TASK_BENCHMARK,
    TITLED_RUN,
    WORD_STARTS,
)
from kg.nlp.context_chunks import find_phrases
from kg.nlp.firing import fire
from kg.nlp.context_phrases import (METRIC_CUE_AFTER, METRIC_CUE_BEFORE, drop_glued_metrics, find_metrics, find_tasks,
                                   listed_metrics)
from kg.nlp.metric_measures import find_measures
from kg.nlp.phrases import long_form
from kg.nlp.shapes import MORPH_DATASET
from kg.nlp.lists import (
    GENERIC_NAMES,
    HEAD_NOUNS,
    METRIC_HEADS,
    TASK_HEADS,
    NAME,
    add_candidate,
    candidates,
    doc_text,
    meta,
    sentence_starts,
    set_candidates,
)

ALIASES_KEY = ("paperkg", "aliases")  # doc.user_data: [(short, long, label)]
WEAK_NAME = 0.2  # the confidence of a capitalised plain word (``paperkg_shapes`` weak_confidence)
ACROSS = re.compile(r"\bacross\s+(?:the\s+)?$")


def _task_acronym(text: str, name: str) -> bool:
    """Whether the abstract defines ``name`` as the acronym of a task: "multi-animal zorb tracking (MZT)"."""
    at = text.find("(" + name + ")")
    if at < 0 or not name[:1].isupper():
        return False
    start = long_form(text, at, name)
    if start is None:
        return False
    head = text[start:at].split()[-1].lower()
    return head in TASK_HEADS or head.rstrip("s") in TASK_HEADS


@dataclass(slots=True)
class Item:
    """A name (or the longest of overlapping names) found by an earlier component."""

    start: int
    end: int
    label: str
    kb: str
    conf: float
    name: str | None = None  # when it differs from the text ("AIME31" read from "AIME30/31")


class ContextRules:
    """The ``paperkg_context`` component."""

    def __init__(self, name: str, confidence: float, list_confidence: float, tasks: bool, metrics: bool):
        self.name = name
        self.confidence = confidence
        self.list_confidence = list_confidence
        self.tasks = tasks
        self.metrics = metrics

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        starts = sentence_starts(doc)
        sents = list(zip(starts, starts[1:] + [len(text)]))

        def sentence(pos: int) -> tuple[int, int]:
            return sents[max(0, bisect.bisect_right(starts, pos) - 1)]

        self._abbreviations(doc, text)
        items = self._items(doc)
        self._type_items(doc, text, items, sentence)
        self._longer_datasets(doc, text)
        if self.tasks:
            find_tasks(doc, text, sentence, self.name, self.confidence)
        measured = find_metrics(doc, text, sentence, self.name, self.confidence) if self.metrics else set()
        measured |= find_phrases(doc, text, sentence, self.name, self.confidence - 0.05)
        if self.metrics:
            measured |= find_measures(doc, text, sentence, self.name, self.confidence - 0.05)
        measured |= listed_metrics(doc, text, sentence, measured)
        drop_glued_metrics(doc, text)
        self._filter(doc, text, sentence, measured)
        return doc

    # -- items and lists ------------------------------------------------
    @staticmethod
    def _items(doc: Doc) -> list[Item]:
        best: dict[tuple[int, int], Item] = {}
        for s in candidates(doc):
            key = (s.start_char, s.end_char)
            m = meta(s)
            old = best.get(key)
            typed = s.label_ != NAME
            if old is None or (typed and (old.label == NAME or m.confidence > old.conf)):
                best[key] = Item(key[0], key[1], s.label_, s.kb_id_, m.confidence, m.name)
        items: list[Item] = []
        for it in sorted(best.values(), key=lambda i: (i.start, -(i.end - i.start))):
            if items and it.start < items[-1].end:
                continue  # nested in a longer name
            items.append(it)
        return items

    def _type_items(self, doc: Doc, text: str, items: list[Item], sentence) -> None:
        groups: list[list[Item]] = []
        for it in items:
            if groups:
                last = groups[-1][-1]
                if sentence(last.start) == sentence(it.start) and LIST_SEP.match(text[last.end:it.start]):
                    groups[-1].append(it)
                    continue
            groups.append([it])
        for group in groups:
            if all(it.label != NAME for it in group):
                continue  # typed already: context could only confirm it
            first, last = group[0], group[-1]
            s0, s1 = sentence(first.start)
            left = text[max(s0, first.start - 120):first.start]
            right = text[last.end:min(s1, last.end + 40)]
            after = text[last.end:last.end + 3]
            if len(group) == 1 and left.rstrip().endswith("(") and long_form(
                    text, text.rindex("(", 0, first.start), text[first.start:first.end]) is not None:
                continue  # "Snarkle Model (SM)": an abbreviation, typed with its long form
            # capitalised plain words "across" which a paper works ("across Competence, Sociability, and Morality")
            weak = all(it.label == NAME and it.conf <= WEAK_NAME for it in group) and ACROSS.search(left) is not None
            votes = self._context_votes(left, right, after, text[s0:s1], weak)
            if not votes and len(group) == 1 and MODEL_NOUN_AFTER.match(right) and MODEL_LIKE.search(
                    name := text[first.start:first.end]):
                fire("context.model_noun_after", name)
                votes["MODEL"] = self.confidence - 0.15
            if "DATASET" in votes and len(group) == 1 and _task_acronym(text, text[first.start:first.end]):
                fire("context.drop.task_acronym_dataset")  # "Zorb Tracking (ZT) ... a new ZT benchmark": a task
                del votes["DATASET"]
            if not votes:  # no context: what the 10k corpus says of these names ("the X benchmark", "X (long form)")
                votes = corpus_votes([text[it.start:it.end] for it in group if it.label == NAME])
            typed = [it for it in group if it.label != NAME and it.conf >= 0.5]
            labels = {it.label for it in typed}
            if len(labels) == 1 and len(group) > 1:
                lab = labels.pop()
                fire("context.list_member")
                votes[lab] = max(votes.get(lab, 0.0), self.list_confidence)
            if not votes:
                continue
            label, conf = max(votes.items(), key=lambda kv: kv[1])
            for it in group:
                if it.label == NAME or (it.label == label and it.conf < conf):
                    span = doc.char_span(it.start, it.end, alignment_mode="expand")
                    if span is not None:
                        add_candidate(doc, Span(doc, span.start, span.end, label=label, kb_id=it.kb),
                                      self.name, conf, name=it.name)

    def _context_votes(self, left: str, right: str, after: str, sent: str, weak: bool = False) -> dict[str, float]:
        votes: dict[str, float] = {}

        def vote(label: str, conf: float, rule: str = "") -> None:
            fire("context." + rule)
            votes[label] = max(votes.get(label, 0.0), conf)

        c = self.confidence
        for label, rx in RIGHT_HEAD.items():
            if rx.match(right):
                vote(label, c if label == "DATASET" else c - 0.1, "head_after." + label)
        tail = left[-90:]
        words = tail.lower().split()[-8:]
        if not any(w.strip("(),:;-–—") in LEFT_WORDS or w.startswith(LEFT_PREFIXES) or w[:1].isdigit()
                   for w in words):
            return votes  # none of the words the rules start with: skip the expensive search
        for start in WORD_STARTS.finditer(tail):  # every expression in LEFT starts a word or at a digit:
            m = LEFT.match(tail, start.start())  # trying only there is LEFT.search, twice as fast
            if m is not None:
                break
        else:
            return votes
        kind = m.lastgroup or ""
        if kind.startswith("head_"):
            vote(kind[5:], c, "head_before." + kind[5:])
        elif kind.startswith("appo_"):
            if after[:1] in (",", ")"):
                vote(kind[5:], c - 0.1, "apposition." + kind[5:])
        elif kind == "intro":
            vote("DATASET", c, "dataset_intro")
        elif kind == "number":
            vote("DATASET", c + 0.05, "number_on")
        elif kind == "on":
            nxt = NEXT_WORD.match(right)  # the word after the name
            modifier = nxt is not None and nxt.group(1) not in FOLLOWS_NAME  # "on CT scans", "on IoT devices"
            if not modifier and not NOT_EVAL_ON.search(tail) and EVAL_CUE.search(sent):
                if weak:
                    fire("context.drop.plain_word_on")  # "across Supervised and Zero Shot paradigms": a word, not a name
                elif GAIN_OVER.search(tail):
                    fire("context.drop.gain_over_baseline")  # "a 22% improvement over Zorb": a baseline, not a dataset
                else:
                    vote("DATASET", c - 0.1, "evaluated_on")
        elif kind == "compare":
            vote("MODEL", c - 0.15, "compared_with")
        return votes

    def _longer_datasets(self, doc: Doc, text: str) -> None:
        """Names of datasets in several words: "the DataCo Smart Supply Chain dataset" (capitalised words up to
        a dataset noun), "OGBench AntMaze-Stitch" (a benchmark and its environment, side by side)."""
        if not DATASET_NOUN.search(text) and not PAIR.search(text):
            return  # nothing to extend (most abstracts): no second pass over the candidates
        items = self._items(doc)
        for k, it in enumerate(items):
            if it.label not in (NAME, "DATASET"):
                continue
            end = None
            name = text[it.start:it.end]
            m = TITLED_RUN.match(text, it.end) if not it.kb and not MORPH_DATASET.search(name) else None
            if m is not None:
                end, rule = m.end(1), "context.dataset_title_run"
            elif it.label == "DATASET" and k + 1 < len(items):
                nxt = items[k + 1]
                if nxt.start == it.end + 1 and text[it.end] == " " and nxt.label in (NAME, "DATASET") and (
                        "-" in text[nxt.start:nxt.end] or nxt.label == "DATASET"):
                    end, rule = nxt.end, "context.dataset_pair"
            if end is None:
                continue
            span = doc.char_span(it.start, end, alignment_mode="strict")
            if span is not None:
                fire(rule, text[it.start:end])
                add_candidate(doc, Span(doc, span.start, span.end, label="DATASET"), self.name, self.confidence + 0.1)

    # -- abbreviations --------------------------------------------------
    def _abbreviations(self, doc: Doc, text: str) -> None:
        spans = candidates(doc)
        ends: dict[int, Span] = {}
        at: dict[tuple[int, int], Span] = {}
        for s in spans:
            if s.label_ != NAME:
                old = ends.get(s.end_char)
                if old is None or len(s) > len(old):
                    ends[s.end_char] = s
                at.setdefault((s.start_char, s.end_char), s)
        aliases: list[tuple[str, str, str]] = doc.user_data.setdefault(ALIASES_KEY, [])
        for m in ABBREV.finditer(text):
            abbr = m.group(1)
            if sum(c.isupper() for c in abbr) < 2 and not (abbr[:1].isupper() and len(abbr) <= 4):
                continue
            long_start = long_form(text, m.start(), abbr)
            if long_start is None:
                continue
            long_end = m.start()
            while long_end > long_start and text[long_end - 1] == " ":
                long_end -= 1
            inner = ends.get(long_end)
            short = at.get((m.start(1), m.end(1)))
            if inner is not None and inner.start_char >= long_start:
                label, kb, conf = inner.label_, inner.kb_id_, meta(inner).confidence
            elif short is not None:
                label, kb, conf = short.label_, short.kb_id_, meta(short).confidence
            elif known_technique_acronym(abbr, text[long_start:long_end]):
                label, kb, conf = "METHOD", "", CORPUS_CONFIDENCE
                fire("context.corpus_acronym_method", abbr)
            else:
                continue
            lspan = doc.char_span(long_start, long_end, alignment_mode="strict")
            sspan = doc.char_span(m.start(1), m.end(1), alignment_mode="strict")
            if lspan is None or sspan is None:
                continue
            fire("context.abbreviation", text[long_start:long_end])
            add_candidate(doc, Span(doc, lspan.start, lspan.end, label=label, kb_id=kb), self.name, conf)
            add_candidate(doc, Span(doc, sspan.start, sspan.end, label=label, kb_id=kb), self.name, conf)
            aliases.append((abbr, text[long_start:long_end], label))

    def _filter(self, doc: Doc, text: str, sentence, measured: set[tuple[int, int]]) -> None:
        """Drop metric words named where nothing is measured, and tasks that only describe ("QA-based")."""
        group = candidates(doc)
        keep = []
        for s in group:
            if s.label_ == "METRIC" and (s.start_char, s.end_char) not in measured and PLAIN_WORDS.match(
                    text, s.start_char, s.end_char):  # "accuracy", "recall": words with other uses
                s0, s1 = sentence(s.start_char)
                if not (METRIC_CUE_BEFORE.search(text[max(s0, s.start_char - 60):s.start_char])
                        or METRIC_CUE_AFTER.match(text[s.end_char:min(s1, s.end_char + 30)])):
                    fire("context.drop.unmeasured_metric")
                    continue
            if s.label_ == "TASK" and (DESCRIBES.match(text[s.end_char:s.end_char + 20])
                                       or TASK_AS_MODIFIER.match(text[s.end_char:s.end_char + 20])):
                fire("context.drop.task_as_modifier")
                continue
            if s.label_ == "TASK" and TASK_BENCHMARK.match(text[s.end_char:s.end_char + 20]):
                fire("context.task.before_benchmark", s.text)
            keep.append(s)
        if len(keep) != len(group):
            set_candidates(doc, keep)


def corpus_votes(names: list[str]) -> dict[str, float]:
    """The dataset label the mined lexicon gives untyped names seen with dataset nouns in the 10k corpus."""
    votes: dict[str, float] = {}
    known = mined.names()
    for name in names:
        label = known.get(name)
        if label == "DATASET":  # "the X benchmark" is reliable; "X method(s)" types "Lagrangian", "XAI"
            fire("context.corpus_prior", name)
            votes[label] = max(votes.get(label, 0.0), CORPUS_CONFIDENCE)
    return votes


CORPUS_CONFIDENCE = 0.55
# last words of long forms that name things, not techniques ("Internet of Things (IoT)")
NOT_TECHNIQUE_HEADS = frozenset("""system systems things records record data language languages intelligence network
    networks device devices vehicle vehicles disease diseases unit units interface interfaces graph graphs tree trees
    model models agent agents service services platform platforms protocol protocols theory environment
    environments initiative index organization organisation organizations imaging signal signals threat threats
    medicine indicator indicators base bases interaction impairment information likelihood autoencoder autoencoders
    transformer transformers encoder encoders identifier identifiers id ids age state states center centre""".split())


def known_technique_acronym(abbr: str, long: str) -> bool:
    """An acronym the 10k corpus defines elsewhere whose long form ends in no entity or thing noun:
    "Upper Confidence Bound (UCB)", "Model Predictive Control (MPC)" are techniques in use."""
    if abbr not in mined.all_acronyms() or abbr in GENERIC_NAMES or len(long.split()) < 2:
        return False
    head = long.split()[-1].split("-")[-1].lower()
    return not (head in NOT_TECHNIQUE_HEADS or any(head in words for words in HEAD_NOUNS.values())
                or head in TASK_HEADS or head in METRIC_HEADS)


@Language.factory(
    "paperkg_context",
    default_config={"confidence": 0.7, "list_confidence": 0.65, "tasks": True, "metrics": True},
    requires=["doc.sents", "doc.spans"],
    assigns=["doc.spans"],
)
def make_context(nlp: Language, name: str, confidence: float, list_confidence: float, tasks: bool,
                 metrics: bool) -> ContextRules:
    """Context rules that type names, find task and metric phrases and link abbreviations."""
    return ContextRules(name, confidence, list_confidence, tasks, metrics)
