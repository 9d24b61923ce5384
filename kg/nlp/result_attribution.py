"""Who obtains a result and where: the subject and dataset of each number.

Subject, in this order:

1. pairing: "A and B reach 41% and 52%, respectively"; "41% for A"; "A: 41%",
   "A (41%)", "(A, 41%)";
2. the nearest named system (a proposal or a model) before the number in its
   clause that stands in subject position: not after a preposition, a
   comparison word or a verb ("reduces Whisper's errors", "fine-tune X");
   a method only when no model is named in the sentence;
3. "our method", "it", "we" -> the paper's own system;
4. the subject carried from an earlier sentence;
5. the best guess in reach: the paper's system, else a model of the sentence.

Dataset: typed datasets only. Lists of values and of datasets of the same
length pair in order; otherwise the nearest dataset after the number in its
clause, else before it. A name after a comparison word ("by 3 points over X")
is what is compared against, and "X's" is an owner, not a dataset.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.nlp.result_numbers import Num, ResultCues
from kg.records import Proposal

DATA_KINDS = frozenset({"dataset", "benchmark"})
_DS_SEP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+|,?\s+as well as\s+)")
_SUBJ_SEP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+|\s*/\s*)")
_COMPARE_LEAD = re.compile(r"\b(?:than|over|against|versus|vs\.?|compared\s+(?:to|with)|relative\s+to|"
                           r"outperform\w*|surpass\w*|beat\w*|exceed\w*)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# words that may stand between a clause start and its subject ("While the base model X ...")
_LEAD_OK = frozenset("""and or the a an our their its this that these those which while whereas but both also
then thus hence only even model models variant variants version versions system systems baseline baselines
method methods agent agents framework approach open-source proprietary base best strongest largest smallest
small large new proposed resulting final original vanilla standard frontier closed-source leading every
each all same overall notably finally moreover furthermore specifically""".split())
_PAIR_SEP = re.compile(r"\s*[:=(]\s*|\s+(?:achieves?|reach(?:es)?|scores?|gets?|obtains?)\s+")
_FOR_AFTER = re.compile(r"\s*(?:[\w\-]+\s+){0,2}?for\s+(?:the\s+)?$", re.I)
_PAREN_NAME = re.compile(r"(?<![\w\-])(?<!\bat )(?<!\bon )(?<!\bin )(?<!\bto )(?<!\bof )"
                         r"([A-Z][A-Za-z]*[\-.]?\d[\w.\-]*[\w]|[A-Z][a-z]+[A-Z][\w\-]*)\s*\(\s*$")
_LEAD_PHRASE = re.compile(r"(?:On|In|Across|For|Evaluated on|Tested on|When evaluated on)\s[^,;]{2,80},")
_RESPECTIVELY = re.compile(r"[^.;]{0,40}?\brespectively\b")
_NAME_VERB = re.compile(r"(?<![\w\-])([A-Z][A-Za-z]*[A-Z0-9][\w\-]*)\s+(?:\w+ly\s+)?"
                        r"(?:(?:achiev|improv|reduc|scor|increas)(?:es|ed)|"
                        r"(?:outperform|reach|yield|attain|surpass|obtain|deliver|boost|exceed|result)(?:s|es|ed)?)\b")
_NAME_HEAD = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w\-]*\s+){1,5}?)(?:algorithm|method|model|framework|approach|system)\b")
_TITLE_NAME = re.compile(r"\s*([A-Z][A-Za-z]*[A-Z0-9][\w\-]*)\s*:")
_IT = re.compile(r"\b(?:[Ii]t|[Ii]ts)\b")
_WE = re.compile(r"\b(?:we|our\s+(?!results|experiments|analysis|findings|evaluation|study)[\w\-]+)\b", re.I)
_SIZED_NAME = re.compile(r"(?<![\w\-])[A-Z][\w.\-]*-\d+(?:\.\d+)?[BM](?:-[\w\-]*\w)?(?![\w\-])")


@dataclass(frozen=True)
class Mention:
    """An entity span of the abstract: ``(text, start, end, label)``."""

    text: str
    start: int
    end: int
    label: str


_KEY_DROP = re.compile(r"[\W_]+")


def key(name: str) -> str:
    """:func:`kg.nlp.text.name_key`, cached (names repeat within and across abstracts)."""
    k = _KEYS.get(name)
    if k is None:
        if len(_KEYS) > 50_000:
            _KEYS.clear()
        k = _KEYS[name] = _KEY_DROP.sub("", name.casefold())
    return k


_KEYS: dict[str, str] = {}


def is_proposal(name: str, prop_mentions: list[Mention]) -> bool:
    k = key(name)
    return any(key(p.text) == k for p in prop_mentions)


def in_subject_position(view: str, c0: int, m: Mention) -> bool:
    """True when ``m`` is not the object of a preposition, comparison word or verb in its clause."""
    lead = view[c0:m.start]
    words = re.findall(r"[\w\-']+|[^\w\s]", lead)
    words = words[-6:]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w.endswith("ed") and i and words[i - 1].lower() in ("the", "a", "an", "our", "their", "its"):
            continue  # "the fine-tuned X": an adjective, not a verb
        if w in "()":
            continue  # "Chain-of-Thought (CoT) and X": look past the parentheses
        if not w[0].isalnum():
            return w in ",;:"
        if w[0].isdigit():
            return True  # "A scores 75 and B 89": a new coordinated subject
        lw = w.lower()
        if lw in ("that", "which", "who"):
            return True  # "show that X reaches": the subject of a complement clause
        if lw in _LEAD_OK or (w[0].isupper() and lw not in ("than", "over")):
            continue
        return False
    return True


class Attributor:
    """Subjects and datasets of the numbers of one abstract."""

    def __init__(self, view: str, cues: ResultCues, mentions: list[Mention], prop_mentions: list[Mention],
                 proposals: list[Proposal], datasets: list[Mention], title: str = ""):
        self.view = view
        self.title = title
        self.rx = cues.rx
        self.proposals = proposals
        self.prop_mentions = prop_mentions
        self.datasets = [d for d in datasets if not view.startswith("'s", d.end)]
        doers = [p for p in prop_mentions if p.label not in DATA_KINDS]
        models = [x for x in mentions if x.label == "MODEL" and not self._covered(x, doers)]
        self.methods = [x for x in mentions if x.label == "METHOD" and not self._covered(x, doers)]
        self.systems = sorted(doers + models, key=lambda x: x.start)
        self.typed = mentions
        self.carried: str | None = None

    @staticmethod
    def _covered(x: Mention, others: list[Mention]) -> bool:
        return any(o.start < x.end and x.start < o.end for o in others)

    def own(self, before: int, recent: bool = False) -> str | None:
        """The paper's own system: the last proposal named before ``before``, else the first one."""
        titled = [p for p in self.proposals if p.kind not in DATA_KINDS and p.name and p.name in self.title]
        if titled and not recent:  # the system the title names, not one of its named parts
            return max(titled, key=lambda p: len(p.name)).name
        earlier = [p for p in self.prop_mentions if p.start < before and p.label not in DATA_KINDS]
        if earlier:
            return earlier[-1].text
        doers = [p for p in self.proposals if p.kind not in DATA_KINDS]
        if doers:
            return doers[0].name
        if not self.proposals:  # "KDMOS: Knowledge Distillation for ...": the title names the system
            m = _TITLE_NAME.match(self.title)
            return m.group(1) if m else None
        return None

    # -- subjects
    def pair_subjects(self, s: int, e: int, nums: list[Num]) -> dict[int, Mention]:
        """"A and B reach 41% and 52%, respectively": value lists paired with system lists."""
        if "respectively" not in self.view[s:e]:
            return {}
        lists = _lists([x for x in self.systems if s <= x.start < e], self.view, _SUBJ_SEP)
        out: dict[int, Mention] = {}
        for members in _groups(nums):
            same = [lst for lst in lists if len(lst) == len(members) > 1 and lst[-1].end <= members[0].start]
            if same:
                for n, x in zip(members, same[-1]):
                    out[id(n)] = x
        return out

    def subject(self, s: int, e: int, c0: int, c1: int, n: Num, paired: dict[int, Mention]) -> tuple[str | None, str]:
        """The subject of ``n`` and how it was found: pair, clause, own, carried or guess."""
        view, sign_start = self.view, n.start - len(n.sign)
        if id(n) in paired:
            return paired[id(n)].text, "pair"
        sent_sys = [x for x in self.systems if s <= x.start < e]
        for x in sent_sys:  # "41% for A"
            if n.end <= x.start <= n.end + 40 and _FOR_AFTER.fullmatch(view, n.end, x.start):
                own = self.own(s)
                if n.type == "improvement" and own and not is_proposal(x.text, self.prop_mentions):
                    return own, "own"  # "a 9x speedup for Qwen-7B": the paper's system speeds it up
                return x.text, "pair"
        for x in sent_sys:  # "A: 41%", "A (41%)", "(A, 41%)", "A reaches 41%"
            if x.end <= sign_start and sign_start - x.end <= 12:
                sep = view[x.end:sign_start]
                if _PAIR_SEP.fullmatch(sep) or (sep.strip() == "," and view[x.start - 1:x.start] == "("):
                    return x.text, "pair"
        m = _PAREN_NAME.search(view, max(s, sign_start - 60), sign_start)
        if m and not any(x.start < m.end(1) and m.start(1) < x.end and x.label != "MODEL" for x in self.typed):
            return m.group(1), "pair"  # "Moro-70B (31.5)": an untyped name with its own score
        if n.type == "baseline" and self.rx["baseline_before"].search(view, max(s, sign_start - 40), sign_start):
            return None, "none"  # "compared to 18% for the best prior method": not the clause's subject
        lo = max(c0, s)
        cands = [x for x in sent_sys if lo <= x.start and x.end <= sign_start and in_subject_position(view, lo, x)]
        if not sent_sys:
            cands = [x for x in self.methods if lo <= x.start and x.end <= sign_start
                     and in_subject_position(view, lo, x)]
        if n.type == "baseline" and self.rx["from_before"].search(view, max(s, sign_start - 20), sign_start):
            # "lifts X from 36% to 74%": the starting point is the model before the change
            models = [x for x in sent_sys if x.end <= sign_start and not is_proposal(x.text, self.prop_mentions)]
            if not models:
                models = [Mention(m.group(0), m.start(), m.end(), "MODEL")
                          for m in _SIZED_NAME.finditer(view, s, sign_start)]
            return (models[-1].text, "pair") if models else (None, "none")
        if not cands and lo > s and not any(lo <= x.start < sign_start for x in sent_sys):
            # "X matches Y while reducing Z by 30%": the sentence's subject
            cands = [x for x in sent_sys if x.end <= lo and in_subject_position(view, s, x)][:1]
        if not cands and not sent_sys:
            cands = self._untyped(lo, sign_start)
        if cands:
            x = cands[-1]
            if not is_proposal(x.text, self.prop_mentions):
                # a model tuned or run with the paper's own system: the gain is the system's
                props = [p for p in self.prop_mentions if lo <= p.start < c1 and p.label not in DATA_KINDS]
                if props:
                    return props[0].text, "clause"
            return x.text, "clause"
        before = view[s:sign_start]
        own = self.own(s, recent=bool(_IT.search(view, max(s, sign_start - 80), sign_start)))
        props_in = [p for p in self.prop_mentions if s <= p.start < e and p.label not in DATA_KINDS]
        if props_in:
            return props_in[0].text, "clause"
        ok = self.rx["our_kind"].search(view, s, e)
        if ok:
            same = [p for p in self.proposals if p.kind == ok.group(1).lower()]
            if len(same) == 1:
                return same[0].name, "own"
        if own and (self.rx["pronoun"].search(before) or _WE.search(before) or (ok and ok.start() < n.start)):
            return own, "own"
        if not own:  # "fine-tuning X on our notes yields 55%": the model of the clause
            objs = [x for x in sent_sys if lo <= x.start and x.end <= sign_start
                    and not _COMPARE_LEAD.search(view, max(s, x.start - 30), x.start)]
            if objs:
                return objs[0].text, "guess"
        if self.carried and not is_proposal(self.carried, self.prop_mentions):
            return self.carried, "carried"
        if own:
            return own, "guess"
        sent_sys = [x for x in sent_sys if not _COMPARE_LEAD.search(view, max(s, x.start - 30), x.start)]
        guess = [x for x in sent_sys if x.start < n.start] or sent_sys
        return (guess[0].text, "guess") if guess else (None, "none")

    def _untyped(self, lo: int, hi: int) -> list[Mention]:
        """Names no entity component typed, in subject position: "SRLM outperforms", "the Foo Bar algorithm"."""
        out = []
        for rx in (_NAME_VERB, _NAME_HEAD):
            for m in rx.finditer(self.view, lo, hi):
                name = m.group(1).rstrip()
                x = Mention(name, m.start(1), m.start(1) + len(name), "MODEL")
                if not any(y.start < x.end and x.start < y.end for y in self.typed) and \
                        in_subject_position(self.view, lo, x):
                    out.append(x)
        return sorted(out, key=lambda x: x.start)

    # -- datasets
    def sentence_datasets(self, s: int, e: int) -> list[Mention]:
        return [d for d in self.datasets if s <= d.start < e
                and not _COMPARE_LEAD.search(self.view, max(s, d.start - 30), d.start)]

    def pair_datasets(self, nums: list[Num], sent_ds: list[Mention]) -> dict[int, Mention]:
        """Lists of values paired with lists of datasets of the same length, in order."""
        out: dict[int, Mention] = {}
        if len(sent_ds) < 2:
            return out
        lists = _lists(sent_ds, self.view, _DS_SEP)
        distinct: list[Mention] = []
        for d in sent_ds:
            if all(key(d.text) != key(x.text) for x in distinct):
                distinct.append(d)
        for members in _groups(nums):
            same = [lst for lst in lists if len(lst) == len(members) > 1]
            if not same and len(distinct) == len(members) > 1 and _RESPECTIVELY.match(self.view, members[-1].end):
                same = [distinct]  # "... on A and ... on B, beating X by 5% and 7% respectively"
            if same:
                best = min(same, key=lambda lst: abs(lst[0].start - members[0].start))
                for n, d in zip(members, best):
                    out[id(n)] = d
        return out

    def nearest_dataset(self, n: Num, sent_ds: list[Mention], s: int, c0: int, c1: int) -> Mention | None:
        m = _LEAD_PHRASE.match(self.view, s)
        lead_end = m.end() if m else s
        after = [d for d in sent_ds if n.end <= d.start < c1 and d.start - n.end <= 120]
        if after:
            return min(after, key=lambda d: d.start)
        before = [d for d in sent_ds if c0 <= d.start and d.end <= n.start]
        if before:
            return max(before, key=lambda d: d.start)
        scope = [d for d in sent_ds if d.end <= n.start and d.end <= lead_end]
        if len({key(d.text) for d in scope}) == 1:
            return scope[0]  # "On X, ...": a leading phrase scopes the whole sentence
        return None


