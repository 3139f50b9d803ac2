"""The Doc: one article as every analysis component sees it (spaCy's Doc is the model, kept small).

Built once per article: its sentences and their tokens (normalised forms and character offsets). Each component
of an engine's pipeline reads what it needs and adds one layer — `entities`, `figures`, `stance`, `places`, `topic` — so a later
component can use an earlier one's work (stance reads the entity layer to tell a named victim from a target).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dashboard.analysis.text import Token, tokenize

if TYPE_CHECKING:
    from dashboard.analysis.entities import Entity
    from dashboard.analysis.figures import Figure
    from dashboard.analysis.places import Place
    from dashboard.analysis.stance import StanceScore
    from dashboard.analysis.topics import Topic

BASE_LAYERS = ("sentences", "tokens")  # what every Doc has before any component runs


@dataclass
class Doc:
    sentences: list[str]  # may be a deadline-checked list (pipeline.Clocked): components walk it
    tokens: list[tuple[Token, ...]]  # tokens[n]: the tokens of sentences[n]
    entities: list[Entity] | None = None
    figures: list[Figure] | None = None
    stance: list[StanceScore] | None = None
    places: list[Place] | None = None  # the places named, each entity and figure pointing at its own
    topic: Topic | None = None  # what the article is about, and whether the views keep it
    title: str = ""  # the article's title and address, for the components that read more than its sentences
    url: str | None = None
    _names: dict[int, list[tuple[int, int, str]]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, sentences: list[str], title: str = "", url: str | None = None) -> Doc:
        return cls(sentences, [tokenize(s) for s in sentences], title=title, url=url)

    def has(self, layer: str) -> bool:
        return layer in BASE_LAYERS or getattr(self, layer) is not None

    def names(self, sentence_index: int) -> list[tuple[int, int, str]]:
        """(start, end, type) character spans of the entity mentions in one sentence (the entity layer, indexed
        once per Doc)."""
        if self._names is None:
            self._names = {}
            for ent in self.entities or ():
                for m in ent.mentions:
                    self._names.setdefault(m.sentence_index, []).append((m.start, m.end, ent.type))
        return self._names.get(sentence_index, [])
