"""One file in, analysed articles out: ingest -> articles -> sentences -> entities, figures, stance."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import Pipeline, get_engine
from dashboard.analysis.figures import Figure
from dashboard.analysis.stance import StanceScore
from dashboard.analysis.text import sentences as split_sentences
from dashboard.analysis.topics import Topic
from dashboard.sources.articles import ArticleText, extract_articles
from dashboard.sources.files import RawDocument, RejectedFile, read_document

log = logging.getLogger(__name__)

# A file's whole analysis must end within this (the hostile-input rule: a 19 MB article is stored or refused in
# under two minutes; the largest real article measured, 19 MB on one line, took 50 s). Checked as sentences are
# read, so a component stops within a few hundred sentences of the limit.
MAX_ANALYSIS_SECONDS = 110.0
CLOCK_EVERY = 256  # sentences between two looks at the clock


class AnalysisTooLong(RejectedFile):
    pass


class Clocked(list):
    """The sentences of an article, as a list whose iteration raises AnalysisTooLong past `deadline` (a
    monotonic time): every component walks its sentences, so each one is bounded without a thread or signal."""

    def __init__(self, items, deadline: float):
        super().__init__(items)
        self.deadline = deadline

    def __iter__(self):
        for n, item in enumerate(super().__iter__()):
            if n % CLOCK_EVERY == 0:
                check_deadline(self.deadline)
            yield item


def check_deadline(deadline: float):
    if time.monotonic() > deadline:
        raise AnalysisTooLong(f"the analysis took longer than {MAX_ANALYSIS_SECONDS:.0f} s (MAX_ANALYSIS_SECONDS) "
                              "and was stopped; split the file into smaller ones")


@dataclass
class AnalysedArticle:
    source_file: str
    text: ArticleText
    sentences: list[str]
    entities: list = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    stance: list[StanceScore] = field(default_factory=list)
    topic: Topic | None = None

    @property
    def id(self) -> str:
        return self.text.id

    def to_dict(self) -> dict:
        return {
            "id": self.id, "source_file": self.source_file, "index": self.text.index, "title": self.text.title,
            "date": self.text.date, "source": self.text.source, "author": self.text.author, "url": self.text.url,
            "sentences": self.sentences,
            "entities": [e.to_dict() for e in sorted(self.entities, key=lambda e: (-len(e.mentions), e.name))],
            "figures": [f.to_dict() for f in self.figures],
            "stance": [s.to_dict() for s in self.stance],
            "stance_summary": stance_summary(self.stance),
            "topic": self.topic.topic if self.topic else None,
            "relevant": self.topic.relevant if self.topic else True,
            "topic_reason": self.topic.reason if self.topic else None,
        }


def stance_summary(scores: list[StanceScore]) -> dict:
    """Per target: sentences scored, how many hostile/neutral/favourable, and the mean polarity."""
    out = {}
    for target in sorted({s.target for s in scores}):
        pol = [s.polarity for s in scores if s.target == target]
        out[target] = {"sentences": len(pol), "negative": pol.count(-1), "neutral": pol.count(0),
                       "positive": pol.count(1), "mean": round(sum(pol) / len(pol), 3)}
    return out


def analysed_docs(doc: RawDocument, engine: Pipeline) -> Iterator[tuple[ArticleText, list[str], Doc]]:
    """(article, its sentences, its Doc after the engine ran) for every article of the document;
    AnalysisTooLong if that takes over MAX_ANALYSIS_SECONDS. Training reads the Doc's layers from here."""
    deadline = time.monotonic() + MAX_ANALYSIS_SECONDS
    for art in extract_articles(doc.text, doc.metadata):
        check_deadline(deadline)
        sents = split_sentences(art.body)
        yield art, sents, engine(Doc.of(Clocked(sents, deadline), title=art.title, url=art.url))


def analyse_document(doc: RawDocument, engine: Pipeline | None = None) -> list[AnalysedArticle]:
    """Every article of the document, analysed; AnalysisTooLong if that takes over MAX_ANALYSIS_SECONDS."""
    return [AnalysedArticle(source_file=doc.name, text=art, sentences=sents, entities=done.entities or [],
                            figures=done.figures or [], stance=done.stance or [], topic=done.topic)
            for art, sents, done in analysed_docs(doc, engine or get_engine("builtin"))]


def analyse_document_safely(doc: RawDocument, engine: Pipeline | None = None) -> list[AnalysedArticle]:
    """analyse_document, with a failure of the analysis itself turned into RejectedFile (the traceback goes to
    the log), so one bad file or row never costs a batch its others."""
    try:
        return analyse_document(doc, engine)
    except RejectedFile:
        raise
    except MemoryError:  # before Exception, which it is one of
        raise RejectedFile("the file needs more memory than this server has") from None
    except (Exception, RecursionError) as exc:  # noqa: BLE001 — isolation is the point
        log.exception("analysis failed on %s", doc.name)
        raise RejectedFile(f"the analysis failed on this file ({exc.__class__.__name__}); the details are in the "
                           "server log") from None


def analyse_bytes(name: str, data: bytes, engine: Pipeline | None = None) -> list[AnalysedArticle]:
    """Raises RejectedFile with a one-line reason for files that cannot be read or analysed."""
    return analyse_document_safely(read_document(name, data), engine)


def analyse_path(path: Path, engine: Pipeline | None = None) -> list[AnalysedArticle]:
    return analyse_bytes(path.name, path.read_bytes(), engine)
