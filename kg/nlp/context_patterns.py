"""The regular expressions of ``paperkg_context``: the words around a name that give its type
("X benchmark", "on X and Y", "models such as X", "outperforms X", "X (ABBR)", "X, Y, and Z")."""
from __future__ import annotations

import re

from kg.nlp.lists import HEAD_NOUNS, NAME_STOP_PARTS
from kg.nlp.text import alternation

_HEADS = {label: alternation(words) for label, words in HEAD_NOUNS.items()}
_ADJ = r"(?:(?:the|a|an|both|two|three|four|five|six|several|multiple|challenging|popular|standard|public|" \
       r"widely[- ]used|well-known|strong|recent|existing|real-world|realistic|synthetic|open-source|" \
       r"proprietary|larger|smaller|competitive|leading|\d+x|\d+(?:\.\d+)?[kKM]?)\s+)"
# text before a list that names its type: "benchmarks (", "models such as", "methods - "
LEFT_HEAD = {
    label: re.compile(r"\b(?:" + heads + r")\b(?:(?:\s+\w+){0,2}?\s*(?:such as|e\.g\.,?|i\.e\.,?|including|like|"
                      r"namely|:|,\s*(?:called|named|dubbed|termed))|\s*(?:\(|-|–|—))\s*" + _ADJ + r"*$", re.I)
    for label, heads in _HEADS.items() if label != "TASK"
}
APPOSITION = {label: re.compile(r"\b(?:" + heads + r"),\s*$", re.I) for label, heads in _HEADS.items()
              if label in ("DATASET", "MODEL", "METHOD")}
DATASET_INTRO = re.compile(r"\b(?:dataset|benchmark|corpus|suite|testbed)\s*,?\s*(?:called|named|dubbed|termed)?\s*$",
                           re.I)
RIGHT_HEAD = {
    "DATASET": re.compile(r"^[\s-]*(?:" + _HEADS["DATASET"] + r"|test set|training set|test split|leaderboard)\b",
                          re.I),
    "MODEL": re.compile(r"^[\s-]*(?:family|backbone|backbones|baseline|baselines|checkpoints?)\b", re.I),
    "METHOD": re.compile(r"^[\s-]*(?:algorithm|algorithms|technique|techniques|prompting|loss|objective)\b", re.I),
}
# "the X climate model", "a CogViT visual encoder", "the X language decoder": a name before a model noun
# a capitalised name with a version or CamelCase ("IPSL-CM6A-LR", "CogViT"), not "IPSL" or "Vision-Language",
# nor number formats ("FP16") and task acronyms ("T2I", "Text2SQL")
MODEL_LIKE = re.compile(r"^(?!(?:FP|BF|INT)\d|[A-Z][a-z]*2[A-Z]|[A-Z]\d[A-Z]+$)[A-Z].*(?:\d|[a-z][A-Z])")
MODEL_NOUN_AFTER = re.compile(r"^\s+(?:[a-z]+(?:-[a-z]+)?\s+){0,2}(?:model|encoder|decoder|llm|vlm)s?\b(?!\s*[-(])")
EVAL_ON = re.compile(r"\b(?:on|across|over)\s+" + _ADJ + r"*$", re.I)
NOT_EVAL_ON = re.compile(r"\b(?:based|built|rel(?:y|ies|ying)|focus(?:es|ed|ing)?|depend(?:s|ing)?|top|"
                         r"conditioned|trained|fine-?tuned|pre-?trained|run(?:s|ning)?)\s+on\s+\S*\s*$", re.I)
# "improvements over X", "a 3.1-point gain over X", "by 12% over X" (GUIDE: X is a baseline)
GAIN_OVER = re.compile(r"(?:\b(?:improv\w*|gains?|advantages?|speed-?ups?|margins?|leads?|edges?|boosts?)|\d(?:\.\d+)?\s*(?:%|"
                       r"points?|pp|x|×)?)\s+over\s+" + _ADJ + r"*$", re.I)
NUMBER_ON = re.compile(r"\d(?:\.\d+)?\s*(?:%|points?|pp)?\s+(?:[\w@.-]+\s+){0,2}on\s+" + _ADJ + r"*$",
                       re.I)
EVAL_CUE = re.compile(r"evaluat|experiment|benchmark|result|achiev|outperform|surpass|score|accura|perform|"
                      r"improv|gain|state[- ]of[- ]the[- ]art|\bsota\b|\btest|\d(?:\.\d+)?\s*%|\bpoints\b", re.I)
COMPARE = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|than|compared\s+(?:to|with)|against|versus|vs\.?|"
                     r"comparable\s+to|competitive\s+with|powered\s+by|distill\w*\s+from|starting\s+from|"
                     r"initiali[sz]ed\s+(?:from|with)|fine-?tun\w*|backbones?)\s+" + _ADJ + r"*$", re.I)
# every left context in one expression (one search per name); the first that matches wins
LEFT = re.compile("|".join(
    [f"(?P<head_{label}>{rx.pattern})" for label, rx in LEFT_HEAD.items()]
    + [f"(?P<appo_{label}>{rx.pattern})" for label, rx in APPOSITION.items()]
    + [f"(?P<intro>{DATASET_INTRO.pattern})", f"(?P<number>{NUMBER_ON.pattern})", f"(?P<compare>{COMPARE.pattern})",
       f"(?P<on>{EVAL_ON.pattern})"]), re.I)
WORD_STARTS = re.compile(r"\b\w|\d")  # where a match of LEFT can start
DATASET_NOUN = re.compile(r"[A-Z][\w-]*\s+(?:dataset|benchmark|corpus|suite)s?\b")
PAIR = re.compile(r"[A-Z][\w]*\s+[A-Z][\w]*-[A-Z]")  # "OGBench AntMaze-Stitch"
TITLED_RUN = re.compile(r"((?:\s+[A-Z][\w-]*){1,3})\s+(?:dataset|benchmark|corpus|suite)s?\b")
PLAIN_WORDS = re.compile(r"[a-z]+(?:[ -][a-z]+)*$")
NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")
# lowercase words that may follow a dataset name ("experiments on X show", "on X and Y")
FOLLOWS_NAME = frozenset("""and or with to for in of on the show shows showed demonstrate demonstrates demonstrated
    reveal reveals revealed indicate indicates confirm confirms suggest suggests using under across over while where
    which that as at by compared than respectively are is was were achieves achieve outperforms yields even still
    also both but not only despite""".split()) | HEAD_NOUNS["DATASET"]
# the words (and prefixes) that the expressions in LEFT start with
LEFT_WORDS = frozenset().union(*HEAD_NOUNS.values(), {"on", "across", "over", "in", "than", "against", "versus",
                                                      "vs", "vs.", "compared", "comparable", "competitive",
                                                      "powered", "starting", "initialized", "initialised",
                                                      "called", "named", "dubbed", "termed"})
LEFT_PREFIXES = ("outperform", "surpass", "beat", "distill", "fine-tun", "finetun", "backbone", "benchmark",
                 "dataset")
LIST_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*|\s*,?\s*as well as\s+)(?:the\s+)?$")
# "robot manipulation data": training material, not a task the paper evaluates ("on zorb detection benchmarks" is)
TASK_AS_MODIFIER = re.compile(r"^\s+(?:data|corpus|corpora)\b", re.I)
TASK_BENCHMARK = re.compile(r"^\s+(?:benchmarks?|datasets?)\b", re.I)
DESCRIBES = re.compile(r"^-(?:" + "|".join(sorted(NAME_STOP_PARTS)) + r")\b")
ABBREV = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{0,10}[A-Za-z0-9]s?)\)")
