"""Assemble the extraction pipeline from a spaCy config file.

The default config (``kg/nlp/config.cfg``) is ``spacy.blank("en")`` with the
project's tokenizer, the ``sentencizer`` and the project's components::

    sentencizer -> paperkg_gazetteer -> paperkg_shapes -> paperkg_context
      -> paperkg_entities -> paperkg_contributions -> paperkg_results -> paperkg_reconcile

Swap or add components by passing another config (``config=``) or
overrides in spaCy's dotted form (``overrides={"components.paperkg_gazetteer.files":
["my.jsonl"]}``). Components whose module is not installed yet
(``paperkg_contributions``, ``paperkg_results``) are left out.
"""
from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import ConfigError
from kg.nlp.lists import NAME, add_candidate

DEFAULT_CONFIG = Path(__file__).with_name("config.cfg")
# modules that register our factories; optional ones may not exist yet
COMPONENT_MODULES = ("kg.nlp.tokenizer", "kg.nlp.sentences", "kg.nlp.gazetteer", "kg.nlp.shapes", "kg.nlp.context",
                     "kg.nlp.resolve")
UNNEEDED = ["parser", "lemmatizer", "tagger", "attribute_ruler", "morphologizer", "senter", "textcat",
            "textcat_multilabel", "entity_linker", "trainable_lemmatizer"]
OPTIONAL_FACTORIES = {"paperkg_contributions": "kg.nlp.contributions", "paperkg_results": "kg.nlp.results"}


class ExternalNER:
    """``paperkg_external_ner``: an installed spaCy model's entities as extra untyped names.

    Only labels that often hold names of systems, datasets or methods are
    used (``ORG``, ``PRODUCT``, ``WORK_OF_ART``, ``LAW``, ``EVENT``), and
    only as ``NAME`` candidates: ``paperkg_context`` decides their type.
    """

    LABELS = ("ORG", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT")

    def __init__(self, name: str, model: str, labels: list[str], confidence: float):
        self.name = name
        self.labels = set(labels)
        self.confidence = confidence
        try:
            self.ext = spacy.load(model, exclude=UNNEEDED)
        except (OSError, ImportError, ValueError) as exc:
            raise ConfigError(
                f"spaCy model {model!r} is not installed or cannot be loaded ({exc.__class__.__name__}); "
                f"install it (python -m spacy download {model}) or leave out --spacy-model") from exc
        if not any("doc.ents" in self.ext.get_pipe_meta(n).assigns for n in self.ext.pipe_names):
            raise ConfigError(f"spaCy model {model!r} finds no entities (no 'ner' or 'entity_ruler' component); "
                              "choose a model with NER")

    def __call__(self, doc: Doc) -> Doc:
        for e in self.ext(doc.text).ents:
            if e.label_ not in self.labels:
                continue
            span = doc.char_span(e.start_char, e.end_char, alignment_mode="contract")
            if span is not None and len(span):
                add_candidate(doc, Span(doc, span.start, span.end, label=NAME), self.name, self.confidence)
        return doc


@Language.factory("paperkg_external_ner",
                  default_config={"model": "", "labels": list(ExternalNER.LABELS), "confidence": 0.3},
                  assigns=["doc.spans"])
def make_external_ner(nlp: Language, name: str, model: str, labels: list[str], confidence: float) -> ExternalNER:
    return ExternalNER(name, model, labels, confidence)


def _register_factories(cfg: Mapping[str, Any]) -> list[str]:
    """Import the component modules; return the pipeline without unavailable optional components."""
    for mod in COMPONENT_MODULES:
        importlib.import_module(mod)
    keep = []
    for pipe in cfg["nlp"]["pipeline"]:
        factory = cfg["components"].get(pipe, {}).get("factory", pipe)
        module = OPTIONAL_FACTORIES.get(factory)
        if module is not None:
            if importlib.util.find_spec(module) is None:
                continue
            importlib.import_module(module)
        keep.append(pipe)
    return keep


def build_pipeline(config: str | Path | None = None, *, spacy_model: str | None = None,
                   overrides: Mapping[str, Any] | None = None) -> Language:
    """A new pipeline from ``config`` (default: the shipped ``config.cfg``)."""
    path = Path(config) if config is not None else DEFAULT_CONFIG
    if not path.is_file():
        raise ConfigError(f"pipeline config {path} does not exist")
    try:
        cfg = spacy.util.load_config(path, overrides=dict(overrides or {}), interpolate=False)
        pipeline = _register_factories(cfg)
        for pipe in [p for p in cfg["nlp"]["pipeline"] if p not in pipeline]:
            cfg["components"].pop(pipe, None)
        cfg["nlp"]["pipeline"] = pipeline
        nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    except ConfigError:
        raise
    except Exception as exc:  # spaCy's config errors are many types; give one actionable message
        raise ConfigError(f"cannot build the pipeline from {path}: {exc}") from exc
    if spacy_model:
        where = {"before": "paperkg_context"} if "paperkg_context" in nlp.pipe_names else {}
        nlp.add_pipe("paperkg_external_ner", config={"model": spacy_model}, **where)
    return nlp


@functools.lru_cache(maxsize=4)
def default_pipeline(spacy_model: str | None = None) -> Language:
    """The default pipeline, built once per process (and per ``spacy_model``)."""
    return build_pipeline(spacy_model=spacy_model)
