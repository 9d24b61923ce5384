"""Noun phrases without a tagger: chunks of text between closed-class words, punctuation and verbs.

A *chunk* is a run of content words: it ends at punctuation, at a closed-class
word (determiners, prepositions, conjunctions, pronouns, auxiliaries), at a
verb (a list of the verbs of abstracts with their inflections) or at an
adverb. The phrase a rule wants is the part of a chunk that ends at a *head
word* ("best-first search", "linear probing", "attack success rate"); which
heads a phrase may end in decides what it can be (``METHOD_HEADS``,
``TASK_HEADS``, ``METRIC_HEADS`` in :mod:`kg.nlp.lists` and here), and the
words around it decide what it is (:mod:`kg.nlp.context_chunks`).

Pure functions over text; the mining script (``scripts/mine_lexicons.py``)
chunks the 10k corpus with the same code.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.nlp.lists import METRIC_HEADS, TASK_HEADS

WORD_RE = re.compile(r"[A-Za-z0-9$\\^{}]+(?:['’][A-Za-z]+)?(?:-[A-Za-z0-9$\\^{}]+)*|[^\w\s]")
CONTENT_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]*|[A-Z0-9]+[a-z]?)(?:-[A-Za-z0-9]+)*$")

CLOSED = frozenset("""
a an the this that these those its their our his her your my some any all each every no such other another
of for in on to with by from as at via than into onto about between among within without through under over
toward towards upon during after before beyond since until across along against per versus vs vs. around
and or but nor yet so if while whereas because although though unless whether when where which who whom whose
what why how then thus hence therefore however moreover furthermore also only even still just both either
neither not very more most less least much many few several
is are was were be been being am has have had having do does did doing can could may might will would shall
should must cannot
we us it they them he she i you one ones itself themselves ourselves
here there now often always usually typically generally largely mainly mostly
first second third finally
e.g. i.e. etc e.g i.e like unlike namely
""".split())

# verbs of abstracts: base forms; inflections are generated (irregular ones listed)
_VERB_BASES = """
propose introduce present show demonstrate find reveal indicate suggest achieve outperform surpass improve
enhance increase reduce decrease boost raise lower yield provide offer enable allow require need use employ
leverage apply adopt utilize utilise integrate incorporate combine build construct design develop devise create
train evaluate assess measure test compare benchmark analyze analyse examine investigate study explore consider
address tackle solve handle mitigate alleviate overcome capture model learn predict generate produce perform
obtain reach attain exceed match remain become make take give help support facilitate ensure guarantee maintain
preserve retain keep exhibit display suffer struggle fail lack rely depend focus aim seek attempt try
formulate frame cast treat view regard define describe discuss highlight emphasize identify detect recognize
extract retrieve select choose filter rank sort map transform convert encode decode align fuse merge aggregate
optimize optimise minimize maximize estimate compute calculate derive approximate prove establish validate verify
confirm observe note report release open-source contribute curate collect annotate label refine extend adapt
generalize generalise scale operate run execute deploy implement conduct carry examine explain interpret guide
steer control shape inform motivate inspire drive lead limit hinder restrict constrain affect influence impact
determine reflect represent contain include involve comprise consist span cover vary range differ depend
leverage exploit harness unlock bridge close narrow widen fill address underpin remain emerge arise appear
isolate underlie summarize summarise self-generate complement accelerate speed yield enrich empower equip
encompass reframe decompose unify broaden strengthen substantiate simplify automate streamline
halve incur hurt degrade sacrifice prioritize prioritise
""".split()
_IRREGULAR = """
underlying shown found made taken given built led kept run ran held brought thought sought begun began known drawn
grown written chosen spent lost left met meant sent set put cut cuts cutting hit split spread read won understood
""".split()


def _inflect(base: str) -> list[str]:
    out = [base]
    if base.endswith("e"):
        out += [base + "s", base + "d", base[:-1] + "ing"]
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        out += [base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        out += [base + "es", base + "ed", base + "ing"]
    else:
        out += [base + "s", base + "ed", base + "ing"]
    return out


#: heads that are also verb forms stay heads ("search", "control", "matching")
VERBS = frozenset(w for b in _VERB_BASES for w in _inflect(b)) | frozenset(_IRREGULAR)
IRREGULAR_VERBS = frozenset(_IRREGULAR)

# words that start a chunk but are never part of a name: "a novel search", "conventional supervised fine-tuning"
LEAD_TRIM = frozenset("""
novel new existing standard conventional traditional typical classical classic vanilla naive simple simpler
holistic efficient effective robust strong powerful lightweight improved advanced modern current recent prior
previous popular common widely well-known state-of-the-art sota general generic unified principled key main core
important critical crucial challenging difficult complex practical real-world realistic accurate reliable
scalable flexible extensive comprehensive rigorous systematic careful proper different diverse various multiple
several many numerous single same specific particular certain overall whole full entire better best higher
lower superior competitive comparable significant substantial notable remarkable impressive consistent
additional further extra alternative corresponding respective standalone iterative subsequent final initial
downstream upstream original underlying resulting proposed designed dedicated tailored customized explicit
implicit large-scale small-scale high-quality low-quality fine-grained coarse-grained end-to-end two-stage
multi-stage multi-round one-step single-step lowest highest worst innovative good excellent perfect actual average mean
precise imprecise faster enhanced optimized
""".split())

# heads of method phrases ("linear probing", "on-policy self-distillation", "flow matching")
METHOD_HEADS = frozenset("""
learning tuning fine-tuning finetuning distillation search
sampling decoding probing prompting optimization optimisation regularization regularisation quantization
quantisation pruning augmentation shaping steering matching scaling rewriting dropout normalization
normalisation gradient gradients descent backpropagation filtering clustering averaging merging ensembling bootstrapping annealing initialization unlearning
interpolation smoothing masking cloning unlearning
""".split())

# more task heads than the gazetteer's ("water quality monitoring", "credit assignment")
MORE_TASK_HEADS = frozenset("""
analysis handling monitoring avoidance inpainting interpretation orchestration assignment solving transcription recovery mining
checking scoring judgment judgement optimization optimisation discovery screening triage moderation
reconstruction restoration imputation annotation understanding captioning localization
""".split())

# more metric heads ("path smoothness", "CPU usage", "latency variance")
MORE_METRIC_HEADS = frozenset("""
fidelity informativeness smoothness workload usage consumption utilization utilisation variance speedup
returns fairness conformance correlation agreement ratio deviation divergence f1-score auroc auc-roc
""".split())

ALL_TASK_HEADS = TASK_HEADS | MORE_TASK_HEADS
ALL_METRIC_HEADS = METRIC_HEADS | MORE_METRIC_HEADS
HEADS = METHOD_HEADS | ALL_TASK_HEADS | ALL_METRIC_HEADS


# task heads so general that an adjective before them rarely names a task ("synthetic classification",
# "well-specified reasoning", "representative optimization"): such a phrase needs support
VAGUE_TASK_HEADS = frozenset("""
reasoning generation classification optimization optimisation modeling modelling recommendation prediction
detection planning analysis understanding search inference retrieval control estimation
""".split())
ADJECTIVE = re.compile(r"^(?:well-[a-z]+|(?:[a-z]+-)?[a-z]{3,}(?:al|ic|ive|ous|ful|ed|able|ible|ary))$")


def vague_task(words: list[str]) -> bool:
    """A two-word task phrase of a descriptive adjective and a general head ("multimodal generation")."""
    return len(words) == 2 and words[1].lower() in VAGUE_TASK_HEADS and ADJECTIVE.match(words[0].lower()) is not None


def supported(phrase: str, text: str, title: str) -> bool:
    """Whether the abstract repeats ``phrase`` or the title names it (case-insensitive)."""
    low = phrase.lower()
    return low in title.lower() or text.lower().count(low) >= 2


def head_of(word: str) -> str:
    """The head of a (hyphenated) word: its last part ("self-distillation" -> "distillation")."""
    low = word.lower()
    if low in HEADS:
        return low
    return low.rsplit("-", 1)[-1]


def is_content(word: str) -> bool:
    """A word that may be inside a noun phrase (not closed-class, not a verb, not an adverb)."""
    if not CONTENT_RE.match(word):
        return False
    low = word.lower()
    if low in CLOSED or (low in VERBS and low not in HEADS):  # "learning", "matching": heads, not verbs
        return False
    if low.endswith("ly") and len(low) > 4 and low not in ("family", "anomaly", "assembly", "supply"):
        return False
    return not low.isdigit()


def phrase_before(text: str, floor: int, end: int, max_words: int = 5) -> tuple[int, list[str]]:
    """The noun phrase that ends at ``end`` (a head word's end): ``(start, words)``.

    Walks back over content words separated by single spaces (not past
    ``floor``), at most ``max_words``, and drops words of :data:`LEAD_TRIM`
    at its start. A word glued to punctuation ("(linear") ends the walk after
    its letters.
    """
    out: list[tuple[int, str]] = []
    pos = end
    while len(out) < max_words and pos > floor:
        i = text.rfind(" ", floor, pos)
        w = text[i + 1:pos]
        if not w:
            break
        if not is_content(w) and not (w[:1].isupper() and w.lower() in VERBS and CONTENT_RE.match(w)
                                      and out and out[-1][1][:1].isupper()):
            # ("Model Predictive Control": a capitalised verb inside a capitalised name is a word of it)
            m = _TAIL_WORD.search(w)  # "(linear" -> "linear"
            if m is not None and m.start() > 0 and not w[m.start() - 1].isalnum() and w[m.start() - 1] != "." \
                    and is_content(m.group()):  # "(linear", not the "x" of "2.1x"
                out.append((i + 1 + m.start(), m.group()))
            break
        out.append((i + 1, w))
        if i < floor:
            break
        pos = i
    out.reverse()
    while len(out) > 1 and out[0][1].lower() in LEAD_TRIM:
        out = out[1:]
    if not out:
        return end, []
    return out[0][0], [w for _, w in out]


_TAIL_WORD = re.compile(r"[A-Za-z][\w-]*$")


def chunks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Every chunk of ``text``: ``(start, words)`` (for mining)."""
    cur: list[tuple[int, str]] = []
    last_end = -1
    for m in WORD_RE.finditer(text):
        w = m.group()
        if is_content(w) and (not cur or text[last_end:m.start()] == " "):
            cur.append((m.start(), w))
            last_end = m.end()
            continue
        if cur:
            yield cur[0][0], [x for _, x in cur]
        cur = []
        if is_content(w):
            cur.append((m.start(), w))
            last_end = m.end()
    if cur:
        yield cur[0][0], [x for _, x in cur]
