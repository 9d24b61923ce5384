"""Word lists and the candidate span group shared by the entity components.

Entity components do not write ``doc.ents`` directly: each adds *candidates*
to the span group ``doc.spans["paperkg_candidates"]`` (label ``DATASET``,
``MODEL``, ``METHOD``, ``TASK``, ``METRIC``, or ``NAME`` for a name whose type
is not known yet) through :func:`add_candidate`, which records who found it
and how sure it is (:func:`meta`). ``paperkg_entities`` then chooses among
them and writes ``doc.ents``, with ``Span._.component`` and
``Span._.confidence`` set. Any component (a user's ``span_ruler`` with
``spans_key="paperkg_candidates"`` and ``overwrite=false`` too) can add
candidates; spans added without provenance count as sure (confidence 1.0).

It also holds per-Doc caches the components share (the text, sentence starts,
a token attribute array) and the word lists the rules use.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import (
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    LENGTH,
    LIKE_NUM,
    LOWER,
    SENT_START,
    SPACY,
)
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from kg.nlp import extensions  # noqa: F401

CANDIDATES_KEY = "paperkg_candidates"
NAME = "NAME"  # a name-shaped span of unknown type


META_KEY = ("paperkg", "candidate_meta")


@dataclass(slots=True)
class Meta:
    """Who found a candidate, how sure it is, and its name when that differs from its text."""

    component: str
    confidence: float
    name: str | None = None


TEXT_KEY = ("paperkg", "text")
SENTS_KEY = ("paperkg", "sentences")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (spaCy builds it from the tokens at every call)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start (one sentence when none are set), computed once."""
    starts = doc.user_data.get(SENTS_KEY)
    if starts is None:
        flags = doc.to_array(SENT_START) if len(doc) > 1 else None
        # doc.has_annotation("SENT_START"), without its slow loop; offsets from the token table
        if flags is not None and ("sents" in doc.user_hooks or (flags[1:] != 0).any()):
            rows = np.flatnonzero(flags[1:] == 1) + 1
            starts = [0] + token_table(doc)[rows, T_IDX].tolist()
        else:
            starts = [0]
        doc.user_data[SENTS_KEY] = starts
    return starts


TABLE_KEY = ("paperkg", "tokens")
# columns of token_table()
T_LOWER, T_IDX, T_LEN, T_SPACY, T_ALPHA, T_ISLOWER, T_PUNCT, T_SPACE, T_NUM = range(9)


def token_table(doc: Doc) -> np.ndarray:
    """Token attributes as one array (lowercase hash, offset, length, flags), computed once per Doc.

    Looking words up in this array is much faster than iterating over Token
    objects or running many regular expressions over the text.
    """
    table = doc.user_data.get(TABLE_KEY)
    if table is None:
        table = doc.user_data[TABLE_KEY] = doc.to_array(
            [LOWER, IDX, LENGTH, SPACY, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM])
    return table


def word_set(words: Iterable[str]) -> frozenset[int]:
    """Hashes of lowercase words, to find with :func:`find_words`."""
    return frozenset(hash_string(w.lower()) for w in words)