# between a number and the metric it is reported in: "45.2 pass@1", "12% relative improvement in F1", "a 43 percent
# improvement to path cost"
_METRIC_AFTER_NUMBER = re.compile(r"\s*\$?\s*(?:(?:higher|lower|better|worse|relative|absolute|average|mean|overall|"
                                  r"improvements?|gains?|increases?|reductions?|drops?)\s+){0,2}(?:(?:in|to|of)\s+)?(?:the\s+)?")


def pair_metrics(view: str, nums: list[Num], metrics: list[Mention]) -> dict[int, Mention]:
    """A list of values paired in order with a list of metrics of the same length: "15.9% and 34.5% gains in
    recall and precision", "precision, recall, and F1 of 68.5%, 69.1%, and 68.8%, respectively"."""
    out: dict[int, Mention] = {}
    if len(metrics) < 2:
        return out
    lists = [lst for lst in _lists(metrics, view, _DS_SEP) if len(lst) > 1]
    for members in _groups(nums):
        if len(members) < 2:
            continue
        same = [lst for lst in lists if len(lst) == len(members) and lst[0].start >= members[-1].end
                and _METRIC_AFTER_NUMBER.fullmatch(view, members[-1].end, lst[0].start)]  # "5% and 7% gains in X and Y"
        if not same and _RESPECTIVELY.match(view, members[-1].end):
            same = [lst for lst in lists if len(lst) == len(members) and lst[-1].end <= members[0].start][-1:]
        if same:
            for n, m in zip(members, same[0]):
                out[id(n)] = m
    return out


