"""Analysis engines: named pipelines of registered components, each reading the Doc layers it needs and setting
one (entities, figures, stance). `builtin` is the rule engine alone; `crf` adds the trained entity recogniser shipped in
analysis/models; `learned` adds the stance model trained on annotated news (learned_stance.py), which re-decides
the rule rows; `camel` adds camel-tools' CAMeLBERT NER and sentiment models when their data is installed
(`camel_data -i ...`). Nothing is downloaded here: `auto` picks `camel` when those model folders are on disk, else
`learned` when its shipped models are there, else `crf`, else `builtin`. New engines register in ENGINE_FACTORIES."""
from __future__ import annotations

import importlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

from dashboard.analysis.doc import BASE_LAYERS, Doc
from dashboard.analysis.entities import MODEL_TYPES, Entity, Mention, recognise_entities, transliterate
from dashboard.analysis.figures import extract_figures
from dashboard.analysis.ner.conll import spans
from dashboard.analysis.stance import score_stance
from dashboard.analysis.text import normalise


class Component(Protocol):
    """One step of a pipeline: reads the Doc layers in `needs` (besides sentences and tokens), sets `sets`."""
    name: str
    needs: tuple[str, ...]
    sets: str

    def __call__(self, doc: Doc) -> None: ...


COMPONENTS: dict[str, Callable[[], Component]] = {}  # name -> factory (spaCy's Language.factory, kept small)


def component(name: str, needs: tuple[str, ...], sets: str):
    """Registers a component class under `name`, with the layers it reads and the layer it sets."""
    def register(cls):
        cls.name, cls.needs, cls.sets = name, needs, sets
        COMPONENTS[name] = cls
        return cls
    return register


@component("rule_entities", needs=(), sets="entities")
class RuleEntities:
    """Curated actors, then names found from given names, titles and trigger words."""

    def __init__(self, tagger=None):
        self.tagger = tagger

    def __call__(self, doc):
        doc.entities = recognise_entities(doc.sentences, tagger=self.tagger)


@component("crf_entities", needs=(), sets="entities")
class CrfEntities(RuleEntities):
    """The rules with the trained CRF recogniser between the curated actors and the unknown-name rules."""

    def __init__(self):
        from dashboard.analysis.ner import crf

        if not crf.available():
            raise EngineUnavailable(f"no trained entity model at {crf.MODEL_PATH}; run `python -m dashboard ner train`")
        super().__init__(crf.tagger(crf.MODEL_PATH).tag_text)  # loaded once, with its pipeline


@component("rule_figures", needs=(), sets="figures")
class RuleFigures:
    def __call__(self, doc):
        doc.figures = extract_figures(doc.sentences)


@component("topic_classifier", needs=(), sets="topic")
class TopicClassifier:
    """The article's topic and relevance (topics.py): its URL section, else the classifier trained on ANT's
    categories; without the shipped model an article with no section is kept."""

    def __init__(self):
        from dashboard.analysis import topics

        self.model = topics.load() if topics.available() else None
        self.classify = topics.classify

    def __call__(self, doc):
        doc.topic = self.classify(doc.title, doc.sentences, doc.url, self.model)


class EngineUnavailable(RuntimeError):
    """An engine or component whose model or data is not on this machine (`auto` then tries the next engine)."""


@component("geocoder", needs=("entities", "figures"), sets="places")
class Geocoder:
    """Coordinates for the place entities and the figures' locations, from the compiled place table (places.py);
    an engine without the table leaves every place without coordinates."""

    def __init__(self):
        from dashboard.analysis import places

        self.gazetteer = places.gazetteer() if places.available() else None
        self.geocode = places.geocode

    def __call__(self, doc):
        doc.places = self.geocode(doc, self.gazetteer) if self.gazetteer else []


@component("rule_stance", needs=("entities", "figures"), sets="stance")
class RuleStance:
    """Cues read by role; the entity layer tells a named person or place from a stance target, the figure layer
    names the side that lost people."""

    def __call__(self, doc):
        doc.stance = score_stance(doc.sentences, doc)


@component("learned_stance", needs=("entities", "figures", "stance"), sets="stance")
class LearnedStance:
    """The rule rows re-decided by the stance model trained on annotated news (learned_stance.py); the rules'
    reading of each row is one of its features."""

    def __init__(self, path: Path | None = None):
        from dashboard.analysis import learned_stance

        path = path or learned_stance.MODEL_PATH
        if not path.exists():
            raise EngineUnavailable(f"no trained stance model at {path}; run `python -m dashboard stance train`")
        self.model = learned_stance.load(path)
        self.decide = learned_stance.learned_stance

    def __call__(self, doc):
        doc.stance = self.decide(doc, self.model)


class CamelModel:
    """A component around one of camel-tools' pretrained models (`camel_class`, "module.Class" inside camel_tools),
    loaded once from the folder camel_data installed it in, on the CPU."""
    camel_class: str

    def __init__(self, model_path: str | Path):
        module, name = self.camel_class.rsplit(".", 1)
        self.model = getattr(importlib.import_module(f"camel_tools.{module}"), name)(str(model_path), use_gpu=False)


