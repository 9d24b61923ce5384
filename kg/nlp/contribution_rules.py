"""More ways a paper names what it introduces (used by ``paperkg_contributions``).

* a long form with its acronym after an introduction cue, in any case: "we
  propose a group-aware zebra learning (GZL) strategy" -> ``GZL``;
* a defined acronym that is designed, proposed or introduced in the passive:
  "a Dynamic Flarp Adjustment (DFA) mechanism is designed" -> ``DFA``;
* "called X" / "named X" / "dubbed X" anywhere after "we" or "our";
* "our proposed X model" / "the proposed X framework";
* a quoted name after an introduction cue: we introduce “Zorb Arena”;
* a title name: "X: a ..." before the title's colon is handled by the finder;
  here a sentence "X: a framework for ..." after a colon-free lead.

Each rule returns ``(name, start, kind or None, confidence, long_form)``.
Acronyms inside parenthesised lists ("(e.g., RL, SFT)") are never proposals:
only a parenthesis that holds one acronym and nothing else counts.
"""
from __future__ import annotations

import re

from kg.nlp.firing import fire
from kg.nlp.mined import all_acronyms, terms
from kg.nlp.phrases import long_form

Found = tuple[str, int, "str | None", float, str]

ACRONYM = r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
# "(GZL)" right after a phrase; "(GZL) strategy" gives the kind
PAREN_ACR = re.compile(r"\((" + ACRONYM + r")\)(?:\s+([a-z][\w-]*))?")
PASSIVE = re.compile(r"\s*(?:[a-z][\w-]*\s+){0,2}?(?:is|are|was|were)\s+(?:(?:\w+ly|further|also|then|first|thus)\s+)?(?:designed|proposed|"
                     r"introduced|developed|devised|presented|constructed|built|created)\b")
LATEX_WRAP = r"(?:\\(?:textbf|emph|textit|textsc|texttt)\{|\{\\(?:bf|em|it|sc)\s+)"  # \textbf{X}, {\em X}
CALLED = re.compile(r"\b(?:called|named|dubbed|termed|coined)\s+(?:as\s+)?(?:the\s+)?" + LATEX_WRAP + r"?[\"“‘']?(" + ACRONYM
                    + r"(?:\s+[A-Z][\w-]*){0,3})")
PROPOSED_KIND = re.compile(r"\b(?:[Oo]ur|[Tt]he)\s+(?:newly\s+)?proposed\s+(" + ACRONYM + r"(?:\s+[A-Z][\w-]*){0,2})"
                           r"\s+([a-z]+)\b")
_CALLED_WORDS = ("called ", "named ", "dubbed ", "termed ", "coined ")
QUOTED = re.compile(r"[“\"]([A-Z][^”\"]{1,40}?)[”\"]")
# a name in quotes or a LaTeX emphasis right after a cue: \textbf{Zorb}, \emph{Talk to a Zorb}, a \emph{Zorb Gradient}
WRAPPED = re.compile(r"(?:(?:a|an|the)\s+(?:[a-z][\w-]*\s+){0,2}?)?(?:[“\"]|\\(?:emph|textbf|textit|textsc|texttt|mathbf|"
                     r"mathtt|mathrm)\{|\{\\(?:em|bf|it|sc)\s+)([A-Z0-9][^”\"{}\\~()]{1,50}?)(?:[”\"]|\}(?![A-Za-z]))")


def known_technique(name: str) -> bool:
    """A name the gazetteer knows (a pre-existing dataset, model, method, task or metric)."""
    from kg.nlp.gazetteer import load_gazetteer

    return load_gazetteer().lookup(name) is not None


def _is_acronym(abbr: str) -> bool:
    return sum(c.isupper() for c in abbr) >= 2 and len(abbr) <= 16


_OBJECT_OF = re.compile(r"\b(?:for|of|in|to|into|across|under)\s*(?:\bthe\s+)?$")


