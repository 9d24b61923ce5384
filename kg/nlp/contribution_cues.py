"""Cue words of the contribution finder, read from JSONL (``data/contributions.jsonl``), and the
regular expressions compiled from them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import ConfigError
from kg.nlp.text import DATA_DIR, TOK, alternation, read_jsonl

DEFAULT_CUES = DATA_DIR / "contributions.jsonl"
KINDS = ("method", "model", "dataset", "benchmark", "framework", "system", "metric")

# A name-shaped token: starts with a capital or digit, may hold hyphens, dots, "+".
# A capitalised phrase: tokens joined by spaces and a few lowercase connectors.
CAP_PHRASE = rf"{TOK}(?:\s+(?:(?:for|of|with|via|at|from)\s+)?{TOK}){{0,6}}"
# What may follow a name (ends the name).
NAME_END = r"(?=\s*(?:,|:|;|--|—|\s-\s|\(|\.(?:\s|$)|$|\s+(?:which|that|to|for|as|with|in|on|and|by|where|is|are|achieves?|improves?|outperforms?)\b))"


@dataclass(frozen=True)
class ContributionCues:
    """Cue words read from a JSONL file (see ``data/contributions.jsonl``)."""

    strong_verbs: frozenset[str]
    weak_verbs: frozenset[str]
    subjects: tuple[str, ...]
    name_links: frozenset[str]
    kind_nouns: dict[str, str]
    name_suffix_kinds: dict[str, str]
    not_names: frozenset[str]
    not_name_starts: frozenset[str]
    variant_block: frozenset[str]
    generic_titled: frozenset[str] = frozenset()
    needs_kind_verbs: frozenset[str] = frozenset()  # "we study X" proposes X only as "X, a new benchmark"
    not_proposal_heads: frozenset[str] = frozenset()
    part_heads: frozenset[str] = frozenset()  # "Module", "Loss": a title-case phrase ending in one names a part
    data_nouns: frozenset[str] = frozenset()  # "zorb ultrasound (ZUS) images": an acronym of the data, not a proposal
    part_generic_words: frozenset[str] = frozenset()  # "Transformer Encoder": a part of a generic architecture
    title_lead_words: frozenset[str] = frozenset()  # "Rethinking X: A ...": a title that names no system  # "X, a novel ... task": a problem, not a proposal  # title-case terms that name no new thing ("Monte Carlo")
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)


@lru_cache(maxsize=8)
def load_cues(path: str | Path = DEFAULT_CUES) -> ContributionCues:
    """Read (once per path) the cue words of the contribution finder."""
    strong: set[str] = set()
    weak: set[str] = set()
    needs_kind: set[str] = set()
    groups: dict[str, set[str]] = {}
    kind_nouns: dict[str, str] = {}
    suffix_kinds: dict[str, str] = {}
    subjects: list[str] = []
    for row in read_jsonl(Path(path)):
        kind, values = row.get("type"), [str(v).lower() for v in row.get("values", [])]
        if kind == "intro_verb":
            (strong if row.get("strong") else weak).update(values)
            if row.get("needs_kind"):
                needs_kind.update(values)
        elif kind == "subject":
            subjects.extend(values)
        elif kind in ("kind_noun", "name_suffix_kind"):
            if row.get("kind") not in KINDS:
                raise ConfigError(f"{path}: kind {row.get('kind')!r} is not one of {', '.join(KINDS)}")
            target = kind_nouns if kind == "kind_noun" else suffix_kinds
            for v in values:
                target.setdefault(v, row["kind"])
        else:
            groups.setdefault(str(kind), set()).update(values)
    cues = ContributionCues(
        strong_verbs=frozenset(strong), weak_verbs=frozenset(weak), subjects=tuple(subjects),
        name_links=frozenset(groups.get("name_link", ())), kind_nouns=kind_nouns,
        name_suffix_kinds=suffix_kinds, not_names=frozenset(groups.get("not_a_name", ())),
        not_name_starts=frozenset(groups.get("not_a_name_start", ())),
        variant_block=frozenset(groups.get("variant_suffix_block", ())),
        generic_titled=frozenset(groups.get("generic_titled", ())), needs_kind_verbs=frozenset(needs_kind),
        not_proposal_heads=frozenset(groups.get("not_a_proposal_head", ())),
        title_lead_words=frozenset(groups.get("title_lead_word", ())),
        part_heads=frozenset(groups.get("part_head", ())),
        part_generic_words=frozenset(groups.get("part_generic_word", ())),
        data_nouns=frozenset(groups.get("data_noun", ())),
    )
    _compile(cues)
    return cues


def _compile(c: ContributionCues) -> None:
    verbs = alternation(c.strong_verbs | c.weak_verbs)
    subj = alternation(c.subjects)
    kinds = alternation(c.kind_nouns)
    links = alternation(c.name_links)
    p = c.patterns
    # "we introduce", "we apply it to create", "this paper proposes", ", and introduce" (after a "we").
    p["verb"] = re.compile(rf"\b({verbs})\b\s*")  # verbs after a subject are lower case
    # "we introduce", ", and introduce" or "and introduce" (after a "we": the finder checks)
    p["cue_left"] = re.compile(rf"(?:\b(?:{subj})\b(?:\s+[a-z][\w\-]*){{0,3}}?\s+|(,\s+(?:and\s+)?|\band\s+))$", re.I)
    p["kind_then_name"] = re.compile(
        rf"^(?:(?:a|an|the|two|three|four|our)\s+)?((?:[a-z][\w\-]*\s+){{0,4}}?)({kinds})\b,?\s+"
        rf"(?:(?:{links})\s+)?({CAP_PHRASE}){NAME_END}")
    p["name_then_kind"] = re.compile(
        rf"^(?:a|an|the|our)\s+(?:[a-z][\w\-]*\s+){{0,2}}({TOK}(?:\s+{TOK}){{0,3}})\s+({kinds})\b")
    p["mod_kind"] = re.compile(rf"^(?:a|an)\s+((?:[a-z][\w\-]*\s+){{1,4}})({kinds})\b")
    p["abbr"] = re.compile(r"^((?:the\s+)?[A-Z][\w+\-.]*(?:\s+[\w+\-.]+){0,9}?)\s*\(([^()]{1,90})\)")
    p["cap"] = re.compile(rf"^(?:the\s+)?({CAP_PHRASE}){NAME_END}")
    p["lower"] = re.compile(r"^([a-z][\w\-]*(?:\s+[\w\-]+){0,3}?)\s*(?=,\s+(?:a|an)\s|:\s|\s+to\s)")
    p["coord"] = re.compile(r"^\s*,?\s+and\s+")
    p["appos"] = re.compile(r"^\s*(?:,|:|--|—|-)\s*(?:(?:a|an|the|our)\s+)?")
    p["name_kind_any"] = re.compile(rf"\s+(?:{kinds})\b")
    p["our_any"] = re.compile(r"\b(?:[Oo]ur|[Tt]he (?:resulting|proposed))\s")
    p["our_name_kind"] = re.compile(
        rf"\b(?:[Oo]ur|[Tt]he resulting|[Tt]he proposed)\s+({TOK})\s+({kinds})\b")
    p["our_kind_name"] = re.compile(
        rf"\b(?:[Oo]ur|[Tt]he resulting)\s+(?:[\w\-]+\s+){{0,3}}?({kinds})\b[^.;,]{{0,80}},\s+"
        rf"(?:\\(?:textbf|emph|textit|textsc|texttt)\{{)?({TOK})\}}?,")  # "our models, \textsc{ZorbTalk}, rival"
    p["enum_item"] = re.compile(
        rf"(?:^|[\s:;,])\(?(\d|i{{1,3}}|iv)\)\s*({CAP_PHRASE})\s*(?=,\s*(?:which|that|a|an)\b|:)")
    p["title"] = re.compile(r"^\s*(.+?)\s*(?::\s|\s--\s|\s—\s|\s-\s)")
