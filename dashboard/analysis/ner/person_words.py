"""Words that are not parts of person names, learned from the trained recogniser's own reading of a large news
corpus: the CRF tags every article, and a word it puts inside a person's name in under NOT_PERSON_SHARE of at
least MIN_OCCURRENCES occurrences is a word of news prose, not of names (قوات، عمليات، قضايا، التاريخي). The
rules that build people from titles, given names and verbs of saying refuse such words, so a title followed by an
organisation («المتحدث باسم قوات تحالف …») or a common noun («نوري التاريخي») makes no person. Given names are
never refused (the lexicon's given_names.txt wins)."""
from __future__ import annotations

import gzip
from collections import Counter
from functools import lru_cache
from pathlib import Path

PERSON_WORDS_PATH = Path(__file__).resolve().parents[1] / "models" / "not_person_words.tsv.gz"
MIN_OCCURRENCES = 20  # fewer occurrences say too little: a rare surname may have met the tagger only in weak contexts
NOT_PERSON_SHARE = 0.01  # the tagger's recall on names is ~0.7, so a real name word sits far above 1%


def person_share_counts(texts) -> tuple[Counter, Counter]:
    """(occurrences, occurrences inside a PERS span) of every normalised word of the texts, as the analysis
    splits sentences and tokens and the shipped CRF tags them (with one sense per discourse)."""
    from dashboard.analysis.ner import crf
    from dashboard.analysis.ner.conll import spans
    from dashboard.analysis.text import sentences, tokenize

    seen, in_person = Counter(), Counter()
    for text in texts:
        tokens = [tokenize(s) for s in sentences(text)]
        tags = crf.tag_text([[t.text for t in toks] for toks in tokens])
        for toks, row in zip(tokens, tags):
            norms = [t.norm for t in toks]
            seen.update(norms)
            for a, b, kind in spans(row):
                if kind == "PERS":
                    in_person.update(norms[a:b])
    return seen, in_person


def build(corpus: Path, out: Path = PERSON_WORDS_PATH, limit: int | None = None) -> dict:
    from dashboard.analysis.ner.clusters import corpus_texts

    seen, in_person = person_share_counts(corpus_texts(corpus, limit))
    kept = sorted((w for w, n in seen.items() if n >= MIN_OCCURRENCES and w[:1].isalpha()
                   and in_person[w] < NOT_PERSON_SHARE * n), key=lambda w: (-seen[w], w))
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        fh.write(f"# Words the shipped CRF tagged inside a person name in under {NOT_PERSON_SHARE:.0%} of at least "
                 f"{MIN_OCCURRENCES} occurrences (python -m dashboard ner person-words).\n"
                 "# word: normalised | occurrences: in the corpus | in_person: occurrences inside a person name\n")
        fh.writelines(f"{w}\t{seen[w]}\t{in_person[w]}\n" for w in kept)
    return {"words": len(kept), "tokens": sum(seen.values()), "path": str(out)}


@lru_cache(maxsize=1)
def not_person_words(path: Path = PERSON_WORDS_PATH) -> frozenset[str]:
    """The table's words (normalised); empty when it is not built."""
    if not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(line.split("\t", 1)[0] for line in fh if not line.startswith("#"))
