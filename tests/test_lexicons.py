"""Lexicon lint: every data file says what its columns mean, has no duplicate or unreachable rows, uses only
documented kinds, and weapon nouns are never stance cues on their own."""

import pytest

from dashboard.analysis.lexicon import SHIPPED_LEXICONS, rows
from dashboard.analysis.matcher import PhraseMatcher, parse_pattern
from dashboard.analysis.text import normalise, tokenize

FILES = sorted(p for p in SHIPPED_LEXICONS.iterdir() if p.suffix in (".csv", ".txt"))
KINDS = {
    ("stance_cues.csv", "kind"): {"portrayal", "hostile", "hostile_verb", "hostile_object", "judge", "judge_noun", "help", "value", "situation", "negator", "denial", "speech",
                                  "counter", "proxy", "proxy_self", "armed_group", "force", "fixed"},
    ("units.csv", "kind"): {"", "fighter", "aircraft", "times"},
    ("units.csv", "dual"): {"", "yes"},
    ("people_words.csv", "role"): {"person", "others", "national", "killed", "wounded"},
    ("targets.csv", "kind"): {"name", "adjective", "alignment"},
    ("bounds.csv", "position"): {"before", "after"},
    ("bounds.csv", "bound"): {"approx", "at_least", "at_most"},
    ("actors.csv", "type"): {"PERSON", "ORG", "LOC", "MISC"},
    ("entity_triggers.csv", "keep"): {"yes", "no", "nouns"},
    ("never_entities.csv", "kind"): {"currency", "unit", "generic", "religious"},
    ("sites.csv", "precision"): {"site", "town", "admin1", "region"},
}
KEY_COLUMN = {"stance_cues.csv": "cue", "units.csv": "form", "people_words.csv": "word", "bounds.csv": "phrase",
              "figure_actors.csv": "word", "number_words.csv": "word", "actors.csv": "name", "targets.csv": "alias",
              "titles.csv": "head", "entity_triggers.csv": "word", "demonyms.csv": "stem", "months.csv": "name",
              "attack_words.csv": "word", "conflict_words.csv": "word", "never_entities.csv": "word",
              "sites.csv": "name", "place_names.csv": "name", "plausible_values.csv": "category"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_starts_with_a_header_that_explains_it(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and len(first) > 20


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".csv"], ids=lambda p: p.name)
def test_no_duplicate_rows(path):
    data = rows(path.name, SHIPPED_LEXICONS)
    key = KEY_COLUMN.get(path.name)
    seen = [tuple(normalise(v) if k == key else v for k, v in r.items()) for r in data]
    dupes = {s for s in seen if seen.count(s) > 1}
    assert not dupes


@pytest.mark.parametrize("name,column", sorted(KINDS))
def test_only_documented_kinds(name, column):
    assert {r[column] for r in rows(name, SHIPPED_LEXICONS)} <= KINDS[(name, column)]


def test_figure_actors_have_human_labels():
    from dashboard.views.tables import _labels

    labelled = {code for kind, code in _labels() if kind == "actor"}
    assert {r["actor"] for r in rows("figure_actors.csv")} | {r["actor"] for r in rows("people_words.csv") if r["actor"]} \
        <= labelled


def test_no_row_is_unreachable_behind_a_stem_of_the_same_meaning():
    """An exact form that a stem row of the same kind and sign already matches only repeats it."""
    for name, key, meaning in (("stance_cues.csv", "cue", ("polarity", "kind")), ("units.csv", "form", ("category", "kind"))):
        data = rows(name)
        stems = [r for r in data if r[key].endswith("*")]
        for r in data:
            if r[key].endswith("*"):
                continue
            words, _ = parse_pattern(r[key])
            toks = list(tokenize(" ".join(words)))
            for s in stems:
                if s is r or tuple(s[m] for m in meaning) != tuple(r[m] for m in meaning):
                    continue
                hit = PhraseMatcher([(s[key], s)], definite=name == "stance_cues.csv").match_at(toks, 0)
                assert not (hit and hit.end == len(toks)), f"{name}: {r[key]!r} is already matched by {s[key]!r}"


def test_weapon_nouns_are_not_stance_cues():
    cues = PhraseMatcher(((r["cue"], r) for r in rows("stance_cues.csv") if r["kind"] not in ("armed_group", "force")),
                         definite=True)
    weapons = [r["form"] for r in rows("units.csv") if r["category"] in
               ("light_weapons", "medium_weapons", "heavy_weapons", "missiles", "drones")]
    cued = [w for w in weapons if (m := cues.match_at(list(tokenize(w)), 0)) and m.end == len(tokenize(w))]
    assert not cued


def test_no_curated_actor_is_a_never_entity():
    from dashboard.analysis.entities import never_entity

    for r in rows("actors.csv"):
        for name in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
            assert not never_entity(normalise(name)), name  # curated actors win: the two lists must not meet


def test_every_other_place_name_points_at_a_place_of_the_table_and_every_site_lies_in_its_country():
    from dashboard.analysis.places import PLACES_PATH, _read_table
    from dashboard.training.gazetteer import distance_km

    table = {p.key: p for p, _ in _read_table(PLACES_PATH)}
    assert {r["key"] for r in rows("place_names.csv")} <= set(table)
    for r in rows("sites.csv"):
        if not r["country"]:
            assert r["precision"] == "region", f"{r['label_en']}: only a sea has no country"
            continue
        country = table[f"country:{r['country']}"]
        # within 1,500 km of the country's point: a swapped lat/lon or a wrong country code lands far away
        assert distance_km(float(r["lat"]), float(r["lon"]), country.lat, country.lon) < 1500, r["label_en"]
