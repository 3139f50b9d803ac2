"""One sense per discourse for names (Gale, Church & Yarowsky 1992; used for NER as label consistency by
Krishnan & Manning 2006): a word sequence the tagger called a name of some type in one sentence is a name of
that type wherever else nearby the tagger left all of its words O — the strong context of one mention lends its
type to the weak contexts of the others («دينامو كييف» after «فريق» and alone in the next sentence).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from dashboard.analysis.lexicon import words
from dashboard.analysis.ner.conll import spans
from dashboard.analysis.ner.features import stem
from dashboard.analysis.text import normalise

DISCOURSE_WINDOW = 20  # sentences either side that count as the same text: about a news article (ANERcorp has no
# article breaks). On the dev part (F1 without spreading 0.733): ±5 0.740, ±20 0.742, ±50 0.736
MIN_NAME_LETTERS = 3  # shorter names («مي», initials) are too often ordinary words elsewhere


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """Stems of the lexicon's common words (common_words.txt), which are never spread alone."""
    return frozenset(stem(normalise(w)) for w in words("common_words.txt"))


def consistent(sentences: list[list[str]], tags: list[list[str]], window: int = DISCOURSE_WINDOW) -> list[list[str]]:
    """The BIO tags with every name spread to its untagged repeats within `window` sentences; where the window
    calls one word sequence by two types, the more frequent wins. Longer names are placed first; a single word the
    lexicons list as common never spreads."""
    norms = [[normalise(t) for t in s] for s in sentences]
    found: dict[tuple, list[tuple[int, str]]] = defaultdict(list)  # name -> (sentence, type) of each tagged mention
    for i, (norm, tag) in enumerate(zip(norms, tags)):
        for a, b, kind in sorted(spans(tag)):  # a set: its order would break ties by hash seed
            found[tuple(norm[a:b])].append((i, kind))
    common = common_stems()
    by_first: dict[str, list[tuple]] = defaultdict(list)  # first word -> names starting with it, longest first
    for key in sorted(found, key=len, reverse=True):
        if sum(map(len, key)) >= MIN_NAME_LETTERS and not (len(key) == 1 and stem(key[0]) in common):
            by_first[key[0]].append(key)
    out = [list(t) for t in tags]
    for i, (norm, row) in enumerate(zip(norms, out)):
        for start, word in enumerate(norm):
            for key in by_first.get(word, ()):
                end = start + len(key)
                if row[start] != "O" or tuple(norm[start:end]) != key or any(t != "O" for t in row[start:end]):
                    continue
                votes = Counter(kind for j, kind in found[key] if abs(j - i) <= window)
                if votes:
                    kind = votes.most_common(1)[0][0]
                    row[start:end] = [f"B-{kind}"] + [f"I-{kind}"] * (len(key) - 1)
                    break
    return out