@component("camel_ner", needs=("entities",), sets="entities")
class CamelNer(CamelModel):
    """Adds the spans camel-tools' NER model finds where the rules found nothing."""
    camel_class = "ner.NERecognizer"

    def __call__(self, doc):
        from camel_tools.tokenizers.word import simple_word_tokenize

        sentences = doc.sentences
        by_key = {e.key: e for e in doc.entities}
        covered = {(m.sentence_index, m.start) for e in doc.entities for m in e.mentions}
        token_lists = [simple_word_tokenize(s) for s in sentences]
        for n, (sentence, tokens, labels) in enumerate(zip(sentences, token_lists, self.model.predict(token_lists))):
            for kind, start, end in _bio_spans(sentence, tokens, labels):
                etype = MODEL_TYPES.get(kind or "")
                if not etype or start < 0 or (n, start) in covered:
                    continue
                text = sentence[start:end]
                key = f"{etype}:{normalise(text)}"
                ent = by_key.setdefault(key, Entity(text, transliterate(text), etype, None, key=key))
                ent.mentions.append(Mention(key, text, n, start, end))
        doc.entities = list(by_key.values())


def _bio_spans(sentence: str, tokens: list[str], labels: list[str]) -> list[tuple[str, int, int]]:
    """(type, start, end) character spans of a BIO-tagged token list (conll.spans, the token spans, placed in the
    sentence; a token not found in it makes its span start at −1)."""
    starts, ends, cursor = [], [], 0
    for tok in tokens:
        at = sentence.find(tok, cursor)
        starts.append(at)
        cursor = at + len(tok) if at >= 0 else cursor
        ends.append(cursor)
    return [(kind, starts[a], ends[b - 1]) for a, b, kind in sorted(spans(labels))]


@component("camel_sentiment", needs=("stance",), sets="stance")
class CamelSentiment(CamelModel):
    """A sentence polarity from camel-tools' sentiment model where the cue words were silent: its positive and
    negative labels become +1 and −1 only for scores the rules left at 0, with «model:label» as the cue."""
    camel_class = "sentiment.SentimentAnalyzer"

    def __call__(self, doc):
        scores = doc.stance
        if not scores:
            return
        wanted = sorted({s.sentence_index for s in scores})
        labels = dict(zip(wanted, self.model.predict([doc.sentences[i] for i in wanted])))
        for s in scores:
            label = labels.get(s.sentence_index, "neutral")
            if s.polarity == 0 and label in ("positive", "negative"):
                s.polarity = 1 if label == "positive" else -1
                s.cues.append({"word": f"model:{label}", "start": 0, "end": 0, "sign": s.polarity})


class Pipeline:
    """An engine: named components run in order on a Doc. Built only if every component's needs are set by a
    component before it — a pipeline that cannot run is refused when it is made, not halfway through an import."""

    def __init__(self, name: str, components: list[Component]):
        have = set(BASE_LAYERS)
        for c in components:
            missing = [layer for layer in c.needs if layer not in have]
            if missing:
                raise ValueError(f"pipeline {name!r}: {c.name} needs {', '.join(missing)}, which nothing before it sets")
            have.add(c.sets)
        self.name = name
        self.components = components

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, doc: Doc) -> Doc:
        for c in self.components:
            c(doc)
        return doc



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


def _camel() -> Pipeline:
    ner = os.environ.get("DASHBOARD_NER_MODEL")
    sentiment = os.environ.get("DASHBOARD_SENTIMENT_MODEL")
    if not (ner or sentiment):
        ner, sentiment = installed_model_paths()
    if not (ner or sentiment):
        raise EngineUnavailable("camel engine asked for, but no camel-tools NER or sentiment model is installed "
                           "(install with `camel_data -i ner-arabert sentiment-analysis-arabert`, or set "
                           "DASHBOARD_NER_MODEL / DASHBOARD_SENTIMENT_MODEL to a model folder)")
    if not catalogue_installed():  # camel_tools.ner imports camel_tools.data, which would fetch its catalogue
        raise EngineUnavailable(f"camel-tools data is not installed (no catalogue.json in {camel_data_dir()}); "
                           "install it with camel_data, or set CAMELTOOLS_DATA")
    return Pipeline("camel", [RuleEntities(), *([CamelNer(ner)] if ner else []), RuleFigures(), RuleStance(),
                              *([CamelSentiment(sentiment)] if sentiment else []), Geocoder(),
                              TopicClassifier()])


ENGINE_FACTORIES = {
    "builtin": lambda: Pipeline("builtin", [RuleEntities(), RuleFigures(), RuleStance(), Geocoder(),
                                            TopicClassifier()]),
    "crf": lambda: Pipeline("crf", [CrfEntities(), RuleFigures(), RuleStance(), Geocoder(), TopicClassifier()]),
    "learned": lambda: Pipeline("learned", [CrfEntities(), RuleFigures(), RuleStance(), LearnedStance(),
                                            Geocoder(), TopicClassifier()]),
    "camel": _camel,
}
ENGINES = ("auto", *ENGINE_FACTORIES)
AUTO_ORDER = ("camel", "learned", "crf", "builtin")  # the first that can be built here


@lru_cache(maxsize=4)
def get_engine(name: str = "auto") -> Pipeline:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name != "auto":
        return ENGINE_FACTORIES[name]()
    for candidate in AUTO_ORDER:
        try:
            return ENGINE_FACTORIES[candidate]()
        except EngineUnavailable:
            continue
    return ENGINE_FACTORIES["builtin"]()