def acronym_proposals(text: str, s: int, e: int, cue_end: int, kind_of, is_problem=None,
                      data_nouns: frozenset[str] = frozenset(),
                      generic: frozenset[str] = frozenset()) -> list[Found]:
    """Long forms with an acronym in the sentence ``text[s:e]`` after an introduction cue at ``cue_end``.

    ``kind_of(word)`` maps a kind noun to its kind (or None); ``is_problem(after)`` tells whether the
    apposition after the acronym calls it a task ("X (X), a novel task that").
    """
    out: list[Found] = []
    for m in PAREN_ACR.finditer(text, cue_end, e):
        abbr = m.group(1)
        if not _is_acronym(abbr):
            continue
        start = long_form(text, m.start(), abbr)
        if start is None or start < cue_end:
            continue
        between = text[cue_end:start]
        if re.search(r"[;:]|\b(?:on|with|than|over|against|using|via|from)\s*(?:\bthe\s+)?$|\band\s*$|\b(?:task|problem)\b", between):
            continue  # another clause, or a baseline the new thing is compared with or built on
        of = _OBJECT_OF.search(between)
        if of and not (of.group(0).startswith("of") and kind_of(between[:of.start()].split()[-1:][0] if between[:of.start()].split() else "")):
            fire("contributions.drop_acronym_after_preposition", abbr)
            continue  # "a framework for zorb colitis (ZC)": what it is for ("a method of Zorb Fusion (ZF)" names it)
        long = text[start:m.start()].rstrip()
        if known_technique(abbr) or known_technique(long):
            continue  # "trained via reinforcement learning (RL)": used, not introduced
        if (m.group(2) or "") in data_nouns or long.lower().rstrip("s") in generic:
            fire("contributions.drop_acronym_of_data_or_term", abbr)  # "zorb ultrasound (ZUS) images", "LLMs"
            break  # what the sentence introduces is unnamed: no later acronym of it is the new thing
        if is_problem is not None and is_problem(text[m.end(1) + 1:e]):
            break
        kind = kind_of(m.group(2) or "") or kind_of(long.split()[-1].split("-")[-1].lower())
        out.append((abbr, m.start(1), kind, 0.8, long))
        break  # the first one after the cue is what is introduced
    return out


_OBJECT_THE = re.compile(r"\b(?:to|of|for|in|on|with|from|by|into)\s+the\s+$")


def passive_proposals(text: str, sents: list[tuple[int, int]], kind_of) -> list[Found]:
    """"a Dynamic Flarp Adjustment (DFA) mechanism is designed to ..."."""
    out: list[Found] = []
    for s, e in sents:
        for m in PAREN_ACR.finditer(text, s, e):
            abbr = m.group(1)
            if not _is_acronym(abbr) or not PASSIVE.match(text, m.end(1) + 1, e):
                continue
            start = long_form(text, m.start(), abbr)
            if start is None:
                continue
            long = text[start:m.start()].rstrip()
            lead = text[max(s, start - 16):start]
            if not re.search(r"\b(?:[Aa]n?|[Oo]ur|the|new|novel)\s+$", lead) or _OBJECT_THE.search(lead):
                continue  # "a X (ACR) module is designed", not "X (ACR) is proposed in prior work", "an approach to the X (ACR)"
            if known_technique(abbr) or known_technique(long):
                continue  # "A reinforcement learning (RL) framework is introduced": a known technique used
            out.append((abbr, m.start(1), kind_of(m.group(2) or ""), 0.7, long))
    return out


def named_proposals(text: str, kind_of) -> list[Found]:
    """"a new benchmark, called X", "our proposed X model", "we introduce “X”"."""
    out: list[Found] = []
    called = any(w in text for w in _CALLED_WORDS)  # substring tests are far cheaper than the regex scan
    for m in CALLED.finditer(text) if called else ():
        lead = text[max(0, m.start() - 120):m.start()]
        if not re.search(r"\b(?:[Ww]e|[Oo]ur)\b", lead) or re.search(r"[.;]\s", lead[-60:]):
            continue
        acr = re.compile(r"[\w\s-]{0,60}?\((" + ACRONYM + r")\)").match(text, m.start(1))
        if acr and _is_acronym(acr.group(1)):  # "called Zorb Learning via Flarps (ZLF)": the acronym
            out.append((acr.group(1), acr.start(1), None, 0.75, text[m.start(1):acr.start(1) - 1].strip()))
        else:
            out.append((m.group(1), m.start(1), None, 0.75, ""))
    for m in PROPOSED_KIND.finditer(text) if "proposed " in text else ():
        out.append((m.group(1), m.start(1), kind_of(m.group(2)), 0.75, ""))
    return out