def metric_of(view: str, n: Num, metrics: list[Mention], c0: int, c1: int) -> Mention | None:
    """The metric a number is reported in: the one right after it ("45.2 pass@1", "38% MFU"), else the
    nearest one of its clause by the characters between them ("a Recall@5 of 0.8 and ROUGE-L of 41.2")."""
    best: Mention | None = None
    best_gap = 0
    for m in metrics:
        if not c0 <= m.start < c1:
            continue
        if m.start >= n.end:
            # a metric after the number is its own only when next to it: "reduces X by 29% without hurting Y"
            gap = 0 if _METRIC_AFTER_NUMBER.fullmatch(view, n.end, m.start) else 2 * (m.start - n.end)
        elif m.end <= n.start:
            gap = n.start - m.end
        else:
            continue
        if best is None or gap < best_gap:
            best, best_gap = m, gap
    return best


def _groups(nums: list[Num]) -> list[list[Num]]:
    groups: dict[int, list[Num]] = {}
    for n in nums:
        groups.setdefault(n.group, []).append(n)
    return list(groups.values())


def _lists(items: list[Mention], view: str, sep: re.Pattern[str]) -> list[list[Mention]]:
    if not items:
        return []
    lists: list[list[Mention]] = [[items[0]]]
    for d in items[1:]:
        if sep.fullmatch(view, lists[-1][-1].end, d.start):
            lists[-1].append(d)
        else:
            lists.append([d])
    return lists
