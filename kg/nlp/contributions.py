"""``paperkg_contributions``: what a paper itself introduces ("we propose X, a framework ...").

The rules are regular expressions over sentence text, driven by cue words kept
as data in ``kg/nlp/data/contributions.jsonl`` (introduction verbs, the nouns
that decide a proposal's kind, words that are never names). Sources, in order
of trust:

* an introduction cue ("we introduce", "this paper proposes", "we train")
  followed by a name, a name with its abbreviation ("Foo Bar Baz (FBB)"), or a
  kind noun and a name ("a new dataset, called X", "a unified model X");
* the title's prefix before ":" or "--" when it is a single name-shaped token;
* variants of a proposed name ("X-7B", "X-Chat") and "our X model" phrases;
* items of a numbered list that an introduction sentence announces.

Unnamed things ("a novel method") are not proposals, except "a X framework"
when X is a phrase of the title (the paper then uses X as the name).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp import extensions as _extensions  # noqa: F401  (registers Doc._.proposed)
from kg.records import Proposal, Span
from kg.nlp import contribution_rules as rules
from kg.nlp import contribution_titles as titles
from kg.nlp.firing import fire
from kg.nlp.contribution_cues import DEFAULT_CUES, ContributionCues, load_cues
from kg.nlp.contribution_names import (_is_abbreviation, _kind_from_name, _kind_of_np, is_name,
                                      names_a_problem, plausible_lowercase_name)
from kg.nlp.phrases import long_form
from kg.nlp.text import TOK, doc_text, find_word, name_key, sentence_spans

COMPONENT = "paperkg_contributions"

_VARIANT_TAIL = re.compile(rf"-({TOK})(?![\w-])|\s+([A-Z][a-z]+)(?=\s*,\s*(?:a|an)\s)")


@dataclass
class _Found:
    name: str
    start: int  # char offset in the doc text (-1 when not in the text)
    kind: str | None
    confidence: float
    long_form: str = ""


def _found(rows: list[rules.Found]) -> list[_Found]:
    return [_Found(name, start, kind, conf, long) for name, start, kind, conf, long in rows]


# --------------------------------------------------------------------------- the finder


class ContributionFinder:
    """Finds proposals in one abstract; see the module docstring for the rules."""

    def __init__(self, cues: ContributionCues):
        self.cues = cues
        self.p = cues.patterns

    def find(self, text: str, sents: list[tuple[int, int]], title: str = "") -> list[Proposal]:
        found: list[_Found] = []
        starts = [a for a, _ in sents]
        done: set[int] = set()
        def add(rule: str, items: list[_Found]) -> None:
            for f in items:
                fire("contributions." + rule, f.name)
            found.extend(items)

        for v in self.p["verb"].finditer(text):  # one scan; only sentences with a verb cue
            k = bisect_right(starts, v.start()) - 1
            if k >= 0 and k not in done:
                done.add(k)
                found.extend(self._from_sentence(text, sents[k][0], sents[k][1], title))
        add("title_prefix", self._from_title(text, title))
        add("passive_acronym", _found(rules.passive_proposals(text, sents, self._kind_noun)))
        add("called_or_proposed_kind", _found(rules.named_proposals(text, self._kind_noun)))
        add("we_call", _found(rules.we_call_proposals(text, self._kind_noun, self.cues.not_proposal_heads)))
        add("claim_new_name", _found(rules.claim_proposals(text, sents, self._kind_noun)))
        add("our_phrases", self._from_our_phrases(text))
        add("variants", self._variants(text, found))
        add("named_parts", _found(rules.part_proposals(text, sents, [f.name for f in found if f.start >= 0],
                                                        self._kind_noun, self.cues.generic_titled)))
        add("titled_parts", _found(rules.titled_parts(text, [f.name for f in found], self._kind_noun,
                                                          self.cues.generic_titled)))
        if any(f.start >= 0 for f in found):
            add("part_head", _found(rules.headed_parts(text, self.cues.part_heads, self.cues.generic_titled,
                                                             self.cues.part_generic_words)))
        return self._finish(text, sents, found)

    # -- introduction sentences
    def _from_sentence(self, text: str, s: int, e: int, title: str) -> list[_Found]:
        sent = text[s:e]
        out: list[_Found] = []
        for cue in self.p["verb"].finditer(sent):
            left = self.p["cue_left"].search(sent, max(0, cue.start() - 60), cue.start())
            if not left or (left.group(1) and not re.search(r"\bwe\b", sent[:left.start()], re.I)):
                continue
            verb = cue.group(1).lower()
            strong = verb in self.cues.strong_verbs
            pos = cue.end()
            got, rule = self._after_cue(sent, pos, s, strong, title), "intro_cue"
            if verb in self.cues.needs_kind_verbs:
                # "we study X (X), where", "a phenomenon we term X": a problem, a finding (``we_call`` names methods)
                kept = [f for f in got if f.kind or f.name.lower() in title.lower()]
                for f in (f for f in got if f not in kept):
                    fire("contributions.drop_weak_cue_without_kind", f.name)
                got = kept
            if not got and strong:
                got, rule = _found(rules.quoted_proposals(text, s, e, s + pos, self._kind_noun)), "intro_quoted"
                if not got:
                    got, rule = _found(rules.acronym_proposals(text, s, e, s + pos, self._kind_noun,
                                                               self._names_a_problem,
                                                               self.cues.data_nouns,
                                                               self.cues.generic_titled)), "intro_acronym"
            if ":" in sent[pos:]:
                items = self._enumeration(text, s + pos + sent[pos:].index(":"))
                for f in items:
                    fire("contributions.enumeration", f.name)
                out.extend(items)
            for f in got:
                fire("contributions." + rule, f.name)
            out.extend(got)
        return out

    def _after_cue(self, sent: str, pos: int, base: int, strong: bool, title: str) -> list[_Found]:
        rest = sent[pos:]
        p = self.p
        m = p["kind_then_name"].match(rest)
        if m and strong and self._ok_modifiers(m.group(1)):
            kind = self.cues.kind_nouns[m.group(2).lower()]
            return self._named(sent, pos + m.start(3), base, kind, 0.85)
        m = p["name_then_kind"].match(rest)
        if m and strong and is_name(m.group(1), self.cues):
            kind = self.cues.kind_nouns[m.group(2).lower()]
            return [_Found(m.group(1), base + pos + m.start(1), kind, 0.85)]
        if re.match(r"(?:a|an|two|three|four|several|our|this|these|its)\s", rest, re.I):
            m = p["mod_kind"].match(rest)
            if m and strong and title:
                return self._title_modifier(m, base + pos, title)
            return []
        if re.match(r"the\s", rest, re.I) and not re.match(r"the\s+[A-Z]", rest):
            return []
        offset = pos + (4 if re.match(r"the\s", rest) else 0)
        return self._named(sent, offset, base, None, 0.9 if strong else 0.8, allow_lower=strong)

    def _ok_modifiers(self, mods: str) -> bool:
        return not any(w in {"of", "for", "to", "that", "which"} for w in mods.split())

    def _named(self, sent: str, pos: int, base: int, kind: str | None, conf: float,
               allow_lower: bool = False) -> list[_Found]:
        """Names starting at ``sent[pos:]``, with coordinated ones ("X and Y")."""
        out: list[_Found] = []
        for _ in range(4):
            rest = sent[pos:]
            got = self._one_name(rest, allow_lower)
            if got is None:
                break
            name, nstart, end, long_form = got
            if not is_name(name, self.cues) and not (allow_lower and nstart == 0 and name[0].islower()):
                break
            after = rest[end:]
            if not kind and self._names_a_problem(after):  # "we introduce Zorb Tracking (ZT), a novel task"
                fire("contributions.drop_problem_apposition", name)
                break
            k = kind or self._appositive_kind(after) or _kind_from_name(name, long_form, self.cues)
            out.append(_Found(name, base + pos + nstart, k, conf, long_form))
            c = self.p["coord"].match(after)
            if not c:
                break
            pos += end + c.end()
            allow_lower = False
        return out

    def _one_name(self, rest: str, allow_lower: bool) -> tuple[str, int, int, str] | None:
        m = self.p["abbr"].match(rest)
        if m and not re.search(r"[,;:.]\s", m.group(1)):
            phrase, inner = m.group(1), m.group(2).strip()
            if phrase.startswith("the "):
                phrase = phrase[4:]
            if _is_abbreviation(inner) and len(phrase.split()) >= 2:
                return inner, m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip())), m.end(), phrase
            if len(phrase.split()) == 1 and len(inner.split()) >= 2:
                start = m.start(1) + (4 if m.group(1).startswith("the ") else 0)
                return phrase, start, m.end(), inner
        m = self.p["cap"].match(rest)
        if m:
            return m.group(1), m.start(1), m.end(1), ""
        if allow_lower:
            m = self.p["lower"].match(rest)
            if m:
                name = m.group(1)
                words = name.split()
                if len(words) >= 2 and words[0].lower() not in self.cues.not_name_starts:
                    return name, 0, m.end(1), ""
        return None

    def _appositive_kind(self, after: str) -> str | None:
        after = re.sub(r"^\s*\([^()]*\)", "", after)
        m = self.p["appos"].match(after)
        if not m or not m.group(0).strip():
            return None
        return _kind_of_np(after[m.end():], self.cues)

    def _title_modifier(self, m: re.Match[str], base: int, title: str) -> list[_Found]:
        words = m.group(1).split()
        while words and words[0].lower() in self.cues.not_name_starts | _ADJECTIVES:
            words = words[1:]
        if not words:
            return []
        phrase = " ".join(words)
        if len(words) < 2 and not _NOMINAL.search(phrase):
            if "-" in phrase:
                fire("contributions.drop_one_word_title_modifier", phrase)  # "a multi-robot system", "a zero-shot method"
            return []
        if next(find_word(title.lower(), phrase.lower()), None) is None or rules.known_phrase(phrase, self.cues.generic_titled):
            return []  # not in the title, or a known term ("we train a flow matching model", "a deep learning framework")
        kind = self.cues.kind_nouns[m.group(2).lower()]
        start = base + m.start(1) + m.group(1).index(words[0])
        fire("contributions.title_modifier", phrase)
        return [_Found(phrase, start, kind, 0.6)]

    def _enumeration(self, text: str, colon: int) -> list[_Found]:
        out: list[_Found] = []
        window = text[colon:colon + 700]
        expected = 1
        for m in self.p["enum_item"].finditer(window):
            label = m.group(1)
            n = int(label) if label.isdigit() else len(label) if set(label) == {"i"} else 4
            if n != expected:
                break
            expected += 1
            name = m.group(2)
            if is_name(name, self.cues):
                kind = self._appositive_kind(window[m.end(2):]) or _kind_from_name(name, "", self.cues)
                out.append(_Found(name, colon + m.start(2), kind, 0.7))
        return out if len(out) >= 2 else []

    # -- other sources
    def _from_title(self, text: str, title: str) -> list[_Found]:
        m = self.p["title"].match(title or "") or titles.glued_title(title or "")
        report = titles.report_name(title)
        if report:
            fire("contributions.title_report", report)  # "Zorb-OCR Technical Report"
            prefix = report
        elif not m:
            return []
        else:
            prefix = m.group(1).strip()
            if m.re is titles.GLUED_TITLE:
                fire("contributions.title_glued_colon", prefix)  # "ZORB:Zebra Orbit Learning"
        if report or " " in prefix and titles.title_phrase_name(prefix, title[m.end():], text, self.cues.title_lead_words):
            fire("contributions.title_phrase_prefix", prefix)  # "Talk to a Zorb: An Interactive ...", "Zorb 2: ..."
        elif " " in prefix or not is_name(prefix, self.cues):
            return []
        at = next(find_word(text.lower(), prefix.lower()), -1)
        name = text[at:at + len(prefix)] if at >= 0 else prefix
        rest = title[m.end():] if m and not report else ""
        kind = self._kind_in_text(text, name)
        if kind is None and (kind := titles.title_apposition_kind(rest, self.cues)):
            fire("contributions.title_apposition_kind", f"{name} ({kind})")  # "Zorb: A Benchmark Dataset for"
        return [_Found(name, at, kind, 0.9)]

    def _from_our_phrases(self, text: str) -> list[_Found]:
        out = []
        if not self.p["our_any"].search(text):
            return out
        for m in self.p["our_name_kind"].finditer(text):
            if is_name(m.group(1), self.cues):
                out.append(_Found(m.group(1), m.start(1), self.cues.kind_nouns[m.group(2).lower()], 0.75))
        for m in self.p["our_kind_name"].finditer(text):
            name = m.group(2)
            if is_name(name, self.cues) and ("-" in name or re.search(r"[a-z][A-Z]", name)):
                out.append(_Found(name, m.start(2), self.cues.kind_nouns[m.group(1).lower()], 0.7))
        return out

    def _variants(self, text: str, found: list[_Found]) -> list[_Found]:
        out = []
        for base in {f.name for f in found if " " not in f.name and f.start >= 0}:
            i = text.find(base)
            while i >= 0:
                m = _VARIANT_TAIL.match(text, i + len(base))
                if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-")):
                    suffix = m.group(1) or m.group(2)
                    if suffix.split("-")[-1].lower() not in self.cues.variant_block:
                        kind = self._appositive_kind(text[m.end():]) or ("model" if m.group(1) else None)
                        out.append(_Found(text[i:m.end()], i, kind, 0.7))
                i = text.find(base, i + 1)
        return out

    def _kind_in_text(self, text: str, name: str) -> str | None:
        for at in find_word(text, name):
            after = text[at + len(name):]
            k = self._appositive_kind(after)
            if k:
                return k
            n = self.p["name_kind_any"].match(after)
            if n:
                return self.cues.kind_nouns[n.group(0).strip().lower()]
            n = _IS_A.match(after)  # "Zorb-OCR is an efficient multimodal model"
            if n and (k := _kind_of_np(after[n.end():], self.cues)):
                return k
        return None

    def _names_a_problem(self, after: str) -> bool:
        return names_a_problem(after, self.cues)

    def _kind_noun(self, word: str) -> str | None:
        return self.cues.kind_nouns.get(word.lower())

    # -- assembling
    def _finish(self, text: str, sents: list[tuple[int, int]], found: list[_Found]) -> list[Proposal]:
        found = [_short_form(text, f) for f in found]
        if any(f.start >= 0 and f.confidence >= 0.7 for f in found):  # a name only the title has is used when the abstract names none
            found = [f for f in found if f.start >= 0]
        best: dict[str, _Found] = {}
        for f in found:
            key = name_key(f.name)
            if not key or not plausible_lowercase_name(f.name):
                continue
            old = best.get(key)
            if old is None or (old.kind is None and f.kind) or (old.start < 0 <= f.start):
                if old is not None:
                    f = _Found(f.name if f.start >= 0 or old.start < 0 else old.name,
                               f.start if f.start >= 0 else old.start, f.kind or old.kind,
                               max(f.confidence, old.confidence), f.long_form or old.long_form)
                best[key] = f
        ordered = sorted(best.values(), key=lambda f: (f.start if f.start >= 0 else -1))
        out = []
        for f in ordered:
            kind = f.kind or self._kind_in_text(text, f.name) or _kind_from_name(f.name, f.long_form, self.cues) or "method"
            span = None
            if f.start >= 0:
                s, e = next(((a, b) for a, b in sents if a <= f.start < b), (0, len(text)))
                span = Span(f.start, f.start + len(f.name), text[s:e], COMPONENT, f.confidence)
            out.append(Proposal(f.name, kind, span))
        return out


# one hyphenated word that names a thing ("a self-endorsement framework"), not a modifier ("a zero-shot method")
_NOMINAL = re.compile(r"-[a-z]+(?:ment|tion|sion|ness|ity|ance|ence|ism)$")
_IS_A = re.compile(r"\s+is\s+(?:a|an)\s+")
_SHORT_AFTER = re.compile(r"[}”\"]?~?\s*\((?:\\\w+\{)?([A-Za-z][\w+.$^-]{0,18}[\w$])\}?\)")


def _short_form(text: str, f: _Found) -> _Found:
    """The short form the abstract defines right after a name: "The OpenThoughts-Agent (OT-Agent)" -> "OT-Agent"."""
    if f.start < 0 or f.long_form:
        return f
    m = _SHORT_AFTER.match(text, f.start + len(f.name))
    if m is None:
        return f
    short = m.group(1)
    if (len(short) >= len(f.name) or short[0].lower() != f.name[0].lower() or sum(c.isupper() for c in short) < 2
            or long_form(text, m.start(1) - 1, short) is None):
        return f
    return _Found(short, m.start(1), f.kind, f.confidence, f.name)


_ADJECTIVES = frozenset(
    "simple effective efficient general generic principled unified scalable lightweight robust "
    "large small new novel first fully open universal modular flexible powerful practical".split())


def find_proposals(text: str, title: str = "", sents: list[tuple[int, int]] | None = None,
                   cues: ContributionCues | None = None) -> list[Proposal]:
    """Proposals in ``text`` (an abstract), using ``title`` when given."""
    cues = cues or load_cues()
    if sents is None:
        import spacy

        sents = sentence_spans(spacy.blank("en").make_doc(text))
    return ContributionFinder(cues).find(text, sents, title)


@Language.factory(COMPONENT, default_config={"cues_path": None})
def make_contributions(nlp: Language, name: str, cues_path: str | None) -> "ContributionsComponent":
    return ContributionsComponent(load_cues(cues_path or DEFAULT_CUES))


class ContributionsComponent:
    """Sets ``doc._.proposed``; reads the title from ``doc.user_data["title"]`` when present."""

    def __init__(self, cues: ContributionCues):
        self.finder = ContributionFinder(cues)

    def __call__(self, doc: Doc) -> Doc:
        title = doc.user_data.get("title") or ""
        doc._.proposed = self.finder.find(doc_text(doc), sentence_spans(doc), str(title))
        return doc
