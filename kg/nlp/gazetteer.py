"""Gazetteer: known datasets, models, methods, tasks and metrics, matched as phrases.

The names live in ``kg/nlp/data/*.jsonl`` (one record a line, as in scispacy)::

    {"id": "dataset:gsm8k", "label": "GSM8K", "type": "dataset", "aliases": ["GSM8K", "GSM-8K"]}

Optional fields: ``"long_forms": [...]`` (what an acronym alias stands for, as
"Segment Anything Model" for ``SAM``: an abstract that defines the acronym as
something else, "Sharpness-Aware Minimization (SAM)", does not mean this entry),
``"family": true`` (a model family: versions and variants may
follow the name, as in ``Qwen9.5-Coder-70B``), ``"needs_version": true`` (the bare
family name is not a model, as ``GPT``), ``"case_sensitive": true|false``.

Aliases are added in bulk to two :class:`~spacy.matcher.PhraseMatcher` objects:
one on ``LOWER`` for names that are safe to match in any case, one on ``ORTH``
for short acronyms and capitalised words that double as English words
("RL", "Mistral", "Falcon").
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.errors import ConfigError
from kg.keys import entity_key
from kg.nlp import extensions  # noqa: F401  (registers Span._.component etc.)
from kg.nlp import firing
from kg.nlp.lists import add_candidate

DATA_DIR = Path(__file__).parent / "data"
TYPES = ("dataset", "model", "method", "task", "metric")
# files in the data folder that hold other components' data, not gazetteers
NOT_GAZETTEERS = ("contributions", "results")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...]
    family: bool = False
    needs_version: bool = False
    case_sensitive: bool | None = None
    long_forms: tuple[str, ...] = ()

    @property
    def ent_label(self) -> str:
        return self.type.upper()


def alias_case_sensitive(alias: str, entry: Entry) -> bool:
    """Whether ``alias`` must match with its case as written.

    Lowercase phrases ("chain-of-thought", "question answering") and names
    with digits, spaces or hyphens ("GSM8K", "SWE-bench Verified") match in
    any case; single words in capitals or CamelCase ("RL", "Mistral",
    "ReCoRD", "MiniMax") match as written (see :func:`case_variants`), since
    in lower case many are English words ("record", "minimax").
    """
    if entry.case_sensitive is not None:
        return entry.case_sensitive
    letters = [c for c in alias if c.isalpha()]
    if not letters:
        return True
    if alias.islower():
        # lowercase phrases ("success rate"); very short ones ("o1") stay exact
        return len(alias) <= 3
    upper = sum(c.isupper() for c in letters)
    if upper == len(letters) and len(letters) >= 2 and not any(c.isdigit() for c in alias):
        return True  # all capitals: MATH, FRAMES, MMLU ("GSM8K" has digits: any case)
    if any(c.isdigit() for c in alias) or " " in alias or "-" in alias:
        return False  # distinctive enough in any case: GSM8K, "SWE-bench Verified", Math-500
    return True  # one word in capitals or CamelCase: RL, Mistral, MultiWOZ ("record" is not ReCoRD)


def case_variants(alias: str) -> list[str]:
    """How a case-sensitive alias may also be written: ``MultiWOZ`` -> ``MULTIWOZ`` (in a title)."""
    if len(alias) > 5 and alias[0].isupper() and not alias.isupper():
        return [alias, alias.upper()]
    return [alias]


class Gazetteer:
    """Entries by id, alias lookup by normal form, and model families."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {}
        self.by_key: dict[str, Entry] = {}
        self.families: dict[str, list[tuple[str, Entry]]] = {}
        for e in entries:
            self.entries[e.id] = e
            for a in e.aliases:
                self.by_key.setdefault(entity_key(a), e)
                if e.family:
                    self.families.setdefault(a.casefold(), []).append((a, e))

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> Entry | None:
        """The entry one of whose aliases has the normal form of ``name``."""
        return self.by_key.get(entity_key(name))

    def family(self, stem: str) -> Entry | None:
        """The model family named ``stem`` (a name without its version), respecting case rules."""
        for alias, entry in self.families.get(stem.casefold(), ()):
            if not alias_case_sensitive(alias, entry) or stem in case_variants(alias):
                return entry
        return None


