"""Candidates for never_entities.csv from corpus statistics (`python -m dashboard ner never-entities`): the
one-word names the trained model tags that stand right after a number in at least NUMBER_SHARE of their
mentions are counted things (دولار، يورو، جنيه، كيلومتر), not names. They are printed for review, not written:
the lexicon is the reviewed list."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from dashboard.analysis.ner.clusters import corpus_texts
from dashboard.analysis.numbers import parse_number
from dashboard.analysis.text import normalise, sentences

NUMBER_SHARE = 0.2  # of a word's mentions right after a number: names are almost never counted
NUMBER_REACH = 2  # tokens before a mention in which the number stands («100 ألف دولار»)
EVERY = 10  # articles read: every tenth of the corpus is enough for words this frequent
MIN_MENTIONS = 10


def candidates(corpus: Path, every: int = EVERY) -> list[tuple[str, int, float]]:
    """(word, mentions, share right after a number) of the one-word spans the trained model tags, most mentioned
    first (the model alone: the lexicon's own filter must not hide what it is built from)."""
    from dashboard.analysis.ner import crf
    from dashboard.analysis.ner.conll import spans
    from dashboard.analysis.text import tokenize

    tag = crf.tagger(crf.MODEL_PATH).tag_text
    mentions, counted = Counter(), Counter()
    for n, text in enumerate(corpus_texts(corpus)):
        if n % every:
            continue
        token_lists = [list(tokenize(s)) for s in sentences(text)]
        for toks, tags in zip(token_lists, tag([[t.text for t in toks] for toks in token_lists])):
            for start, end, _ in spans(tags):
                if end - start != 1 or not toks[start].norm[:1].isalpha():
                    continue
                word = normalise(toks[start].text)
                mentions[word] += 1
                counted[word] += any(parse_number(toks, j) for j in range(max(0, start - NUMBER_REACH), start))
    return [(w, c, counted[w] / c) for w, c in mentions.most_common()
            if c >= MIN_MENTIONS and counted[w] / c >= NUMBER_SHARE]
