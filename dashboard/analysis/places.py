"""Geocoding: place names to coordinates with a precision (country, admin1, admin2, town, site).

The table is compiled from open data (training/gazetteer.py: GeoNames, Open Admin Data, iso3166-2, Natural Earth,
CLDR) and shipped as models/places.tsv.gz; lexicons/sites.csv adds the bases, airports, ports and crossings none of
those has, and lexicons/place_names.csv other names of places in the table. A name is looked up as the matcher
reads words: normalised, with its proclitics stripped («بالموصل», «لدير الزور»), and with a unit word before it
choosing the unit («محافظة البصرة» is the governorate, «البصرة» the city). A name of several places is resolved by
the countries the article's other places are in, then by HOME_COUNTRIES, then by population.
"""
from __future__ import annotations

import csv
import gzip
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.analysis.lexicon import normalised_set, rows
from dashboard.analysis.matcher import PhraseMatcher
from dashboard.analysis.text import clitic_forms, normalise

PLACES_PATH = Path(__file__).with_name("models") / "places.tsv.gz"
# A bare name of both a country and a town is the country («الكويت»); of a town and its unit, the town
# («البصرة»); a curated sea or area before a governorate of the same name (البحر الأحمر): the order in which a
# bare name's readings are preferred.
BARE_NAME_ORDER = ("country", "region", "site", "town", "admin2", "admin1")
# Words before a name that say which unit it is (normalised).
UNIT_WORDS = {normalise(w): p for w, p in (
    ("محافظة", "admin1"), ("محافظتي", "admin1"), ("ولاية", "admin1"), ("قضاء", "admin2"), ("مدينة", "town"), ("بلدة", "town"),
    ("قرية", "town"), ("ناحية", "town"), ("قاعدة", "site"), ("مطار", "site"), ("ميناء", "site"), ("معبر", "site"),
    ("منفذ", "site"), ("مخيم", "site"))}
# With no other place in the article to tell, a name shared by towns of several countries is read in the
# dashboard's own region first (the articles are about Iraq, its neighbours and the factions).
HOME_COUNTRIES = ("IQ", "SY", "IR", "LB", "JO", "SA", "KW", "TR", "YE")


@dataclass(frozen=True)
class Place:
    key: str
    precision: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str
    label_en: str
    label_ar: str
    lat: float
    lon: float
    population: int = 0

    def geo(self) -> dict:
        """The fields the analysis JSON and the store carry for a geocoded name."""
        return {"lat": self.lat, "lon": self.lon, "country": self.country, "admin1": self.admin1 or None,
                "geo_precision": self.precision, "place": self.label_en, "place_ar": self.label_ar}


NO_GEO = dict.fromkeys(("lat", "lon", "country", "admin1", "geo_precision", "place", "place_ar"))


class Gazetteer:
    def __init__(self, places: list[tuple[Place, list[str]]], generic: frozenset[str] = frozenset()):
        """`generic`: normalised names that news prose uses as common words (lexicons/not_places.txt)."""
        self.generic = generic
        self.by_form: dict[str, list[Place]] = {}
        self.by_key: dict[str, Place] = {}
        for place, forms in places:
            self.by_key[place.key] = place
            for f in forms:
                if place not in self.by_form.setdefault(f, []):
                    self.by_form[f].append(place)

    def add_names(self, names: list[tuple[str, str]]):
        """Other names (form, key) of places already in the table."""
        for form, key in names:
            if key in self.by_key:
                self.by_form.setdefault(" ".join(normalise(form).split()), []).insert(0, self.by_key[key])

    def candidates(self, name: str, after_unit: bool = False) -> tuple[list[Place], str | None]:
        """The places a name may be, and the unit its first word asks for (None when bare). The name as written
        first, then without proclitics; a unit word is dropped only if the rest is a known name. A generic name
        (مشهد: a scene, or Mashhad) is a place only after a unit word (`after_unit`: «مدينة مشهد»)."""
        words = " ".join(normalise(name).split()).split(" ")
        for form, _ in clitic_forms(words[0]):
            full = " ".join([form, *words[1:]])
            if full in self.generic and not after_unit:
                return [], None
            found = self.by_form.get(full)
            if found:
                return found, None
            unit = UNIT_WORDS.get(form)
            if unit and len(words) > 1:
                rest, _ = self.candidates(" ".join(words[1:]), after_unit=True)
                if rest:
                    return rest, unit
        if len(words) > 1:  # a span the recogniser ran on (اللاذقية الواقعة): its longest known beginning
            return self.candidates(" ".join(words[:-1]), after_unit)
        return [], None

    def resolve(self, name: str, context: Counter | None = None, unit: str | None = None,
                after_unit: bool = False) -> Place | None:
        """The place a name most likely is in an article whose places are in `context` (country -> mentions);
        `unit`: the unit the word before it asks for («في محافظة حماة»), if the name itself has none;
        `after_unit`: some mention of it follows a unit word (see candidates)."""
        found, own_unit = self.candidates(name, after_unit=after_unit or unit is not None)
        if not found:
            return None
        unit = own_unit or unit
        context = context or Counter()
        if unit:
            wanted = [p for p in found if p.precision == unit]
            # «مطار البصرة» with no airport of Basra in the table is Basra: the town, not a made-up site
            found = wanted or ([p for p in found if p.precision == "town"] if unit == "site" else found) or found

        def rank(p: Place):
            home = HOME_COUNTRIES.index(p.country) if p.country in HOME_COUNTRIES else len(HOME_COUNTRIES)
            return (-context[p.country], BARE_NAME_ORDER.index(p.precision), home, -p.population)
        return min(found, key=rank)