def default_files() -> list[Path]:
    """Every gazetteer file shipped in ``kg/nlp/data``."""
    return sorted(p for p in DATA_DIR.glob("*.jsonl") if not p.stem.startswith(NOT_GAZETTEERS))


def read_entries(path: Path) -> list[Entry]:
    out: list[Entry] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
                typ = r["type"]
                if typ not in TYPES:
                    raise ValueError(f"type {typ!r} is not one of {', '.join(TYPES)}")
                aliases = tuple(r.get("aliases") or [r["label"]])
                out.append(Entry(id=r["id"], label=r.get("label", aliases[0]), type=typ, aliases=aliases,
                                 family=bool(r.get("family", False)),
                                 needs_version=bool(r.get("needs_version", False)),
                                 case_sensitive=r.get("case_sensitive"),
                                 long_forms=tuple(r.get("long_forms") or ())))
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}:{n}: bad gazetteer record ({exc}); expected "
                                  '{"id", "label", "type", "aliases"}') from exc
    return out


@functools.lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Gazetteer:
    entries: list[Entry] = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise ConfigError(f"gazetteer file {path} does not exist; give paths of JSONL files "
                              f"or leave 'files' empty for the ones in {DATA_DIR}")
        entries.extend(read_entries(path))
    return Gazetteer(entries)


def load_gazetteer(files: Sequence[str | Path] = ()) -> Gazetteer:
    """The gazetteer of ``files`` (default: the shipped ones), read once per process."""
    paths = tuple(str(Path(f).resolve()) for f in files) or _default_paths()
    return _load(paths)


@functools.lru_cache(maxsize=1)
def _default_paths() -> tuple[str, ...]:
    return tuple(str(p) for p in default_files())  # rules call load_gazetteer() per abstract: one glob


class GazetteerMatcher:
    """The ``paperkg_gazetteer`` component: phrase matches as typed candidates."""

    def __init__(self, nlp: Language, name: str, files: Sequence[str], confidence: float):
        self.name = name
        self.confidence = confidence
        self.gazetteer = load_gazetteer(files)
        self.paths = [str(Path(f).resolve()) for f in files] or [str(p) for p in default_files()]
        self._files: dict[str, str] | None = None
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        for e in self.gazetteer.entries.values():
            if e.needs_version:
                continue  # "GPT", "Phi": only with a version (see paperkg_shapes)
            for a in e.aliases:
                if alias_case_sensitive(a, e):
                    exact.setdefault(e.id, []).extend(case_variants(a))
                else:  # tokenised as written: the tokenizer may split "GSM8K" and "gsm8k" differently
                    lower.setdefault(e.id, []).append(a)
        for matcher, table in ((self.lower, lower), (self.exact, exact)):
            for eid, aliases in table.items():
                matcher.add(eid, list(nlp.tokenizer.pipe(aliases)))

    def source_file(self, entry_id: str) -> str:
        """The file an entry came from (for the rule-firing report; read on first use)."""
        if self._files is None:
            self._files = {e.id: p.name for p in map(Path, self.paths) for e in read_entries(p)}
        return self._files.get(entry_id, "?")

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                entry = self.gazetteer.entries[strings[match_id]]
                span = Span(doc, start, end, label=entry.ent_label, kb_id=entry.id)
                if firing.COUNTS is not None:
                    firing.fire("gazetteer:" + self.source_file(entry.id), span.text)
                add_candidate(doc, span, self.name, self.confidence)
        return doc


@Language.factory(
    "paperkg_gazetteer",
    default_config={"files": [], "confidence": 0.9},
    requires=["doc.sents"],
    assigns=["doc.spans"],
)
def make_gazetteer(nlp: Language, name: str, files: list[str], confidence: float) -> GazetteerMatcher:
    """Known names from JSONL gazetteers (``files``; empty = the shipped ``kg/nlp/data`` files)."""
    return GazetteerMatcher(nlp, name, files, confidence)
