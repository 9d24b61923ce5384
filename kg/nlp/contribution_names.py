"""Whether a string found by the contribution rules reads as a name, and what kind of thing it names.

Helpers of :mod:`kg.nlp.contributions`, driven by the cue words of ``kg/nlp/data/contributions.jsonl``.
"""
from __future__ import annotations

import re

from kg.nlp.contribution_cues import ContributionCues

_WORD = re.compile(r"[A-Za-z][\w\-]*")
_PARTICIPLE = re.compile(r"[a-z]+ed")
_ABBR_OK = re.compile(r"^(?=.*[A-Z])[\w+\-.]+(?:\s[\w+\-.]+)?$")


def is_name(name: str, cues: ContributionCues) -> bool:
    """Whether ``name`` looks like a name (not a common word, not "LLM-based")."""
    words = name.split()
    if not words or name.casefold() in cues.not_names or words[0].casefold() in cues.not_name_starts:
        return False
    first = words[0]
    if not (first[0].isupper() or first[0].isdigit()):
        return False
    if first[0].isdigit() and not re.search(r"[A-Za-z]", first):
        return False
    last_seg = words[-1].rsplit("-", 1)
    if len(last_seg) == 2 and (last_seg[1].casefold() in cues.variant_block or _PARTICIPLE.fullmatch(last_seg[1])):
        return False  # "LLM-based", "UI-integrated", "GPU-accelerated": an adjective
    if len(words) == 1 and first.isalpha() and first.lower() in cues.kind_nouns:
        return False
    return True


def _is_abbreviation(text: str) -> bool:
    return bool(_ABBR_OK.match(text)) and len(text) <= 20 and sum(ch.isupper() for ch in text) >= 2


def _kind_of_np(text: str, cues: ContributionCues) -> str | None:
    """Kind of the noun phrase at the start of ``text`` (its last kind noun before a stop word)."""
    kind = None
    for i, m in enumerate(_WORD.finditer(text[:160])):
        w = m.group(0).lower()
        if i >= 9 or w in _NP_STOP or text[m.end():m.end() + 1] in ",;.:(" and i > 0 and w not in cues.kind_nouns:
            break
        if w in cues.kind_nouns:
            kind = cues.kind_nouns[w]
        if text[m.end():m.end() + 1] in ",;.:(":
            break
    return kind


_NP_STOP = frozenset(
    "that which who for to of with in on by where designed trained built based using via from "
    "is are was can will capable".split())


def _kind_from_name(name: str, long_form: str, cues: ContributionCues) -> str | None:
    if re.search(r"-\d+(?:\.\d+)?[BbMm]\b", name):
        return "model"
    for text in (long_form, name):
        if not text:
            continue
        orig = re.split(r"[\s\-]+", text.strip())[-1]
        last = orig.lower()
        for suffix, kind in sorted(cues.name_suffix_kinds.items(), key=lambda kv: -len(kv[0])):
            # a whole word or a capitalised part: "Transformer", "ResNet", "ZorbGPT"; not "Gannet"
            if last.endswith(suffix) and (last == suffix or orig[-len(suffix)].isupper()):
                return kind
        if last in cues.kind_nouns:
            return cues.kind_nouns[last]
    return None


# Last parts of lower-case words that describe rather than name: "multi-agent", "rule-based".
_DESCRIPTIVE_ENDS = ("based", "driven", "free", "aware", "oriented", "biased", "agnostic", "specific", "guided",
                     "agent", "modal", "symbolic", "supervised", "level", "scale", "step", "source", "time")
_LEADING_FUNCTION_WORDS = frozenset("as of in on at to for by with from and or the a an".split())


def plausible_lowercase_name(name: str) -> bool:
    """A name without capitals or digits must read as a noun phrase naming something:
    several words ("collaborative decoding") or a hyphenated noun ("self-endorsement"),
    not one plain word ("position"), an adjective ("multi-agent", "data-driven") or a
    phrase starting with a function word ("as open source")."""
    if any(c.isupper() or c.isdigit() for c in name):
        return True
    words = name.split()
    if not words or words[0] in _LEADING_FUNCTION_WORDS:
        return False
    if len(words) == 1 and "-" not in words[0]:
        return False
    return not words[-1].rsplit("-", 1)[-1].endswith(_DESCRIPTIVE_ENDS)


_APPOS_NP = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:,|:|--|—)\s*(?:a|an|the)\s+")


def names_a_problem(after: str, cues: ContributionCues) -> bool:
    """Whether the apposition after a name calls it a task or problem: "X (Y), a novel multimodal
    generation task that ..." (the noun phrase's first head noun is a problem word, before any kind noun)."""
    m = _APPOS_NP.match(after)
    if m is None:
        return False
    words = after[m.end():m.end() + 120].split()[:9]
    for i, raw in enumerate(words):
        w = raw.rstrip(",;:.").lower()
        if w in cues.not_proposal_heads:
            nxt = words[i + 1].lower() if i + 1 < len(words) and raw == raw.rstrip(",;:.") else ""
            if not nxt or nxt in _NP_STOP or nxt in ("where", "in", "requiring", "focusing") or nxt.endswith(("ing", "ed")):
                return True  # the phrase ends with the problem word: "a novel task that ..."
            continue  # "a task space", "a problem generation framework"
        if w in cues.kind_nouns or w in _NP_STOP or w.endswith("ing"):
            return False
    return False
