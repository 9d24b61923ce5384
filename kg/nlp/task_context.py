"""Task mentions that do not say the paper addresses the task (GUIDE.md: not application domains, not
tasks named only as background about other work). Pure functions over the text of a sentence.

* other work: a sentence that opens with "Existing", "Prior", "Recent works", ...;
* an application: "X is crucial for autonomous driving", "essential for treatment planning";
* one of a list of capabilities of other systems in the abstract's first two sentences: "LLMs have
  shown remarkable capabilities in reasoning, translation and code generation" (one capability, "VLA
  models excel at zorb manipulation but ...", is as often the paper's own task), and one of the example
  tasks of such a sentence that does not speak of the paper ("These models serve tasks such as X, Y and Z").
"""
from __future__ import annotations

import re

OTHER_WORK = re.compile(r"^\W*(?:However,?\s+)?(?:Existing|Prior|Previous|Traditional|Conventional|Earlier|"
                        r"Most\s+(?:existing|prior|previous|current)|Recent\s+(?:works?|studies|methods|approaches))\b")
APPLICATION_BEFORE = re.compile(r"\b(?:crucial|essential|critical|important|vital|indispensable|necessary|"
                                r"key|fundamental|central|beneficial|useful|valuable|pivotal)\s+(?:for|to|in)\s+"
                                r"(?:the\s+|many\s+|various\s+|downstream\s+|applications?\s+(?:such\s+as|like)\s+)?"
                                r"(?:[\w-]+\s+){0,3}$", re.I)
CAPABILITY = re.compile(r"\b(?:excel(?:s|led)?|perform(?:s|ed)?\s+(?:well|strongly)|(?:demonstrat|show|exhibit|achiev)"
                        r"\w*\s+(?:remarkable|strong|impressive|exceptional|outstanding|excellent|great|"
                        r"significant|promising|notable)\s+(?:capabilit(?:y|ies)|abilit(?:y|ies)|performance|"
                        r"proficiency|success|progress))\s+(?:at|in|on|across|for)\s+"
                        r"(?:(?:various\s+|many\s+|diverse\s+)?(?:tasks|domains|areas),?\s+"
                        r"(?:such\s+as|like|including)\s+)?", re.I)
# "These models handle images and text for various tasks such as X, Y, and Z" (no "we"/"our" in the sentence)
EXAMPLE_TASKS = re.compile(r"\btasks,?\s+(?:such\s+as|like|including)\s+", re.I)
OURS = re.compile(r"\b(?:we|our|this\s+(?:paper|work|study))\b", re.I)
_ITEM = r"(?:[\w-]+\s+){0,4}[\w-]+(?:\s+\([\w-]+\))?"
TASK_LIST = re.compile(_ITEM + r"(?:\s*,\s*" + _ITEM + r")*\s*,?\s+(?:and|or)\s+" + _ITEM)
# words that end a list of tasks: the clause goes on ("... code generation, they face challenges in X")
CLAUSE_WORDS = frozenset("""they it we but yet however which that while whereas although though struggle struggles fail
    fails face faces remain remains still often is are was were has have had can could may might lack lacks""".split())


def not_addressed(sentence: str, offset: int, opening: bool = False) -> str:
    """Why the task mentioned at ``offset`` of ``sentence`` is not one the paper addresses (a rule name), or
    ``""``; ``opening``: the sentence is one of the abstract's first two (where other systems are described;
    a capability later is the paper's own result)."""
    if OTHER_WORK.match(sentence):
        return "other_work"
    near = sentence[max(0, offset - 30):offset]
    if APPLICATION_BEFORE.search(sentence, max(0, offset - 60), offset) and "," not in near:
        return "application"
    if opening and _listed_after(CAPABILITY, sentence, offset):
        return "capability"
    if opening and not OURS.search(sentence) and _listed_after(EXAMPLE_TASKS, sentence, offset):
        return "examples"
    return ""


def _listed_after(cue: re.Pattern[str], sentence: str, offset: int) -> bool:
    """Whether the mention at ``offset`` is one of a list of tasks right after ``cue``."""
    for m in cue.finditer(sentence, max(0, offset - 120), offset):
        items = TASK_LIST.match(sentence, m.end())
        if items and m.end() <= offset < items.end() and not CLAUSE_WORDS.intersection(
                re.findall(r"[a-z]+", items.group().lower())):
            return True
    return False
