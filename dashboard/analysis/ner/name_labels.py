"""English spellings of Arabic name words, compiled from name pairs (`python -m dashboard ner names`), so a
person outside actors.csv is labelled as an English reader knows them (بومبيو → Pompeo, أردوغان → Erdoğan), not
letter by letter (Bumbyu, Ardughan).

Sources, word by word: Wikidata's English–Arabic person-name token pairs (Merhav & Ash, COLING 2018; CC0), each
pair with how often it was seen, and the Arabic–English name pairs mined from Wikipedia in google_ar2en (Apache
2.0). For each normalised Arabic word the English spelling seen most often wins (a Wikipedia pair counts as
WIKIPEDIA_WEIGHT sightings). Words of prose the lists hold (في → Vee, من → Sungmin) are left out: those in
not_person_words (built from ANT with the recogniser). The table holds the spellings, not the lists.
"""
from __future__ import annotations

import gzip
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from dashboard.analysis.ner.person_words import not_person_words
from dashboard.analysis.text import normalise

TABLE_PATH = Path(__file__).resolve().parents[1] / "models" / "name_words.tsv.gz"
WIKIDATA = "wikidata_person_tokens.tsv"
WIKIPEDIA = "google_ar2en.tsv"
MIN_PAIR_COUNT = 1  # every pair counts: a name seen once (ماكرون → macron, بوتين → putin) is still the usual spelling
WIKIPEDIA_WEIGHT = 2  # a Wikipedia pair counts as two sightings: it is a curated title, not a mined token
# English words of multi-word names that Wikidata pairs with an Arabic word of prose («Bank of …» → من): never a
# spelling of a name
NOT_NAMES = frozenset({"of", "in", "the", "and", "de", "da", "di", "du", "la", "le", "von", "van", "der", "den"})


def _spelling(english: str) -> str:
    """Capitalised as a name: erdoğan → Erdoğan, al-assad → al-Assad, o'brien → O'Brien."""
    parts = english.strip().split("-")
    return "-".join(p if p in ("al", "el", "bin", "ibn") and i < len(parts) - 1 else p[:1].upper() + p[1:]
                    for i, p in enumerate(parts))


def build(names_dir: Path, out: Path = TABLE_PATH) -> dict:
    """Compile the table from the name lists in `names_dir` (../shared/data/ner-extra/names)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    with (names_dir / WIKIDATA).open(encoding="utf-8") as fh:
        for line in fh:
            english, letters, count = line.rstrip("\n").split("\t")
            arabic = normalise(letters.replace(" ", ""))
            if english.isascii() and not english.isalpha():
                continue
            votes[arabic][english.lower()] += int(count)
    with (names_dir / WIKIPEDIA).open(encoding="utf-8") as fh:
        for line in fh:
            arabic, english = line.rstrip("\n").split("\t")
            if " " in arabic.strip() or not english.strip():
                continue
            votes[normalise(arabic.strip())][english.strip().lower()] += WIKIPEDIA_WEIGHT
    prose = not_person_words()  # words the recogniser never puts inside a person's name in ANT (في، من، قال)
    table = {}
    for arabic, counter in votes.items():
        if arabic in prose:
            continue
        # the most seen; at a tie the plain-ASCII spelling an English reader knows (بوتين: putin before botín)
        english, n = min(((e, c) for e, c in counter.items() if e not in NOT_NAMES),
                         key=lambda ec: (-ec[1], not ec[0].isascii(), ec[0]), default=("", 0))
        if n >= MIN_PAIR_COUNT and arabic and english:
            table[arabic] = _spelling(english)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "# arabic (normalised)\tenglish\n" + "".join(f"{a}\t{e}\n" for a, e in sorted(table.items()))
    out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return {"words": len(table), "path": str(out), "kB": round(out.stat().st_size / 1e3)}


@lru_cache(maxsize=1)
def table(path: Path = TABLE_PATH) -> dict[str, str]:
    """normalised Arabic name word -> English spelling; empty when the table is not built."""
    if not path.exists():
        return {}
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                arabic, english = line.rstrip("\n").split("\t")
                out[arabic] = english
    return out


def check(listing: Path) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(right, names, misses) of the English labels on a list of `arabic,english` rows (accepted spellings
    separated by |; compared without case): misses are (arabic, label given, accepted)."""
    import csv

    from dashboard.analysis.entities import transliterate

    lines = [ln for ln in listing.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    misses, total = [], 0
    for row in csv.DictReader(lines):
        total += 1
        label = transliterate(row["arabic"])
        if label.lower() not in {s.lower() for s in row["english"].split("|")}:
            misses.append((row["arabic"], label, row["english"]))
    return total - len(misses), total, misses