def _read_table(path: Path) -> list[tuple[Place, list[str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        out = []
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.append((Place(r["key"], r["precision"], r["country"], r["admin1"], r["label_en"], r["label_ar"],
                              float(r["lat"]), float(r["lon"]), int(r["population"] or 0)), r["forms"].split("|")))
    return out


def site_rows() -> list[tuple[Place, list[str]]]:
    """lexicons/sites.csv: the curated bases, airports, ports and crossings (each with its source)."""
    out = []
    for r in rows("sites.csv"):
        forms = [" ".join(normalise(f).split()) for f in [r["name"], *filter(None, r["aliases"].split("|"))]]
        out.append((Place(f"site:{r['label_en']}", r["precision"], r["country"], r["admin1"], r["label_en"],
                          r["name"], float(r["lat"]), float(r["lon"])), forms))
    return out


@lru_cache(maxsize=1)
def site_matcher() -> PhraseMatcher[Place]:
    """The curated sites as phrases: a figure's sentence names «قاعدة التيفور» whether or not the recogniser
    found it (the names are specific enough to match anywhere)."""
    return PhraseMatcher((form, place) for place, forms in site_rows() for form in forms)


def available() -> bool:
    return PLACES_PATH.exists()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped table with the curated sites (sites first: a base's name outranks a town's at equal rank)."""
    g = Gazetteer(site_rows() + _read_table(PLACES_PATH), normalised_set("not_places.txt"))
    g.add_names([(r["name"], r["key"]) for r in rows("place_names.csv")])
    return g


# --- the geocoder component's decisions ------------------------------------------------------------------

# Types whose names are places; an organisation or other name is geocoded only when it starts with a site word
# («مطار البصرة الدولي»).
PLACE_TYPES = frozenset({"LOC"})
SITE_WORDS = frozenset(w for w, p in UNIT_WORDS.items() if p == "site")
# Words before a name that make it where something happened: a country is also an actor («أطلقتها إيران»), so a
# country names a figure's place only after one of these or with ب/ل glued on («بالعراق»).
LOCATIVE_WORDS = frozenset(normalise(w) for w in (
    "في", "قرب", "بالقرب", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "داخل", "عند",
    "أنحاء", "مناطق", "منطقة", "مدينة", "محافظة", "بلدة", "قرية", "ضواحي", "أطراف"))

# Words before a place name that make it its government, not a place: «نظام دمشق», «حكومة بغداد».
METONYM_WORDS = frozenset(normalise(w) for w in ("نظام", "لنظام", "حكومة", "لحكومة", "سلطات", "نظامي"))


def _is_place(entity) -> bool:
    first = normalise(entity.name).split(" ", 1)[0]
    return entity.name_mentions > 0 and (entity.type in PLACE_TYPES or first in SITE_WORDS)


def _names_of(entity) -> list[str]:
    written = [m.surface for m in entity.mentions if m.kind == "name"]
    return [entity.name, *sorted(set(written)), *sorted(entity.known_aliases)]


def _mentions_unit(entity, sentences) -> tuple[str | None, bool]:
    """The unit most of an entity's name mentions are written after («بمحافظة دير الزور»), or None; and whether
    any is (then a generic name is a place: «بمحافظة الشرقية» ... «المنطقة الشرقية»)."""
    units = Counter(unit_before(sentences[m.sentence_index], m.start) for m in entity.mentions if m.kind == "name")
    (unit, n), = units.most_common(1)
    return (unit if 2 * n > sum(units.values()) else None), any(u for u in units if u)


def geocode_entities(entities, sentences, g: Gazetteer) -> tuple[Counter, dict[str, str]]:
    """Sets `place` on every place entity the table knows (adjective-only entities are sides, not places: never
    geocoded); returns the article's country context (country -> name mentions of its unambiguous places) and the
    name each entity was found under."""
    found = {}
    units: dict[str, tuple[str | None, bool]] = {}
    context: Counter = Counter()
    for e in entities:
        e.place = None
        if not _is_place(e):
            continue
        units[e.key] = _, after_unit = _mentions_unit(e, sentences)
        for name in _names_of(e):
            places, _ = g.candidates(name, after_unit=after_unit)
            if places:
                found[e.key] = name
                if len({p.country for p in places}) == 1:
                    context[places[0].country] += e.name_mentions
                break
    for e in entities:
        if e.key in found:
            e.place = g.resolve(found[e.key], context, *units[e.key])
    _follow_lists(entities, g, found, context)
    return context, found


# Characters between two names of one list: «واليمن وعمان», «الرياض، القدس».
LIST_GAP = 3


def _follow_lists(entities, g: Gazetteer, found: dict[str, str], context: Counter):
    """A name of both a country and a town (عمان: Oman or Amman) takes the kind of the places it is listed with:
    «اليمن وعمان والإمارات» are countries, «الرياض والقدس وعمان» capitals. Votes over all its mentions."""
    spans = {}
    for e in entities:
        if e.place:
            for m in e.mentions:
                if m.kind == "name":
                    spans.setdefault(m.sentence_index, []).append((m.start, m.end, e))
    for e in entities:
        if not e.place or len({p.precision for p in g.candidates(found[e.key])[0]}) < 2:
            continue
        votes = Counter()
        for m in e.mentions:
            for start, end, other in spans.get(m.sentence_index, ()):
                if other is not e and (0 <= m.start - end <= LIST_GAP or 0 <= start - m.end <= LIST_GAP):
                    votes["country" if other.place.precision == "country" else "town"] += 1
        if votes:
            wanted = votes.most_common(1)[0][0]
            e.place = g.resolve(found[e.key], context, unit=wanted) or e.place


def _word_before(sentence: str, start: int) -> str:
    before = sentence[:start].split()
    return normalise(before[-1]) if before else ""


def _locative(sentence: str, start: int, surface: str, name: str) -> bool:
    glued = normalise(surface)[:1] in ("ب", "ل") and normalise(surface) != normalise(name)
    return glued or _word_before(sentence, start) in LOCATIVE_WORDS


def unit_before(sentence: str, start: int) -> str | None:
    """The unit a word right before a name asks for («بمحافظة», «في مدينة»), proclitics stripped."""
    return next((UNIT_WORDS[f] for f, _ in clitic_forms(_word_before(sentence, start)) if f in UNIT_WORDS), None)


def figure_place(figure, mentions: list[tuple[int, object, str, str]], sentence: str):
    """The place of a figure among its sentence's place mentions (start, place, surface, entity name): the one its
    rule-found location names, else the first after the count, else the nearest before it; a country counts only
    where a locative word or clitic makes it the place and not an actor, and no name after a METONYM_WORDS word."""
    if figure.location:
        for _, place, _, _ in mentions:
            if place.label_en == figure.location:
                return place
    usable = [(s, p) for s, p, surface, name in mentions if _word_before(sentence, s) not in METONYM_WORDS
              and (p.precision != "country" or _locative(sentence, s, surface, name))]
    after = [p for s, p in usable if s >= figure.evidence_start]
    before = [p for s, p in usable if s < figure.evidence_start]
    return after[0] if after else (before[-1] if before else None)


def geocode(doc, g: Gazetteer) -> list:
    """Geocodes the place entities, then each figure from the places named in its sentence; returns the places
    found (the Doc's `places` layer)."""
    context, found = geocode_entities(doc.entities or [], doc.sentences, g)
    by_sentence: dict[int, list] = {}
    for e in doc.entities or []:
        if e.place:
            for m in e.mentions:
                if m.kind == "name":
                    unit = unit_before(doc.sentences[m.sentence_index], m.start)
                    place = g.resolve(found[e.key], context, unit) if unit else e.place
                    by_sentence.setdefault(m.sentence_index, []).append((m.start, place, m.surface, e.name))
    for n in {f.sentence_index for f in doc.figures or []}:
        taken = by_sentence.setdefault(n, [])
        tokens = doc.tokens[n]
        for m in site_matcher().find_all(tokens):
            start, end = tokens[m.start].start, tokens[m.end - 1].end
            if not any(start <= s < end for s, *_ in taken):
                taken.append((start, m.payload, doc.sentences[n][start:end], m.payload.label_ar))
    for mentions in by_sentence.values():
        mentions.sort(key=lambda m: m[0])
    for f in doc.figures or []:
        f.place = figure_place(f, by_sentence.get(f.sentence_index, []), doc.sentences[f.sentence_index])
        if f.place and not f.location:
            f.location = f.place.label_en
    return sorted({e.place for e in doc.entities or [] if e.place}, key=lambda p: p.key)