def quoted_proposals(text: str, s: int, e: int, cue_end: int, kind_of=None) -> list[Found]:
    """A quoted or LaTeX-emphasised name right after an introduction cue: "we introduce “Zorb Arena”, a ...",
    "we propose \\textbf{ZorbNet}, a ...", "we introduce \\emph{Talk to a Zorb}, a ..."."""
    m = WRAPPED.match(text, cue_end, e) or QUOTED.match(text, cue_end + 2, e)
    if m is None or m.start() > cue_end + 4:
        return []
    noun = _NOUN_AFTER.match(text, m.end(), e)  # "a \emph{Zorb Gradient} (ZG) framework"
    kind = kind_of(noun.group(1)) if noun and kind_of else None
    return [(m.group(1).strip(), m.start(1), kind, 0.75, "")]


_NOUN_AFTER = re.compile(r"~?\s*(?:\([^()]*\)\s*)?([a-z]+)")


CLAIM_CUE = re.compile(r"\b[Ww]e\s+(?:first\s+|further\s+|also\s+)?(?:show|demonstrate|find|observe|argue|verify)\s+$")
CLAIM = re.compile(r"((?:[a-z0-9][\w-]*\s+){1,12}?)\(([^()\s,;]+(?:\s[^()\s,;]+)?)\)\s+[a-z]")


def claim_proposals(text: str, sents: list[tuple[int, int]], kind_of) -> list[Found]:
    """The subject of a claim that the paper names with a new name: "we show that zebra learning
    with one example (1-shot ZL) is effective". The parentheses hold one name, never a list; the name is
    new (neither the gazetteer nor the 10k corpus's acronym definitions know it) and used again."""
    out: list[Found] = []
    if "(" not in text:
        return out
    at = text.find(" that ")
    while at >= 0:  # "that" is rare enough to look for first; then the cue before it and the claim after it
        start, at = at, text.find(" that ", at + 6)
        if CLAIM_CUE.search(text, max(0, start - 40), start + 1) is None:
            continue
        e = next((b for a, b in sents if a <= start < b), len(text))
        m = CLAIM.match(text, start + 6, e)
        if m is None or sum(c.isupper() for c in m.group(2)) < 2:
            continue
        name = m.group(2)
        if known_technique(name) or name in all_acronyms() or text.find(name, m.end(2)) < 0:
            continue
        long = m.group(1).strip()
        out.append((m.group(2), m.start(2), kind_of(long.split()[-1]), 0.5, long))
    return out


PART_VERB = re.compile(r"\b(?:employs?|employing|compris(?:es|ing)|consists?\s+of|consisting\s+of|includes|"
                       r"features|introduces|incorporates|integrates|combines|adopts|leverages|through|via|"
                       r"[Bb]y\s+employing|equipped\s+with|is\s+the)\s+(?:(?:a|an|the|our|novel|new|two|three)\s+)*")
TITLED = r"[A-Z][\w]*(?:-[A-Za-z][\w]*)*"
PART_NAME = re.compile(r"[“\"]?(" + TITLED + r"(?:\s+" + TITLED + r"){1,4}|[A-Z][a-z]+[A-Z]\w*)[”\"]?(?![\w-])")
PART_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:a|an|the)\s+)?")
OURS = re.compile(r"^\s*(?:[A-Z][^,]{0,60},\s*)?(?:[Ii]t|[Oo]ur|[Tt]he\s+(?:proposed|resulting)|[Tt]his\s+(?:framework|method|model|system)|"
                  r"[Ww]e\s+(?:\w+\s+)?(?:present|propose|introduce|design|develop))\b")


