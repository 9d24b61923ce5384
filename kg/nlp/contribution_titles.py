"""Title rules of ``paperkg_contributions``: what a paper's title says it introduces.

* a title prefix with spaces that names the system ("Zorb 2: ...", "Zorb Attention: A ...");
* the system of a technical report ("Zorb-OCR Technical Report");
* a one-word name glued to the title's colon ("ZORB:Zebra Orbit Learning");
* the kind the title's apposition gives its name ("Zorb: A Benchmark Dataset for ...").
"""
from __future__ import annotations

import re

from kg.nlp.contribution_names import _kind_of_np
from kg.nlp.contribution_rules import known_technique
from kg.nlp.text import find_word


_TITLE_VERSION = re.compile(r"[A-Z][\w+.-]*(?:\s+[A-Z][\w+.-]*)?\s+(?!(?:19|20)\d\d\b)\d+(?:\.\d+)*")  # "Zorb 2", "Zorb 1.0", not "Zorb 2025"
_TITLE_WORD = re.compile(r"[A-Z0-9][\w+.&-]*|a|an|the|of|to|for|with|and|in|on|as")
_TITLE_APPOS = re.compile(r"(?:A|An)\s+(?!(?:\w+\s+){0,2}(?:[Ss]urvey|[Rr]eview|[Ss]tudy|[Oo]utlook|[Rr]oadmap|[Pp]erspective|"
                          r"[Tt]utorial|[Pp]rimer|[Pp]osition|[Cc]ase|[Cc]omparison|[Aa]nalysis|[Ee]valuation)\b)")


def title_phrase_name(prefix: str, rest: str, text: str, lead_words: frozenset[str]) -> bool:
    """Whether a title prefix with spaces names the paper's system: a version ("Zorb 2: ...", "Zorb 1.0: ...")
    or a title-case phrase of up to five words the abstract uses, before "A/An ..." that is not a survey or
    study: "Talk to a Zorb: An Interactive Co-Scientist", "Zorb Attention: A Generalization of ..."."""
    if _TITLE_VERSION.fullmatch(prefix):
        return True
    words = prefix.split()
    if len(words) > 5 or words[0].lower() in lead_words or not words[-1][0].isupper():
        return False
    if not all(_TITLE_WORD.fullmatch(w) for w in words) or not _TITLE_APPOS.match(rest):
        return False
    return next(find_word(text, prefix), -1) >= 0 and not known_technique(prefix)


_REPORT = re.compile(r"\s*([A-Z0-9][\w.+-]*(?:\s+[\w.+-]+){0,3}?)\s+(?:Technical|Tech)\s+Report\b")
_NOT_A_SYSTEM = re.compile(r"\b(?:Competition|Challenge|Workshop|Shared|Task|Track|Solution)\b")


def report_name(title: str) -> str:
    """The system a technical report is about: "Zorb-OCR Technical Report", "Zorb 1.0 Tech Report: ..."
    (not a competition's or a shared task's report)."""
    m = _REPORT.match(title)
    if m is None or _NOT_A_SYSTEM.search(m.group(1)) or m.group(1).endswith(":"):
        return ""
    return m.group(1)


# "ZORB:Zebra Orbit Learning": a one-word name glued to the title's colon (not "Re:Thinking", not a URL)
GLUED_TITLE = re.compile(r"^\s*([A-Z][\w+.-]*[A-Z0-9][\w+.-]*):(?=[A-Z][a-z])")


def glued_title(title: str) -> "re.Match[str] | None":
    """The title's one-word prefix before a colon with no space after it: "ZORB:Zebra Orbit Learning"."""
    return GLUED_TITLE.match(title)


# "Zorb: A Benchmark Dataset for ...", "Zorb: An Open Corpus of ...": the kind noun of the title's apposition
_TITLE_KIND_NP = re.compile(r"\s*(?:A|An|The)\s+")


def title_apposition_kind(rest: str, cues) -> "str | None":
    """The kind the title's apposition gives its name ("A Benchmark Dataset for X" -> dataset): the last kind
    noun of the noun phrase that opens the rest of the title."""
    m = _TITLE_KIND_NP.match(rest)
    if m is None:
        return None
    return _kind_of_np(rest[m.end():], cues)
