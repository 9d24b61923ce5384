"""Lower-case method, task and metric phrases from chunks and the words around them (``paperkg_context``).

Every head word (:data:`kg.nlp.chunks.HEADS`) ends a candidate phrase, the
chunk before it (:func:`kg.nlp.chunks.phrase_before`). The phrase is kept as

* a method when its head is a method head and the words around it use it:
  "using X", "via X", "X-based", "applies X", "X (ACR)", "a X objective";
* a task when its head is a task head and the paper addresses it: "for X",
  "in X", "X tasks", "capable of X", "X is crucial", a sentence that starts
  with X and a verb ("X remains a core challenge");
* a metric when its head is a metric head and something is measured: a number
  ("an X of 0.87", "31% X"), a change ("improves X", "lower X", "reduction in
  X"), "in terms of X", "measures of X, Y and Z", a list after such a cue ("outperforms X in A, B, and C"),
  "X as an evaluation metric", a long form with an acronym ("Fraction Skill Score (FSS)"); a metric
  phrase starts after words that grade it ("high accuracy"), and "BLEU scores" is the known "BLEU".

A phrase of one plain word is never kept (the gazetteer knows "accuracy");
corpus-mined terms (``data/mined/terms.jsonl``) trim a phrase to the longest
suffix the 10k corpus uses as a term ("holistic reinforcement learning" ->
"reinforcement learning").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.nlp.chunks import (
    ALL_METRIC_HEADS,
    ALL_TASK_HEADS,
    HEADS,
    METHOD_HEADS,
    head_of,
    is_content,
    phrase_before,
    supported,
    vague_task,
)
from kg.nlp.lists import add_candidate, candidates, find_words, set_candidates, word_set
from kg.nlp.firing import fire
from kg.nlp.gazetteer import load_gazetteer
from kg.nlp.mined import terms
from kg.nlp.phrases import long_form

ACRONYM_AFTER = re.compile(r"^\s*\(([A-Za-z][\w-]*[A-Za-z0-9]s?)\)")
# language names that may start a phrase ("Arabic medical text generation")
LANGUAGES = frozenset("""English Chinese Mandarin Cantonese French German Spanish Portuguese Italian Dutch Russian Polish
    Ukrainian Czech Greek Turkish Arabic Persian Hebrew Hindi Urdu Bengali Tamil Telugu Marathi Nepali Japanese Korean
    Vietnamese Thai Indonesian Malay Swahili Amharic Yoruba Hausa Finnish Swedish Norwegian Danish""".split())
MID_TRIM = frozenset("average mean lowest highest best worst".split())


def after_mid_trim(text: str, start: int, words: list[str]) -> tuple[int, list[str]]:
    """A measure phrase ``words`` (starting at ``start`` in ``text``) cut after its last aggregation word:
    "six-task average zero-shot accuracy" -> "zero-shot accuracy"."""
    cut = max((i for i, w in enumerate(words[:-1]) if w.lower() in MID_TRIM), default=-1)
    if cut < 0:
        return start, words
    return text.index(words[cut + 1], start + sum(len(w) + 1 for w in words[:cut])), words[cut + 1:]
MODEL_WORDS = frozenset("LLM LLMs LM LMs MLLM MLLMs VLM VLMs SLM SLMs LRM LRMs AI".split())
# hyphenated adjectives that end in a head word ("next-generation AI", "high-resolution images")
ADJECTIVE_HEADS = frozenset("""real-time run-time runtime test-time inference-time long-time one-time next-generation
    high-resolution low-resolution""".split())
# words before a metric that say how good it is, not which metric: "high accuracy", "poor recall"
METRIC_TRIM = frozenset("""high low poor reasonable decent near-perfect similar great greater modest worse large small
    sharp stronger weaker state-of-the art exceptional negligible excessive shorter longer fast faster slower almost
    nearly tenfold twofold threefold considerable""".split())
METRIC_NOT_NAME = re.compile(r"^[x×]?\d[\d.,]*[x×]?$")  # "x100 speedup", "2x throughput"
# one hyphenated word that describes, not names a metric: "high-fidelity", "linear-time", "low-latency"
METRIC_ADJECTIVE = re.compile(r"^(?:high|low|linear|constant|polynomial|quadratic|logarithmic|near|sub|super)-", re.I)
SINGLE_METRICS = frozenset("speedup speedups throughput latency accuracy precision recall".split())
NUMBER_BEFORE = re.compile(r"\d(?:\.\d+)?\s*(?:\\?%|\$?\\times\$?|x|×|points?|pp)\$?\s+$")
HEAD_WORDS = word_set(HEADS | {h.rsplit("-", 1)[-1] for h in HEADS})

METHOD_LEFT = re.compile(
    r"(?:\busing|\buses?|\bvia|\bthrough|\bwith|\bemploy\w*|\bleverag\w*|\bappl(?:y|ies|ied|ying)|\badopt\w*|"
    r"\bintegrat\w*|\bcombin\w*|\bbased\s+on|\brel(?:y|ies|ying)\s+on|\bby\s+means\s+of|\bsuch\s+as|"
    r"\be\.g\.,?|\badvances\s+in|\badvancements\s+in)\s+"
    r"(?:(?:a|an|the|standard|conventional|vanilla|multi-round|classical|traditional|existing|widely\s+used|"
    r"popular)\s+)*$", re.I)
METHOD_RIGHT = re.compile(
    r"^(?:\s*\([A-Z][\w-]*s?\)|-based\b|\s+(?:methods?|algorithms?|techniques?|approach(?:es)?|strateg(?:y|ies)|"
    r"objectives?|paradigms?|principle|procedures?|schemes?)\b)")
NOT_OURS = re.compile(r"\b(?:our|novel|new|propose[sd]?|introduce[sd]?|present|proposed|design(?:s|ed)?|"
                      r"develop(?:s|ed)?|term(?:s|ed)?|dub(?:s|bed)?|call(?:s|ed)?)\s+"
                      r"(?:(?!(?:for|in|on|to|of)\s)\S+\s+){0,2}$", re.I)
TASK_LEFT = re.compile(r"(?:\bfor|\bin|\bcapable\s+of|\baddress\w*|"
                       r"\btackl\w*|\bstud(?:y|ies|ying)|\bperform\w*|\bimprov\w*\s+in|\bprogress\s+in|"
                       r"\bto\s+advance)\s+(?:(?:the|a|an)\s+)?$", re.I)
# the second of two tasks after a task cue: "for obstacle avoidance and collaborative control"
# (a first task of two words or more, or a hyphenated one, not after a word of importance: "essential for
# diagnosis and treatment planning" names applications)
TASK_CONJ_LEFT = re.compile(r"(?:\b([a-z]+)\s+)?\bfor\s+(?:(?:the|a|an)\s+)?((?:[\w-]+\s+){1,4}[\w-]+|[\w]+-[\w-]+)"
                            r"\s+and\s+$", re.I)
IMPORTANCE = frozenset("""essential critical crucial important vital suited necessary useful helpful key
    fundamental""".split())
# words before "for" that name a goal or an application, not a task: "crucial for", "needed for", "allows for"
PURPOSE = IMPORTANCE | frozenset("""needed required allows allow allowing desire reserved indispensable pivotal
    beneficial valuable""".split())
TASK_RIGHT = re.compile(r"^\s*\([A-Z][\w-]*s?\)")  # "X (ACR)" ("X tasks" is paperkg_context's own rule)
SUBJECT_VERB = re.compile(r"^(?:\s*\([A-Z][\w-]*s?\))?\s+(?:is|are|has|have|remains?|plays?|aims?|requires?|"
                          r"increasingly|underpins?|employs?|faces?|poses?|involves?|refers?|seeks?|serves?)\b")
# more verbs after a task that opens the abstract ("X presents challenges", "X still suffers from"): rule subject_more
SUBJECT_VERB_MORE = re.compile(r"^(?:\s*\([A-Z][\w-]*s?\))?\s+(?:presents?|represents?|constitutes?|demands?|"
                               r"suffers?|struggles?|continues?|relies?|depends?|enables?|offers?|holds?|"
                               r"gains?|attracts?|emerges?|becomes?|lies|often|typically|traditionally|still|"
                               r"can|could|may|must|should)\b")
MODIFIER_RIGHT = re.compile(r"^\s+(?:models?|methods?|frameworks?|systems?|approach(?:es)?|modules?|agents?|"
                            r"architectures?|pipelines?|networks?|datasets?|corpus|corpora|data|tools?|"
                            r"algorithms?|policy|policies|engines?|layers?)\b")
METRIC_NUMBER_RIGHT = re.compile(r"^\s*(?:\(\s*[-+]?\d|(?:(?:improvements?|gains?|reductions?|increases?|"
                                 r"decreases?|drops?)\s+)?(?:of|by)\s+(?:up\s+to\s+|about\s+|approximately\s+|"
                                 r"over\s+|only\s+|nearly\s+|around\s+|roughly\s+|(?:more|less)\s+than\s+)?"
                                 r"[-+]?\$?\d|[:=]\s*[-+]?\$?\d|(?:to|from)\s+\$?\d|"
                                 r"(?:reaches|reached|improves|improved|increases|drops)\b)", re.I)
METRIC_LEFT = re.compile(
    r"(?:\d(?:\.\d+)?\s*(?:\\?%|x|×|\\times|points?|pp)\$?(?:\s+in)?|\b(?:higher|lower|better|worse|best|improv\w*|"
    r"increas\w*|reduc\w*|halv\w*|cut(?:s|ting)|boost\w*|enhanc\w*|decreas\w*|gains?\s+in|drops?\s+in|"
    r"in\s+terms\s+of|measured\s+(?:by|with|in)|"
    r"measures?\s+of|metrics?,?(?:\s+such\s+as|\s+like|\s+including|:)?|achiev\w*|reach\w*|attain\w*|exceed\w*|"
    r"outperform\w*[^.;]{0,60}?\b(?:in|on)|surpass\w*[^.;]{0,60}?\bin|evaluated\s+(?:by|with|using)|"
    r"(?:average|mean|overall|relative|absolute)|(?:reduction|improvement|increase|decrease|drop)s?\s+in|"
    r"evaluations?\s+of|superior|competitive|comparable|state-of-the-art|near-perfect|perfect|impressive|excellent|"
    r"remarkable|"
    r"(?:maintain|preserv|retain|compromis|sacrific|trad)\w*(?:\s+(?:competitive|high|strong|off))?))\s+"
    r"(?:(?:the|its|their|our|an?)\s+)?$", re.I)
CLAUSE_START = re.compile(r"(?:^|[:;])\s*$")  # a phrase that starts its sentence or clause
METRIC_LIST_LEFT = re.compile(r"(?:,|\band|\bor)\s+$")
# the separator before a listed metric: "outperforms X in overall quality, claim-level precision, and Y"
METRIC_LIST_END = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
# "X as an evaluation metric", "the X metric"
METRIC_KIND_RIGHT = re.compile(r"^\s+(?:as\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?)?(?:metrics?|measures?)\b", re.I)


def find_phrases(doc: Doc, text: str, sentence, component: str, conf: float) -> set[tuple[int, int]]:
    """Method, task and metric phrases ending in a head word; returns the metric spans found."""
    blocked = [(s.start_char, s.end_char) for s in candidates(doc) if s.label_ in ("MODEL", "DATASET")]
    measured: set[tuple[int, int]] = set()
    last_metric_end = -10
    for ws, we in find_words(doc, HEAD_WORDS):
        nxt = text[we:we + 1]
        if nxt == "-" or nxt.isalnum():
            continue  # "learning-based", "search-time": a modifier
        s0, s1 = sentence(ws)
        start, words = phrase_before(text, s0, we)
        if not words:
            continue
        for bs, be in blocked:  # a model or dataset name ends the phrase: "GPT-4 distillation"
            if start <= bs < we and be < we and text[be:be + 1] == " ":
                start = be + 1
        words = text[start:we].split()
        while words and words[0] in MODEL_WORDS:  # "LLM reasoning" is "reasoning" ("CPU usage" stays)
            start += len(words[0]) + 1
            words = words[1:]
        start, words = after_mid_trim(text, start, words)
        if not words or words[-1].lower() in ADJECTIVE_HEADS:
            continue
        if len(words) == 1 and "-" not in words[0] and not (
                words[0].lower() in SINGLE_METRICS and NUMBER_BEFORE.search(text, max(s0, start - 16), start)):
            continue
        eponym = False  # "Gini fairness", "Spearman correlation": a metric named after a person
        if any(w[:1].isupper() for w in words) and not _title_ok(words, text, start, s0):
            if not _eponym_metric(words):
                continue
            eponym = True
        right = text[we:min(s1, we + 40)]
        acr = ACRONYM_AFTER.match(right)
        if acr:  # "Monte Carlo Tree Search (MCTS)": the acronym tells where the long form starts
            lf = long_form(text, we + acr.start(1) - 1, acr.group(1))
            if lf is None or lf < s0:
                continue
            start, words = lf, text[lf:we].split()
        else:
            start, words = _trim(text, start, we, words)
        head = head_of(words[-1])
        left = text[max(s0, start - 70):start]
        label, rule = _label(head, left, right, CLAUSE_START.search(text[s0:start]) is not None,
                             start - last_metric_end < 8, opens=not text[:start].strip())
        if label is None and head in ALL_METRIC_HEADS:
            label, rule = _listed_metric(text[max(s0, start - 160):start], right)
        if label is None and acr and _acronym_metric(words, head):  # "Fraction Skill Score (FSS)"
            label, rule = "METRIC", "chunks.metric.acronym_long_form"
        if label is None or (eponym and label != "METRIC"):
            continue
        if label == "TASK" and vague_task(words) and not supported(text[start:we], text, _title(doc)):
            fire("chunks.task.drop_vague", text[start:we])
            continue
        if label == "METRIC":
            start, words = _metric_start(doc, text, start, we, words)
            if not words:
                continue
        fire(rule, text[start:we])
        span = doc.char_span(start, we, alignment_mode="strict")
        if span is None:
            continue
        add_candidate(doc, Span(doc, span.start, span.end, label=label), component, conf)
        if label == "METRIC":
            measured.add((start, we))
            last_metric_end = we
    drop_negated_methods(doc, text)
    return measured


NEGATED = re.compile(r"\b(?:without|no\s+need\s+for|free\s+of)\s+(?:any\s+|the\s+need\s+for\s+|requiring\s+|"
                     r"relying\s+on\s+|using\s+|explicit\s+|additional\s+|extra\s+|further\s+|costly\s+)*$", re.I)


NEGATION_OR_LOSS = ("without", "need for", "free of", "loss", "Loss", "penalt", "regulari")  # cheap prefilter
LOSS_AFTER = re.compile(r"[\s-]+(?:loss|losses|penalty|penalties|regularizer|regulariser)\b", re.I)


def drop_negated_methods(doc: Doc, text: str) -> None:
    """Methods named only to say they are not used ("without any reinforcement learning", "with no need for
    RLHF") and loss terms ("the policy gradient loss", GUIDE.md: not methods); a mention elsewhere in the
    abstract still counts."""
    if not any(word in text for word in NEGATION_OR_LOSS):
        return
    group = candidates(doc)
    keep = []
    for s in group:
        if s.label_ == "METHOD":
            if NEGATED.search(text, max(0, s.start_char - 40), s.start_char):
                fire("chunks.method.drop_negated", s.text)
                continue
            if LOSS_AFTER.match(text, s.end_char):
                fire("chunks.method.drop_loss_term", s.text)
                continue
        keep.append(s)
    if len(keep) != len(group):
        set_candidates(doc, keep)


METRIC_STEMS = ("higher", "lower", "better", "worse", "best", "improv", "increas", "reduc", "halv", "cut", "boost",
                "enhanc", "decreas", "gain", "drop", "terms", "measure", "metric", "achiev", "reach", "attain",
                "exceed", "outperform", "surpass", "evaluat", "superior", "competitive", "comparable",
                "state-of-the-art", "perfect", "impressive", "excellent", "remarkable", "average", "mean", "overall",
                "relative", "absolute", "%", "maintain", "preserv", "retain", "compromis", "sacrific", "trad",
                "point", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "x ", "×", ",", "and", "or")
METHOD_STEMS = ("using", "use", "via", "through", "with", "employ", "leverag", "appl", "adopt", "integrat", "combin",
                "based", "rel", "means", "such", "e.g", "advance")
TASK_STEMS = ("for", "in", "capable", "address", "tackl", "stud", "perform", "improv", "progress", "advance")
OURS_STEMS = ("our", "novel", "new", "propos", "introduc", "present", "design", "develop", "term", "dub", "call")
def _label(head: str, left: str, right: str, initial: bool, after_metric: bool,
           opens: bool = False) -> tuple[str | None, str]:
    """The label the context gives a phrase with ``head`` (``opens``: it starts the abstract), and the rule
    that gave it."""
    tail = left[-80:].lower()
    near = " ".join(tail.split()[-6:])
    if head in ALL_METRIC_HEADS:
        if any(stem in tail for stem in METRIC_STEMS) and METRIC_LEFT.search(left):
            return "METRIC", "chunks.metric.cue_before"
        if METRIC_NUMBER_RIGHT.match(right):
            return "METRIC", "chunks.metric.number_after"
        if after_metric and METRIC_LIST_LEFT.search(left):
            return "METRIC", "chunks.metric.list"
        if METRIC_KIND_RIGHT.match(right):
            return "METRIC", "chunks.metric.kind_after"
    ours = any(stem in near for stem in OURS_STEMS) and NOT_OURS.search(left)
    if head in METHOD_HEADS and not ours:
        if any(stem in near for stem in METHOD_STEMS) and METHOD_LEFT.search(left):
            return "METHOD", "chunks.method.use_before"
        if METHOD_RIGHT.match(right):
            return "METHOD", "chunks.method.kind_after"
    if head in ALL_TASK_HEADS and not ours and not MODIFIER_RIGHT.match(right):
        m = TASK_LEFT.search(left) if any(stem in near for stem in TASK_STEMS) else None
        if m and m.group(0)[:3].lower() == "for" and _purpose_before(left[:m.start()]):
            return None, ""  # "crucial for accurate image translation": what something is good for
        if m:
            return "TASK", "chunks.task." + _cue_name(m.group(0))
        m = TASK_CONJ_LEFT.search(left) if "and" in near else None
        if m and (m.group(1) or "").lower() not in IMPORTANCE and head_of(m.group(2).split()[-1]) in ALL_TASK_HEADS \
                and all(is_content(w) for w in m.group(2).split()):
            return "TASK", "chunks.task.conjunct"
        if TASK_RIGHT.match(right):
            return "TASK", "chunks.task.kind_after"
        if initial and SUBJECT_VERB.match(right):
            return "TASK", "chunks.task.subject"
        if opens and SUBJECT_VERB_MORE.match(right):
            return "TASK", "chunks.task.subject_more"
    return None, ""


def _purpose_before(left: str) -> bool:
    """Whether ``left`` (the text before "for") ends in a word that says what something is needed or good for
    ("crucial for", "needed for", "allows for"): a goal or an application, not a task the paper addresses."""
    word = left.rstrip().rsplit(None, 1)[-1].lower() if left.strip() else ""
    if word in PURPOSE:
        fire("chunks.task.drop_purpose_for")
        return True
    return False


def _listed_metric(left: str, right: str) -> tuple[str | None, str]:
    """A metric phrase listed after a cue: "outperforms X in overall quality, claim-level precision, and
    checklist recall", "improves caption quality and lesion accuracy"."""
    for _ in range(3):
        m = METRIC_LIST_END.search(left)
        if m is None:
            return None, ""
        i, n = m.start(), 0
        while n < 4:  # the listed phrase before the separator: content words
            j = left.rfind(" ", 0, i)
            if not is_content(left[j + 1:i]):
                break
            i, n = j, n + 1
            if j < 0:
                return None, ""
        if n == 0:
            return None, ""
        left = left[:i + 1]
        if METRIC_LEFT.search(left):
            return "METRIC", "chunks.metric.listed_after_cue"
    return None, ""


def _metric_start(doc: Doc, text: str, start: int, end: int, words: list[str]) -> tuple[int, list[str]]:
    """Where a metric phrase starts: without a word that grades it ("high accuracy" -> "accuracy"); no phrase
    for "BLEU scores" when the gazetteer knows "BLEU" but not "BLEU score" (the metric is BLEU)."""
    if len(words) == 1 and METRIC_ADJECTIVE.match(words[0]):
        return start, []
    while len(words) > 1 and (words[0].lower() in METRIC_TRIM or METRIC_NOT_NAME.match(words[0])):
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    if len(words) == 2 and words[1].lower() in ("score", "scores"):
        known = {(s.start_char, s.end_char) for s in candidates(doc) if s.label_ == "METRIC" and s.kb_id_}
        if (start, start + len(words[0])) in known and load_gazetteer().lookup(words[0] + " score") is None:
            fire("chunks.metric.known_name_score", words[0])
            return start, []
    return start, words


def _acronym_metric(words: list[str], head: str) -> bool:
    """A long form with an acronym that ends in a metric head names a metric ("Subject Collapse Rate (SCR)"),
    not a loss term or a setting ("Contrastive Loss (CL)", "learning rate (LR)")."""
    return (2 <= len(words) <= 5 and head in ALL_METRIC_HEADS and head not in ("loss", "losses", "time")
            and head_of(words[0]) not in METHOD_HEADS and "and" not in words)


def _eponym_metric(words: list[str]) -> bool:
    """A capitalised name and a lowercase metric head: "Gini fairness", "Brier score"."""
    return (len(words) == 2 and words[0][:1].isupper() and words[0][1:].islower() and words[1].islower()
            and head_of(words[1]) in ALL_METRIC_HEADS)


def _cue_name(cue: str) -> str:
    """A cue's rule name: "addressing" and "addresses" are "address"."""
    word = cue.split()[0].lower()
    for stem in ("address", "perform", "stud", "tackl", "improv", "progress", "capable", "advance"):
        if word.startswith(stem) or (stem == "advance" and "advance" in cue):
            return stem
    return word


def _title(doc: Doc) -> str:
    return str(doc.user_data.get("title") or "")


def _title_ok(words: list[str], text: str, start: int, s0: int) -> bool:
    """Capitals in a phrase: acronyms as modifiers ("EHR retrieval"), a title-cased long form before
    its acronym ("Model Predictive Control (MPC)"), or the sentence's first word."""
    titled = [w for w in words if w[:1].isupper()]
    if all(w.isupper() or any(c.isdigit() for c in w) for w in titled):
        return True
    if titled == words[:1] and words[0] in LANGUAGES:  # "Arabic medical text generation"
        return True
    if text[s0:start].strip() == "" and titled == words[:1]:
        return True
    return all(w[:1].isupper() for w in words) and len(words) >= 2


TRIMMABLE = re.compile(r"^[a-z]+(?:ing|ed)$|^[a-z]+-(?:free|aided|guided|driven|aware|augmented|enhanced|"
                       r"assisted|oriented|level|specific)$")


def _trim(text: str, start: int, end: int, words: list[str]) -> tuple[int, list[str]]:
    """Drop a participle or descriptive first word ("grounded text generation", "code-aided mathematical
    reasoning") when the corpus uses the rest as a term and not the whole phrase."""
    known = terms()
    if len(words) < 3 or not TRIMMABLE.match(words[0]) or head_of(words[0]) in HEADS:
        return start, words
    if " ".join(words).lower() in known or " ".join(words[1:]).lower() not in known:
        return start, words
    return text.index(words[1], start + len(words[0])), words[1:]