def part_proposals(text: str, sents: list[tuple[int, int]], names: list[str], kind_of,
                   generic: frozenset[str] = frozenset()) -> list[Found]:
    """Named parts of the paper's system in a sentence about it: "FSGR employs Zorb Assignment
    Optimization and a Flarp Re-anchor mechanism", "comprising ZorbAgent, FlarpAgent, and QuuxAgent"."""
    out: list[Found] = []
    keys = [n for n in names if n]
    for s, e in sents:
        sent = text[s:e]
        if not (OURS.match(sent) or any(n in sent for n in keys)):
            continue
        for v in PART_VERB.finditer(text, s, e):
            pos = v.end()
            listed = False
            for _ in range(4):
                m = PART_NAME.match(text, pos, e)
                if m is None:
                    break
                name = m.group(1)
                if (name not in keys and not known_phrase(name, generic) and not name.split()[0] in ("The", "A", "An")
                        and text[m.start() - 1:m.start()] not in "}\\"):
                    nxt = re.match(r"\s+([a-z]+)", text[m.end():m.end() + 20])
                    kind = kind_of(nxt.group(1)) if nxt else None
                    if " " in name or kind or listed or re.match(r"^\s*,", text[m.end():m.end() + 2]):
                        out.append((name, m.start(1), kind or "method", 0.6, ""))
                        listed = True
                sep = PART_SEP.match(text, m.end(), e)
                if sep is None:
                    break
                pos = sep.end()
    return out


# A title-case word of a name: "Inertia", "Re-anchor", "Feedback-Driven", "CTC-guided", "KL"
_TWORD = r"(?:[A-Z][\w]*(?:-[A-Za-z0-9][\w]*)*|[A-Z0-9]+-[a-z][\w]*)"
# "a Feedback-Driven Inertia Calibration mechanism", "a novel “Teaching Assistant” network"
_INDEFINITE_CAP = re.compile(r" (?:an?|An?|our|Our) (?:[a-z-]+ ){0,2}[“\"A-Z0-9]")  # cheap prefilter
INDEFINITE_TITLED = re.compile(
    r"(?:[Aa]n?|[Oo]ur)\s+(?:(?:novel|new|dedicated|lightweight|learnable|simple|proposed|specialized|"
    r"specialised|plug-and-play|two-stage|hierarchical|adaptive)\s+){0,2}([“\"]?)(" + _TWORD
    + r"(?:\s+" + _TWORD + r"){1,5})[”\"]?(?:\s+([a-z]+)\b|(?=,\s*(?:which|that)\b))")
# "we introduce a Stateful Zorb Encoder, which ...": a title-case name after an introduction verb needs no kind noun
_INTRO_BEFORE = re.compile(r"\b(?:introduces?|proposes?|presents?|designs?|develops?|devises?|builds?|constructs?)\s+$")
_PART_KINDS = ("method", "model", "framework", "system", "metric", "dataset", "benchmark")


def titled_parts(text: str, names: list[str], kind_of, generic: frozenset[str] = frozenset()) -> list[Found]:
    """A title-case phrase introduced with "a" and a kind noun: "By employing a Feedback-Driven Inertia
    Calibration mechanism", "a novel “Teaching Assistant” network", or right after an introduction verb:
    "we introduce a Stateful Zorb Encoder, which ...". Not an expansion in apposition to a
    name ("X, a Cross-Domain Zorb framework"), not a known technique ("a Recurrent Neural Network model")."""
    out: list[Found] = []
    for a in _INDEFINITE_CAP.finditer(" " + text):
        m = INDEFINITE_TITLED.match(text, a.start())
        if m is None:
            continue
        name = m.group(2)
        kind = kind_of(m.group(3) or "")
        if kind is None and m.group(3) in (None, "that", "which", "to") and _INTRO_BEFORE.search(text, max(0, m.start() - 14), m.start()):
            kind = kind_of(name.rsplit(None, 1)[-1].rsplit("-", 1)[-1]) or "method"
        if kind not in _PART_KINDS:
            continue
        before = text[max(0, m.start() - 3):m.start()]
        if re.search(r"[,(:]\s*$", before) or "-" in before:
            continue  # "CEDGE, a Cross-domain ... framework": the long form of a name just given
        words = name.split()
        if words[0][0].isdigit() or any(w.rsplit("-", 1)[-1].endswith(_DESCRIBING) for w in words):
            continue  # "a 270M-parameter Zorb backbone", "a Mask R-CNN-based model"
        if name in names or known_phrase(name, generic) or words[-1] in ("GPU", "CPU"):
            continue  # "a Monte Carlo method", "a Bidirectional GRU model": known, not new
        out.append((name, m.start(2), kind, 0.6, ""))
    return out


