"""Analysis engines: a named pipeline of the three components that read an article (entities, figures,
stance). `builtin` is the rule engine alone; `crf` adds the trained entity recogniser shipped in
analysis/models; `camel` adds camel-tools' CAMeLBERT NER and sentiment models when their data is installed
(`camel_data -i ...`). Nothing is downloaded here: `auto` picks `camel` when those model folders are on disk,
else `crf` when the shipped model is there, else `builtin`. New engines register in ENGINE_FACTORIES."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from dashboard.analysis.entities import Entity, Mention, recognise_entities, transliterate
from dashboard.analysis.figures import Figure, extract_figures
from dashboard.analysis.stance import StanceScore, score_stance
from dashboard.analysis.text import normalise

_NER_TYPES = {"PERS": "PERSON", "PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


class Engine(Protocol):
    """What an engine sets on an article: entities (with mentions), figures and stance scores."""
    name: str

    def entities(self, sentences: list[str]) -> list[Entity]: ...

    def figures(self, sentences: list[str]) -> list[Figure]: ...

    def stance(self, sentences: list[str]) -> list[StanceScore]: ...


class BuiltinEngine:
    name = "builtin"

    def entities(self, sentences):
        return recognise_entities(sentences)

    def figures(self, sentences):
        return extract_figures(sentences)

    def stance(self, sentences):
        return score_stance(sentences)


class CrfEngine(BuiltinEngine):
    """The rules with the trained CRF recogniser between the curated actors and the unknown-name rules."""

    name = "crf"

    def __init__(self):
        from dashboard.analysis.ner import crf

        if not crf.available():
            raise RuntimeError(f"no trained entity model at {crf.MODEL_PATH}; run `python -m dashboard ner train`")
        self._tag_many = crf.tagger(crf.MODEL_PATH).tag_many  # loaded here, as the camel engine loads its models

    def entities(self, sentences):
        return recognise_entities(sentences, tagger=self._tag_many)


class CamelEngine(BuiltinEngine):
    """Rule results plus what the models add: NER spans the rules missed, and a sentence polarity from the
    sentiment model where the cue words were silent."""

    name = "camel"

    def __init__(self, ner_path: str | Path | None, sentiment_path: str | Path | None):
        if not catalogue_installed():
            raise RuntimeError(f"camel-tools data is not installed (no catalogue.json in {camel_data_dir()}); "
                               "install it with camel_data, or set CAMELTOOLS_DATA")
        from camel_tools.ner import NERecognizer
        from camel_tools.sentiment import SentimentAnalyzer

        self.ner = NERecognizer(str(ner_path), use_gpu=False) if ner_path else None
        self.sentiment = SentimentAnalyzer(str(sentiment_path), use_gpu=False) if sentiment_path else None

    def entities(self, sentences):
        found = super().entities(sentences)
        if not self.ner:
            return found
        from camel_tools.tokenizers.word import simple_word_tokenize

        by_key = {e.key: e for e in found}
        covered = {(m.sentence_index, m.start) for e in found for m in e.mentions}
        token_lists = [simple_word_tokenize(s) for s in sentences]
        for n, (sentence, tokens, labels) in enumerate(zip(sentences, token_lists, self.ner.predict(token_lists))):
            cursor = 0
            spans, current = [], None
            for tok, label in zip(tokens, labels):
                start = sentence.find(tok, cursor)
                cursor = start + len(tok) if start >= 0 else cursor
                kind = label[2:] if "-" in label else None
                if label.startswith("B-") or (label.startswith("I-") and (not current or current[0] != kind)):
                    current = [kind, start, cursor]
                    spans.append(current)
                elif label.startswith("I-") and current:
                    current[2] = cursor
                else:
                    current = None
            for kind, start, end in spans:
                etype = _NER_TYPES.get(kind or "")
                if not etype or start < 0 or (n, start) in covered:
                    continue
                text = sentence[start:end]
                key = f"{etype}:{normalise(text)}"
                ent = by_key.setdefault(key, Entity(key, text, transliterate(text), etype, None))
                ent.mentions.append(Mention(key, text, n, start, end))
        return list(by_key.values())

    def stance(self, sentences):
        scores = super().stance(sentences)
        if not self.sentiment or not scores:
            return scores
        wanted = sorted({s.sentence_index for s in scores})
        labels = dict(zip(wanted, self.sentiment.predict([sentences[i] for i in wanted])))
        for s in scores:
            label = labels.get(s.sentence_index, "neutral")
            if s.polarity == 0 and label in ("positive", "negative"):
                s.polarity = 1 if label == "positive" else -1
                s.cues.append({"word": f"model:{label}", "start": 0, "end": 0, "sign": s.polarity})
        return scores


def camel_data_dir() -> Path:
    """Where camel_data installs (camel-tools' own rule: $CAMELTOOLS_DATA, else ~/.camel_tools)."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser().absolute() if env else Path.home() / ".camel_tools"


def catalogue_installed() -> bool:
    # camel_tools.data downloads its catalogue when importing if the file is missing; never import it then
    return (camel_data_dir() / "catalogue.json").exists()


def installed_model_paths() -> tuple[Path | None, Path | None]:
    """Folders of camel-tools' default NER and sentiment models, if camel_data has installed them."""
    if not catalogue_installed():
        return None, None
    try:
        from camel_tools.data import CATALOGUE

        paths = []
        for component in ("NamedEntityRecognition", "SentimentAnalysis"):
            path = Path(CATALOGUE.get_dataset(component).path)
            paths.append(path if (path / "config.json").exists() else None)
        return paths[0], paths[1]
    except Exception:  # no catalogue or no data folder: the models are simply not installed
        return None, None


def _camel() -> Engine:
    ner = os.environ.get("DASHBOARD_NER_MODEL")
    sentiment = os.environ.get("DASHBOARD_SENTIMENT_MODEL")
    if not (ner or sentiment):
        ner, sentiment = installed_model_paths()
    if not (ner or sentiment):
        raise RuntimeError("camel engine asked for, but no camel-tools NER or sentiment model is installed "
                           "(install with `camel_data -i ner-arabert sentiment-analysis-arabert`, or set "
                           "DASHBOARD_NER_MODEL / DASHBOARD_SENTIMENT_MODEL to a model folder)")
    return CamelEngine(ner, sentiment)


ENGINE_FACTORIES = {"builtin": BuiltinEngine, "crf": CrfEngine, "camel": _camel}
ENGINES = ("auto", *ENGINE_FACTORIES)
AUTO_ORDER = ("camel", "crf", "builtin")  # the first that can be built here


@lru_cache(maxsize=4)
def get_engine(name: str = "auto") -> Engine:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name != "auto":
        return ENGINE_FACTORIES[name]()
    for candidate in AUTO_ORDER:
        try:
            return ENGINE_FACTORIES[candidate]()
        except RuntimeError:
            continue
    return BuiltinEngine()