def find_words(doc: Doc, hashes: frozenset[int]) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of the tokens whose lowercase form is in ``hashes``."""
    table = token_table(doc)
    if not len(table):
        return []
    arr = _HASH_ARRAYS.get(hashes)
    if arr is None:
        arr = _HASH_ARRAYS[hashes] = np.array(sorted(hashes), dtype=table.dtype)
    col = table[:, T_LOWER]
    at = np.searchsorted(arr, col)  # np.isin is slow on arrays this small
    at[at == len(arr)] = 0
    rows = np.flatnonzero(arr[at] == col)
    if not len(rows):
        return []
    starts = table[rows, T_IDX]
    return list(zip(starts.tolist(), (starts + table[rows, T_LEN]).tolist()))


_HASH_ARRAYS: dict[frozenset[int], np.ndarray] = {}  # word_set() hashes as sorted arrays


LIST_KEY = ("paperkg", "candidate_list")


def candidates(doc: Doc) -> list[Span]:
    """The candidate spans of ``doc`` (the group is created when missing).

    The spans added through :func:`add_candidate` are also kept in a plain
    list, since reading a span group builds new Span objects every time; the
    group is read again when another component changed it.
    """
    if CANDIDATES_KEY not in doc.spans:
        doc.spans[CANDIDATES_KEY] = []
    kept = doc.user_data.get(LIST_KEY)
    group = doc.spans[CANDIDATES_KEY]
    if kept is None or len(kept) != len(group):
        kept = doc.user_data[LIST_KEY] = list(group)
    return list(kept)


def set_candidates(doc: Doc, spans: list[Span]) -> None:
    """Replace the candidates of ``doc``."""
    doc.spans[CANDIDATES_KEY] = spans
    doc.user_data[LIST_KEY] = list(spans)


def meta(span: Span) -> Meta:
    """The provenance of a candidate (spans that other components added count as sure)."""
    found = span.doc.user_data.get(META_KEY, {}).get((span.start_char, span.end_char, span.label_))
    return found if found is not None else Meta(span._.component or "unknown", span._.confidence, span._.name)


def add_candidate(doc: Doc, span: Span, component: str, confidence: float, name: str | None = None) -> Span:
    """Add ``span`` as a candidate found by ``component`` (``name`` overrides its text).

    The same span with the same label is kept once, with the highest confidence.
    (Provenance is kept beside the group, not in ``Span._``: spaCy keys span
    extensions by character offsets, so overlapping candidates would share them.)
    """
    if CANDIDATES_KEY not in doc.spans:
        doc.spans[CANDIDATES_KEY] = []
    metas = doc.user_data.setdefault(META_KEY, {})
    key = (span.start_char, span.end_char, span.label_)
    old = metas.get(key)
    if old is None:
        group = doc.spans[CANDIDATES_KEY]
        kept = doc.user_data.get(LIST_KEY)
        if kept is not None and len(kept) == len(group):
            kept.append(span)
        group.append(span)
        metas[key] = Meta(component, confidence, name)
    elif confidence > old.confidence:
        metas[key] = Meta(component, confidence, name or old.name)
    return span


def ent_name(span: Span) -> str:
    """The name of a chosen entity (``Span._.name`` or its text)."""
    return span._.name or doc_text(span.doc)[span.start_char:span.end_char]


# Acronyms and words that look like names but are generic in abstracts.
GENERIC_NAMES = frozenset("""
AI AGI LLM LLMs LM LMs MLLM MLLMs VLM VLMs VLA VLAs SLM SLMs LRM LRMs NLP NLU NLG ML DL NN NNs DNN DNNs CNN CNNs RNN RNNs
API APIs GPU GPUs CPU CPUs TPU TPUs SOTA SoTA URL URLs HTML JSON XML PDF SQL UI GUI GUIs RAM IO I/O
KG KGs QA IR CV RS US UK EU USA OOD ID IID KV MoE SSM SSMs GNN GNNs LSTM LSTMs GRU GRUs
I II III IV V VI VII VIII IX X
We Our Ours Us It Its This That These Those The A An In On Of For To With By From As At Via And Or But However
Furthermore Moreover Additionally Finally First Second Third Then Also Specifically Notably Overall Experiments
Experimental Results Code Data Existing Recent Unlike While When Although Despite Beyond Using Based Given Building
English Chinese French German Spanish Japanese Korean Arabic Hindi Russian Python Java JavaScript C++ Rust Go
Transformer Transformers Markov Bayesian Gaussian Monte Carlo Wikipedia GitHub Reddit Twitter Google OpenAI
Microsoft Meta Anthropic Amazon Apple NVIDIA DeepMind Alibaba Tencent Baidu ByteDance Huawei IBM Stanford Berkeley MIT
LinkedIn Facebook Instagram YouTube TikTok WeChat WhatsApp Uber Airbnb Salesforce Adobe Samsung Intel AMD Qualcomm
Xiaomi Meituan Kuaishou Spotify Snapchat Telegram Discord Slack Cisco Oracle Tesla Bing Zhipu StepFun Cohere xAI Databricks
GP GPs GPR GenAI SotA Seq2Seq Seq2seq RecSys ReID
Fig Figure Table Section Appendix Eq Equation Theorem Lemma Algorithm Step Stage Phase Part Level Type Task Tasks
Web Internet Hub HuggingFace Hugging Face Kaggle Linux Windows Android iOS
PyTorch TensorFlow JAX Keras NumPy vLLM SGLang LangChain LlamaIndex Docker Kubernetes CUDA GitHub Copilot
A100 A800 H100 H200 H800 V100 B200 GB200 A6000 L40 L40S T4 RTX TPUv4 TPUv5 GPT LLaMA-based
AR VR XR UAV UAVs IoT EHR EHRs ECG EEG MRI CT PDE PDEs ODE ODEs HAR ASR TTS NLI MLP MLPs SOTA RGB RGB-D
""".split())

# Fields of study: neither a method nor a task of a paper ("Deep Learning techniques", GUIDE.md).
RESEARCH_FIELDS = frozenset(("deep learning", "machine learning", "artificial intelligence", "computer vision",
                             "natural language processing", "data science", "statistical learning"))

# Organisations that prefix product names ("OpenAI o1", "Google Gemini").
ORG_PREFIXES = frozenset("OpenAI Google Anthropic Meta Microsoft DeepMind Alibaba NVIDIA Nvidia Amazon Apple xAI "
                         "Mistral ByteDance Tencent Baidu".split())

# Model families named after their makers: in a list of organisations ("model families from OpenAI, Google,
# Mistral and DeepSeek") they name the company, not a model.
COMPANY_FAMILIES = frozenset("DeepSeek Mistral MiniMax Cohere Zhipu Moonshot Qwen Kimi Baidu".split())
ORGANISATIONS = ORG_PREFIXES | frozenset("IBM Huawei Cohere Zhipu Moonshot Samsung Intel AMD Qualcomm".split())

# Words after a model name (with a hyphen or a space) that belong to the name.
MODEL_VARIANTS = frozenset("""
instruct chat base it hf turbo mini nano tiny small medium large xl xxl lite pro plus max ultra flash preview
vision vl v coder code math distill thinking reasoning reasoner omni sonnet opus haiku air flashlite experimental
exp latest r cua
""".split())

# Words after a dataset name that belong to the name ("SWE-bench Verified").
DATASET_VARIANTS = frozenset("""
verified lite diamond pro hard easy full mini plus extended multimodal live challenge redux main test index
""".split())

# Lowercase hyphen parts that end a name ("GPT-4-powered", "VQ-VAE-based").
NAME_STOP_PARTS = frozenset("""
powered based style like level aware tuned trained free specific scale sized guided driven enhanced generated
augmented assisted centric oriented only inspired conditioned grounded informed type class series family version
""".split())

# Head nouns that give the type of a following list or of the name before them.
HEAD_NOUNS = {
    "DATASET": frozenset("""benchmark benchmarks dataset datasets corpus corpora suite suites testbed testbeds
        leaderboard environment environments test-set testsets subset subsets split splits""".split()),
    "MODEL": frozenset("""model models llm llms lm lms mllm mllms vlm vlms slm slms lrm lrms backbone backbones
        checkpoint checkpoints baseline baselines architecture architectures agent agents
        family families variant variants""".split()),
    "METHOD": frozenset("""method methods algorithm algorithms technique techniques approach approaches
        strategy strategies objective objectives loss paradigm paradigms""".split()),
    "METRIC": frozenset("metric metrics measure measures score scores".split()),
    "TASK": frozenset("task tasks problem problems".split()),
}

# Lowercase words that can end a task name ("extractive summarization").
TASK_HEADS = frozenset("""
answering qa summarization summarisation translation classification detection recognition extraction generation
reasoning navigation manipulation grounding retrieval recommendation prediction parsing tracking captioning
segmentation diagnosis inference verification completion synthesis planning modeling modelling understanding
dialog dialogue dialogs dialogues conversation conversations attribution similarity correction simplification
transfer linking resolution labeling labelling tagging forecasting estimation localization localisation
comprehension search matching ranking alignment editing control creation collaboration coding proving
""".split())

# Words that cannot start or be inside a task name.
TASK_STOP = frozenset("""
a an the this that these those its their our his her your my some any all each every other such various different
diverse many multiple several few two three four five six seven eight nine ten new novel existing standard popular
common key main core downstream complex challenging difficult hard simple real-world important specific general
related similar unseen seen open-ended open two-stage both and or of for in on to with by from as at via than
is are was were be been being has have had do does did can could may might will would should must not no
we us it they them which who whose what when where while how why also more most less least very well
proposed traditional conventional typical classic classical prior previous recent current future further
agentic several held-out in-domain out-of-domain supervised unsupervised self-supervised individual
across over into onto about between among within without through under toward towards upon like such including
via per versus against during after before beyond since until using based given e.g. i.e. etc
low-resource high-resource zero-shot few-shot one-shot large-scale small-scale long-horizon short-horizon
affect affects improve improves require requires include includes involve involves enable enables support supports
use uses show shows make makes help helps need needs remain remains become becomes lead leads yield yields
achieve achieves perform performs benefit benefits
optimizing improving enhancing using performing solving supporting enabling addressing tackling handling
studying exploring evaluating achieving building training advancing facilitating
""".split())

# Words that can end a metric name ("attack success rate", "grading time").
METRIC_HEADS = frozenset("""
accuracy accuracies rate rates score scores recall precision loss throughput latency satisfaction perplexity
error errors time f1 bleu rouge auc coverage fidelity faithfulness
""".split())

# Single words that are too vague to be a metric by themselves.
VAGUE_METRICS = frozenset("""
performance results result quality efficiency ability abilities capability capabilities robustness effectiveness
gains gain improvement improvements progress generalization scalability reasoning behavior behaviour outputs
output responses response error errors score scores time rate rates loss cost costs inference training speed
""".split())

# spellings of one task word ("math reasoning" / "mathematical reasoning", "open-domain QA" / "open-domain
# question answering"): task names that differ only in these are one task (GUIDE.md: keep the first wording)
TASK_SPELLINGS = {"mathematical": "math", "dialog": "dialogue", "dialogs": "dialogue", "dialogues": "dialogue",
                  "modelling": "modeling", "summarisation": "summarization", "localisation": "localization",
                  "labelling": "labeling", "qa": "question answering"}


def task_spelling(name: str) -> str:
    """``name`` in lower case with each word in one spelling of :data:`TASK_SPELLINGS`."""
    return " ".join(TASK_SPELLINGS.get(w, w) for w in name.lower().split())