def known_phrase(name: str, generic: frozenset[str]) -> bool:
    """A title-case phrase that names something well known: a gazetteer name, a generic term of the
    field ("Large Language Models"), a term the 10k corpus uses often, or a phrase whose head is a known
    model or method ("Bidirectional GRU")."""
    low = name.lower()
    if low in generic or low.rstrip("s") in generic or low in terms() or known_technique(name):
        return True
    return " " in name and _known_model(name.rsplit(None, 1)[-1].rsplit("-", 1)[-1])


def _known_model(word: str) -> bool:
    from kg.nlp.gazetteer import load_gazetteer
    from kg.nlp.lists import GENERIC_NAMES

    if word in GENERIC_NAMES:
        return True  # a generic architecture class ("Bidirectional GRU")

    entry = load_gazetteer().lookup(word)
    return entry is not None and entry.type in ("model", "method")


_DESCRIBING = ("based", "like", "style", "powered", "only", "trained", "tuned", "class")


# "a method we call zorb transfer", "We term this evaluation paradigm the Zorb Test (ZT)", "We name it Zorb"
_WE_CALL_WORDS = ("e call ", "e term ", "e name ", "e dub ", "e coin ", "e refer to as ")
_WE_CALL = re.compile(r"\b[Ww]e\s+(?:call|term|name|dub|coin|refer\s+to\s+as)\s")
_KIND_BEFORE = re.compile(r"\b(?:a|an|the|this|our|new|novel)\s+(?:[\w-]+\s+){0,3}?([a-z]+)\s*,?\s*(?:which\s+|that\s+)?$")
_OBJECT = re.compile(r"(?:this|these|our|such)((?:\s+[a-z][\w-]*){1,3})|(?:it|them)\s+")
_OBJECT_WORD = re.compile(r"\s+([a-z][\w-]*)")
_IT = re.compile(r"(?:it|them)\s+")
_GAP = re.compile(r"\s+(?:as\s+)?")
_CALLED_NAME = re.compile(r"(?:the\s+)?(?:[\"“]|\\(?:emph|textit|textbf|textsc)\{|\{\\(?:em|it|bf)\s+)?"
                          r"([A-Za-z][\w+/-]*(?:\.\w+)*(?:\s+[\w+/-]+(?:\.\w+)*){0,5}?)[\"”}]?\s*"
                          r"(?=[,.;:(\"”]|\s+(?:that|which|to|and|for|in|with|is|as|on|by)\b|$)")


