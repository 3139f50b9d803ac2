"""Token features of the CRF recogniser: the word in the normalisation ANERcorp uses (one alef, ya for alef
maksura — `normalise` of the text layer), its stem without proclitics and article, affixes, shape, word
clusters learned without labels, gazetteer flags from the project's lexicons, and the same for the words
around it (the usual CoNLL feature set for Arabic, after Benajiba et al. and the CRF systems of that line).
"""
from __future__ import annotations

from functools import lru_cache

from dashboard.analysis.lexicon import rows, words
from dashboard.analysis.ner.clusters import clusters
from dashboard.analysis.text import normalise

CONTEXT = 2  # words each side whose features a token sees
FEATURE_CACHE = 50_000  # words (and word pairs) whose features stay memoised: the tagger keeps each word's weights
# itself, so these serve training and words it has forgotten; larger caches cost a bulk import's workers ~0.5 GB each
_NONE = ("-",) * 3


def stem(word: str) -> str:
    """The word without و/ف, then ب/ل/ك, then the article (والعراقي → عراقي, للكاظمي → كاظمي)."""
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if len(w) > 3 and w[0] in "بلك" and not w.startswith("ال"):
        w = w[1:]
    if w.startswith("لل") and len(w) > 3:
        w = w[2:]
    elif w.startswith("ال") and len(w) > 3:
        w = w[2:]
    return w


@lru_cache(maxsize=1)
def gazetteers() -> dict[str, str]:
    """Normalised word -> gazetteer flag: the type of a curated actor word, given name, title, trigger."""
    out: dict[str, str] = {}
    for r in rows("actors.csv"):
        for form in [r["name"], *filter(None, r["aliases"].split("|"))]:
            parts = normalise(form).split()
            for k, w in enumerate(parts):
                out.setdefault(stem(w), f"{r['type']}{'B' if k == 0 else 'I'}")
    for w in words("given_names.txt"):
        out.setdefault(stem(normalise(w)), "GIVEN")
    for r in rows("titles.csv"):
        out.setdefault(stem(normalise(r["head"])), "TITLE")
    for r in rows("entity_triggers.csv"):
        out.setdefault(stem(normalise(r["word"])), f"TRIG{r['type']}")
    for r in rows("demonyms.csv"):
        out.setdefault(stem(normalise(r["stem"])), "DEMONYM")
    for w in words("common_words.txt"):
        out.setdefault(stem(normalise(w)), "COMMON")
    return out


def shape(token: str) -> str:
    if token.isdigit():
        return "digit"
    if token.isascii() and token.isalpha():
        return "latin-cap" if token[:1].isupper() else "latin"
    if not any(ch.isalnum() for ch in token):
        return "punct"
    if any(ch.isdigit() for ch in token):
        return "mixed"
    return "arabic"


@lru_cache(maxsize=FEATURE_CACHE)
def word_features(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(features of the word itself, features it lends to its neighbours)."""
    w = normalise(token)
    s = stem(w)
    c = clusters().get(w) or clusters().get(s) or _NONE
    g = gazetteers().get(s, "")
    own = (f"w={w}", f"s={s}", f"p2={s[:2]}", f"p3={s[:3]}", f"x2={s[-2:]}", f"x3={s[-3:]}", f"xw={w[-2:]}",
           f"pre={w[:len(w) - len(s)]}", f"len={min(len(s), 8)}", f"shape={shape(token)}", f"g={g}",
           f"c1={c[0]}", f"c2={c[1]}", f"c3={c[2]}")
    lent = (f"w={w}", f"s={s}", f"g={g}", f"c1={c[0]}", f"c3={c[2]}", f"shape={shape(token)}")
    return own, lent


@lru_cache(maxsize=FEATURE_CACHE)
def lent_features(token: str, offset: int) -> tuple[str, ...]:
    """The features a word lends to the token `offset` places away, prefixed once and memoised."""
    return tuple(f"{offset}:{x}" for x in word_features(token)[1])


def own_features(token: str) -> tuple[str, ...]:
    return ("bias", *word_features(token)[0])


def boundary_feature(offset: int) -> str:
    return f"{offset}:BOUNDARY"


@lru_cache(maxsize=FEATURE_CACHE)
def pair_features(left: str, right: str) -> tuple[str, str]:
    """(the feature the right word gets from the pair, the one the left word gets): stems side by side."""
    pair = f"{word_features(left)[0][1]}|{word_features(right)[0][1]}"
    return f"bi-={pair}", f"bi+={pair}"


OFFSETS = tuple(d for d in range(-CONTEXT, CONTEXT + 1) if d)


def sentence_features(tokens: list[str]) -> list[list[str]]:
    """Every token's features (training and the reference tagger); the fast tagger adds the same pieces."""
    n = len(tokens)
    out = [[*own_features(t)] for t in tokens]
    for i in range(n):
        for d in OFFSETS:
            j = i + d
            out[i] += lent_features(tokens[j], d) if 0 <= j < n else (boundary_feature(d),)
    for i in range(1, n):
        right, left = pair_features(tokens[i - 1], tokens[i])
        out[i].append(right)
        out[i - 1].append(left)
    return out
