"""English spellings of Arabic name words, compiled from name pairs (`python -m dashboard ner names`), so a
person outside actors.csv is labelled as an English reader knows them (بومبيو → Pompeo, أردوغان → Erdoğan), not
letter by letter (Bumbyu, Ardughan).

Sources, word by word: Wikidata's English–Arabic person-name token pairs (Merhav & Ash, COLING 2018; CC0), each
pair with how often it was seen, the Arabic names of GeoNames' places of 15,000 people or more (GeoNames,
geonames.org; CC BY 4.0), the ISO 3166 countries' Arabic names (iso-codes, through pycountry; LGPL 2.1), and
the Arabic–English name pairs mined from Wikipedia in google_ar2en (Apache
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
from dashboard.analysis.text import dediacritise, has_arabic, normalise

TABLE_PATH = Path(__file__).resolve().parents[1] / "models" / "name_words.tsv.gz"
WIKIDATA = "wikidata_person_tokens.tsv"
WIKIPEDIA = "google_ar2en.tsv"
GEONAMES = "cities15000.txt"  # inside geonames-cities15000.zip, in ../shared/data/geo
GEONAMES_WEIGHT = 3  # a city's own Arabic name outweighs a mined pair of the same letters (بغداد → Baghdad)
COUNTRY_WEIGHT = 10  # a country's Arabic name (ISO 3166) outweighs a city of that name: تونس is Tunisia in news
WIKIPEDIA_WEIGHT = 2  # a Wikipedia pair counts as two sightings: it is a curated title, not a mined token
# English words of multi-word names that Wikidata pairs with an Arabic word of prose («Bank of …» → من): never a
# spelling of a name
NOT_NAMES = frozenset({"of", "in", "the", "and", "de", "da", "di", "du", "la", "le", "von", "van", "der", "den"})


PARTICLES = ("al", "el", "bin", "ibn")  # stay lower case before the name they join: al-Assad, bin Salman


def _spelling(english: str) -> str:
    """Capitalised as a name, word by word: erdoğan → Erdoğan, al-assad → al-Assad, new york city → New York
    City; a spelling that already has capitals (GeoNames' «Al Hudaydah») is kept as it is."""
    if english != english.lower():
        return english
    def word(w: str) -> str:
        parts = w.split("-")
        return "-".join(p if p in PARTICLES and i < len(parts) - 1 else p[:1].upper() + p[1:]
                        for i, p in enumerate(parts))
    return " ".join(word(w) for w in english.strip().split())


def _best(counter: Counter) -> str:
    """The most seen spelling; at a tie the plain-ASCII one an English reader knows (بوتين: putin before botín)."""
    return min((e for e in counter if e not in NOT_NAMES), key=lambda e: (-counter[e], not e.isascii(), e), default="")


def _city_names(geonames_zip: Path):
    """(Arabic-script name, English name) of every GeoNames place of 15,000 people or more."""
    import io
    import zipfile

    with zipfile.ZipFile(geonames_zip) as z, z.open(GEONAMES) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            for alt in cols[3].split(","):
                if alt and has_arabic(alt) and " " not in alt.strip():
                    yield alt.strip(), cols[2]  # the ASCII name: «Al Hudaydah», not «Al Ḩudaydah»


def _country_names():
    """(Arabic name, English common name) of every ISO 3166 country whose Arabic name is one word, from the
    iso-codes translations that pycountry carries (LGPL 2.1): إسبانيا → Spain, المغرب → Morocco."""
    import gettext

    import pycountry

    arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for country in pycountry.countries:
        name = dediacritise(arabic.gettext(country.name))
        if name != country.name and " " not in name and "،" not in name:
            yield name, getattr(country, "common_name", None) or country.name


def build(names_dir: Path, out: Path = TABLE_PATH, geonames: Path | None = None) -> dict:
    """Compile the table from the name lists in `names_dir` (../shared/data/ner-extra/names) and, given, the
    GeoNames cities (../shared/data/geo/geonames-cities15000.zip). Two kinds of rows: `person`, a word of
    people's names (both name lists, without the words of prose); `name`, a whole one-word name of a place,
    organisation or person (Wikipedia's pairs and the cities' Arabic names: لندن → London), prose or not."""
    person: dict[str, Counter] = defaultdict(Counter)
    whole: dict[str, Counter] = defaultdict(Counter)
    with (names_dir / WIKIDATA).open(encoding="utf-8") as fh:
        for line in fh:
            english, letters, count = line.rstrip("\n").split("\t")
            person[normalise(letters.replace(" ", ""))][english.lower()] += int(count)
    with (names_dir / WIKIPEDIA).open(encoding="utf-8") as fh:
        for line in fh:
            arabic, english = (part.strip() for part in line.rstrip("\n").split("\t"))
            if arabic and english and " " not in arabic:
                person[normalise(arabic)][english.lower()] += WIKIPEDIA_WEIGHT
                whole[normalise(arabic)][english.lower()] += 1
    cased: dict[str, str] = {}  # a spelling's capitals as GeoNames writes them
    if geonames is not None:
        for arabic, english in _city_names(geonames):
            whole[normalise(arabic)][english.lower()] += GEONAMES_WEIGHT
            cased.setdefault(english.lower(), english)
    for arabic, english in _country_names():
        whole[normalise(arabic)][english.lower()] += COUNTRY_WEIGHT
        cased.setdefault(english.lower(), english)
    prose = not_person_words()  # words the recogniser never puts inside a person's name in ANT (في، من، قال)
    rows = []
    for kind, votes in (("person", person), ("name", whole)):
        for arabic, counter in votes.items():
            if kind == "person" and (arabic in prose or (arabic.startswith("ال") and len(arabic) > 3)):
                continue  # a person's «ال» word is labelled by its bare form with «al-» (الأسد → al-Assad)
            english = _best(counter)  # every pair counts: a name seen once (ماكرون → macron) is still the usual one
            if arabic and english:
                rows.append(f"{kind}\t{arabic}\t{_spelling(cased.get(english, english))}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "# kind (person: a word of people's names; name: a whole one-word name)\tarabic (normalised)\tenglish\n"
    out.write_bytes(gzip.compress((text + "".join(sorted(rows))).encode("utf-8"), mtime=0))
    return {"rows": len(rows), "path": str(out), "kB": round(out.stat().st_size / 1e3)}


@lru_cache(maxsize=1)
def tables(path: Path = TABLE_PATH) -> dict[str, dict[str, str]]:
    """kind ("person", "name") -> normalised Arabic word -> English spelling; empty when not built."""
    out: dict[str, dict[str, str]] = {"person": {}, "name": {}}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    kind, arabic, english = line.rstrip("\n").split("\t")
                    out[kind][arabic] = english
    return out


def spelling(word: str) -> str | None:
    """The English spelling of one normalised name word: as a word of people's names, else as a whole name."""
    t = tables()
    return t["person"].get(word) or t["name"].get(word)


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