def we_call_proposals(text: str, kind_of, problem_heads: frozenset[str] = frozenset()) -> list[Found]:
    """What the paper names with "we call/term/name": "a method we call zorb transfer", "We term this
    evaluation paradigm the Zorb Test (ZT)", "We name it Zorb". The thing named is one of the proposal
    kinds (a method, a framework, a metric, ...): "a phenomenon we term X" and "We call this X" with a
    lower-case X (a finding) are not proposals."""
    out: list[Found] = []
    if not any(w in text for w in _WE_CALL_WORDS):
        return out
    for v in _WE_CALL.finditer(text):
        kind = None
        before = _KIND_BEFORE.search(text, max(0, v.start() - 80), v.start())
        pos = v.end()
        if before:
            kind = kind_of(before.group(1))
            if kind is None:
                continue  # "a phenomenon we term X", "a fairness issue, which we term X"
            it = _IT.match(text, pos)  # "a simple strategy, we call it Zorb Pooling"
            pos = it.end() if it else pos
        else:
            obj = _OBJECT.match(text, pos)
            if obj is None:
                continue
            pos = obj.end()
            if obj.group(1):  # "this simplified training strategy": the last kind noun ends the object
                words = list(_OBJECT_WORD.finditer(text, obj.start(1), obj.end(1)))
                if any(w.group(1) in problem_heads or w.group(1) in ("a", "an") for w in words):
                    continue  # "We call this setting X", "We call such a policy X"
                for w in words:
                    if kind_of(w.group(1)):
                        kind, pos = kind_of(w.group(1)), w.end()
                if kind is None:
                    continue
                gap = _GAP.match(text, pos)
                if gap is None:
                    continue
                pos = gap.end()
        m = _CALLED_NAME.match(text, pos)
        if m is None:
            continue
        name = m.group(1)
        if kind is None and not (name[0].isupper() and sum(c.isupper() for c in name) >= 2):
            continue  # "We call this brittle memory": a finding, not a proposal
        if name[0].islower() and len(name.split()) > 4 or known_technique(name):
            continue
        out.append((name, m.start(1), kind, 0.7, ""))
    return out


# A title-case phrase that ends in a part noun: "a Stateful Zorb Encoder", "the Flarp Gating Mechanism", "Zorb Loss"
_PART_WORD = r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*|[A-Z]{2,}(?:-[A-Za-z]+)?)"
_HEADED = re.compile(r"(?<![\w&/-])((?:" + _PART_WORD + r"\s+){1,4}([A-Z][a-z]+))(?![\w-])(?!\s*\()"
                     r"(?!\s+(?:[A-Z]|of\b|to\b|for\b))")
_LEAD = frozenset("The A An Our This These Its Their Then First Second Third Finally We In It Each".split())


def headed_parts(text: str, heads: frozenset[str], generic: frozenset[str] = frozenset(),
                 generic_words: frozenset[str] = frozenset()) -> list[Found]:
    """Named parts of the paper's system: a title-case phrase of two or more words that ends in a part noun
    (``heads``: module, mechanism, block, head, loss, encoder, ...) and ends there (not "Zorb Module
    Substitution", not a long form before its acronym): "Deep Zorb also features a Flarp Fusion Block",
    "the Zorb Gating Mechanism amplifies ...". Not a known or common term ("Bidirectional Encoder")."""
    out: list[Found] = []
    for m in _HEADED.finditer(text):
        if m.group(2).lower() not in heads:
            continue
        name, start = m.group(1), m.start(1)
        first = name.split(None, 1)
        if first[0] in _LEAD:
            if " " not in first[1]:
                continue
            name, start = first[1], start + len(first[0]) + 1
        words = name.split()
        if known_phrase(name, generic) or any(w.lower() in generic_words or known_technique(w) for w in words[:-1]):
            continue  # "Transformer Encoder", "LSTM Decoder", "LPIPS Loss": a known thing's part
        if text.rfind("(", 0, start) > text.rfind(")", 0, start) or _spelled_out(name, text):
            continue  # "ZORB (Zebra Orbit Module)", "a Zebra Orbit Module or ZOM": the long form of a name
        out.append((name, start, "method", 0.6, ""))
    return out


_CAPS_WORD = re.compile(r"(?<![\w-])[A-Za-z]*[A-Z][A-Za-z]*[A-Z][\w-]*")


def _spelled_out(name: str, text: str) -> bool:
    """Whether ``name`` is the long form of an acronym the text uses: "Bi-Positional Zorb Encoder" of "BiPZE"."""
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w)
    if len(initials) < 2:
        return False
    return any("".join(c for c in m.group(0) if c.isupper()) == initials.upper() for m in _CAPS_WORD.finditer(text))
