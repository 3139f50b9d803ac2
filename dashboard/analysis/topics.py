"""Topic relevance: is an article about the region's conflicts and politics (the economy of sanctions and oil
included), or sport, technology or culture? Scheme: ANT's six categories (Chouigui et al., AICCSA 2017).

The article's URL section decides when it names one (lexicons/url_sections.csv: the outlet's own filing);
otherwise a linear classifier over the title's and the first words' normalised forms, trained on ANT's
categories (training/topics.py), does. Every decision carries its reason. Stance and figures are computed for
every article; the views leave the irrelevant out by default."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from dashboard.analysis.lexicon import rows
from dashboard.analysis.linear import LinearModel, softmax
from dashboard.analysis.text import normalise

MODEL_PATH = Path(__file__).with_name("models") / "topics.json.gz"
TOPICS = ("middleEast", "internationalNews", "economy", "sport", "technology", "culture")  # ANT's, in its order
RELEVANT_TOPICS = frozenset({"middleEast", "internationalNews", "economy"})
BODY_WORDS = 300  # the first words of the body read: the lede says what an article is about
TITLE_WEIGHT = 2.0  # a title word counts twice: it is the article's own summary
REASON_WORDS = 4  # the words named in a classifier's reason
_WORD = re.compile(r"[^\W\d_]{2,}")
_NUMBERED = re.compile(r"-\d+$")


@dataclass(frozen=True)
class Topic:
    topic: str
    relevant: bool
    reason: str


def url_section(url: str | None) -> tuple[str, str] | None:
    """(topic, segment) of the first path segment of the URL that url_sections.csv names, or None."""
    if not url:
        return None
    sections = _sections()
    for segment in unquote(urlparse(url).path).lower().split("/"):
        for form in (segment, _NUMBERED.sub("", segment)):
            if form in sections:
                return sections[form], segment
    return None


@lru_cache(maxsize=1)
def _sections() -> dict[str, str]:
    return {r["section"]: r["topic"] for r in rows("url_sections.csv")}


def words(title: str, sentences) -> dict[str, float]:
    """The classifier's features: log(1 + count) of each normalised word of the title (×TITLE_WEIGHT) and of the
    first BODY_WORDS words of the body."""
    counts: dict[str, float] = {}
    for w in _WORD.findall(normalise(title or "")):
        counts[w] = counts.get(w, 0.0) + TITLE_WEIGHT
    left = BODY_WORDS
    for sentence in sentences:
        found = _WORD.findall(normalise(sentence))[:left]
        for w in found:
            counts[w] = counts.get(w, 0.0) + 1.0
        left -= len(found)
        if left <= 0:
            break
    return {f"w={w}": math.log1p(c) for w, c in counts.items()}


def available(path: Path = MODEL_PATH) -> bool:
    return path.exists()


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> LinearModel:
    return LinearModel.load(path)


def classify(title: str, sentences, url: str | None, model: LinearModel | None) -> Topic:
    section = url_section(url)
    if section:
        topic, segment = section
        return Topic(topic, topic in RELEVANT_TOPICS, f"URL section /{segment}/")
    if model is None:
        return Topic("unknown", True, "no URL section and no topic model: kept")
    features = words(title, sentences)
    if not features:
        return Topic("unknown", True, "no words to classify: kept")
    block = model.block(list(features), list(features.values()))
    probs = softmax(model.block_scores([block]).tolist(), model.temperature)
    best = max(range(len(probs)), key=probs.__getitem__)
    topic = model.meta["topics"][best]
    pushes = sorted(zip(model.block_contributions(block, best), features), reverse=True)[:REASON_WORDS]
    named = "، ".join(name[2:] for value, name in pushes if value > 0)
    return Topic(topic, topic in RELEVANT_TOPICS, f"classifier: {topic} {probs[best]:.2f} ({named})")
