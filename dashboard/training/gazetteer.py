"""Compiles the place table the geocoder ships (analysis/models/places.tsv.gz) and the map's country shapes
(views/shapes/countries.json) from the named open data, so both are reproducible by one command:

    python -m dashboard geo compile --geonames ../shared/data/geo/geonames-cities15000.zip \
        --iraq ../shared/data/geo/iraq-admin --atlas ../shared/data/geo/world-atlas

(the 50m atlas places each country's point, so Bahrain has one; the map draws the 110m shapes, a seventh the size).

Sources and what each gives (licences in the README):
- countries: Natural Earth shapes (public domain) for the centroid, Arabic and English names from CLDR (Unicode
  licence, via Babel);
- admin-1 units of the region: iso3166-2 (MIT), with their Arabic names and centroids; Iraq's governorates and
  districts: Open Admin Data (CC BY 4.0);
- towns: Iraq's sub-districts (Open Admin Data) and GeoNames cities15000 (CC BY 4.0) — every town of REGION, and elsewhere capitals and cities of
  WORLD_CITY_POPULATION people or more.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import math
import zipfile
from pathlib import Path

from dashboard.analysis.text import ARABIC_LETTER, dediacritise, normalise

# The conflicts the dashboard reads happen here: all their towns of 15,000+ people are kept.
REGION = ("IQ", "SY", "IR", "TR", "SA", "KW", "JO", "LB", "IL", "PS", "YE", "AE", "QA", "BH", "OM", "EG", "AF",
          "PK", "AZ", "AM", "GE", "LY", "SD")
# Elsewhere only capitals and cities this large: the news names New York and London, not Lyon's suburbs.
WORLD_CITY_POPULATION = 1_000_000
# ... and the smaller cities where the region's talks and summits are held (GeoNames ids: Geneva, Lausanne, Sochi).
WORLD_CITIES_ALSO = frozenset({"2660646", "2659994", "491422"})
# iso3166-2 subdivisions (admin-1) kept with their Arabic names: the region without Iraq (Open Admin Data's is
# better there).
ADMIN1_COUNTRIES = tuple(c for c in REGION if c != "IQ")
SHAPES_PATH = Path(__file__).parents[1] / "views" / "shapes" / "countries.json"
COLUMNS = ("key", "precision", "country", "admin1", "label_en", "label_ar", "lat", "lon", "population", "forms")


def arabic_forms(names) -> list[str]:
    """Normalised forms of the Arabic-script names among `names` (diacritics off, as the matcher normalises)."""
    out = []
    for n in names:
        n = dediacritise(n).strip()
        if n and ARABIC_LETTER.search(n) and not any(c.isascii() and c.isalpha() for c in n):
            f = " ".join(normalise(n).split())
            if f not in out:
                out.append(f)
    return out


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs decoded to (lon, lat) points (delta-encoded and quantised per the topology's transform)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    pts = []
    for i in indexes:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts += a if not pts else a[1:]
    return pts


def unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with its longitudes made continuous: a ring that crosses the antimeridian (Russia's, Fiji's)
    jumps from 180 to -180, and the shoelace would then measure a band around the globe."""
    out, shift, last = [], 0.0, None
    for x, y in ring:
        if last is not None and abs(x + shift - last) > 180:
            shift += 360 if x + shift < last else -360
        out.append((x + shift, y))
        last = x + shift
    return out


def polygon_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(lon, lat, |area|) of a ring by the shoelace formula, in degrees (fine for placing a country's point),
    with its longitudes unwrapped and the centroid's brought back into [-180, 180)."""
    ring = unwrapped(ring)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*ring)
        return (sum(xs) / len(xs) + 180) % 360 - 180, sum(ys) / len(ys), 0.0
    return (cx / (3 * a) + 180) % 360 - 180, cy / (3 * a), abs(a) / 2


def iso_of(properties: dict) -> str:
    """A Natural Earth country's ISO 3166-1 alpha-2: its isoA2, or (France and Norway have -99 there, a known
    Natural Earth quirk) the alpha-2 of its adm0A3 by pycountry; "" for the disputed and unrecognised."""
    iso = properties.get("isoA2") or "-99"
    if iso != "-99":
        return iso
    import pycountry

    country = pycountry.countries.get(alpha_3=properties.get("adm0A3", ""))
    return country.alpha_2 if country else ""


def country_points(topo: dict) -> dict[str, tuple[str, float, float]]:
    """ISO alpha-2 -> (English name, lat, lon): each country at the centroid of its largest polygon."""
    arcs = _arcs(topo)
    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        iso = iso_of(g["properties"])
        if not iso or "arcs" not in g:
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        lon, lat, _ = max((polygon_centroid(_ring(arcs, p[0])) for p in polygons), key=lambda c: c[2])
        out[iso] = (g["properties"]["name"], round(lat, 4), round(lon, 4))
    return out


def country_rows(topo: dict) -> list[dict]:
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    return [{"key": f"country:{iso}", "precision": "country", "country": iso, "admin1": "",
             "label_en": english.get(iso, name),
             "label_ar": arabic.get(iso, ""), "lat": lat, "lon": lon, "population": 0,
             "forms": arabic_forms([arabic.get(iso, "")])}
            for iso, (name, lat, lon) in sorted(country_points(topo).items()) if arabic.get(iso)]


def iraq_rows(folder: Path) -> list[dict]:
    """Iraq's governorates (admin1), districts (admin2) and sub-districts, Open Admin Data. A sub-district
    (ناحية) is named for the town at its centre, so it is kept as a town — unless its name is a word of news prose
    (الفجر، الجسر، المشروع: the recogniser's not-a-name words), which would put prose on the map."""
    from dashboard.analysis.lexicon import normalised_set
    from dashboard.analysis.ner.person_words import not_person_words

    prose = not_person_words() | normalised_set("common_words.txt")
    out = []
    for level, precision in (("governorate", "admin1"), ("district", "admin2"), ("subdistrict", "town")):
        for u in json.loads((folder / f"all-{level}.json").read_text(encoding="utf-8")):
            forms = arabic_forms([u["name"]["local"]])
            if precision == "town":
                forms = [f for f in forms if f not in prose]
            ancestors = {a["level"]: a["name"]["en"] for a in u.get("ancestors") or []}
            if forms:
                out.append({"key": f"{level}:{u['id']}", "precision": precision, "country": "IQ",
                            "admin1": u["name"]["en"] if level == "governorate" else ancestors.get(1, ""),
                            "label_en": u["name"]["en"], "label_ar": u["name"]["local"], "lat": float(u["geo"]["lat"]),
                            "lon": float(u["geo"]["lon"]), "population": 0, "forms": forms})
    return out


def admin1_rows() -> list[dict]:
    """The region's ISO 3166-2 subdivisions with an Arabic name (iso3166-2's `localOtherName`, tagged `(ara)`)."""
    from iso3166_2 import Subdivisions

    subdivisions = Subdivisions()
    out = []
    for country in ADMIN1_COUNTRIES:
        for code, s in subdivisions[country].items():
            names = [p.rsplit(" (", 1)[0] for p in (s.get("localOtherName") or "").split(", ") if p.endswith("(ara)")]
            forms = arabic_forms(names)
            if forms and s.get("latLng") and s.get("parentCode") is None:
                lat, lon = s["latLng"]
                out.append({"key": f"admin1:{code}", "precision": "admin1", "country": country, "admin1": s["name"],
                            "label_en": s["name"], "label_ar": names[0], "lat": lat, "lon": lon, "population": 0,
                            "forms": forms})
    return out


def town_rows(geonames_zip: Path) -> list[dict]:
    """GeoNames cities15000: every town of REGION; elsewhere capitals and cities of WORLD_CITY_POPULATION+. A town
    without an Arabic name is kept only when lexicons/place_names.csv gives it one."""
    from dashboard.analysis.lexicon import rows

    named: dict[str, str] = {}
    for r in rows("place_names.csv"):
        named.setdefault(r["key"], r["name"])
    with zipfile.ZipFile(geonames_zip) as z, z.open("cities15000.txt") as f:
        lines = io.TextIOWrapper(f, encoding="utf-8")
        out = []
        for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            gid, name, _ascii, alternates, lat, lon, _fclass, fcode, country = row[:9]
            population = int(row[14] or 0)
            if country not in REGION and fcode != "PPLC" and population < WORLD_CITY_POPULATION \
                    and gid not in WORLD_CITIES_ALSO:
                continue
            forms = arabic_forms(alternates.split(","))
            if forms or f"geonames:{gid}" in named:
                written = next((dediacritise(n) for n in alternates.split(",") if arabic_forms([n])),
                               named.get(f"geonames:{gid}", ""))
                out.append({"key": f"geonames:{gid}", "precision": "town", "country": country, "admin1": "",
                            "label_en": name, "label_ar": written, "lat": float(lat), "lon": float(lon),
                            "population": population, "forms": forms})
    return out


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula on a 6,371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def fill_admin1(towns: list[dict], units: list[dict]):
    """A town's admin-1 as the nearest admin unit's of its country (Iraq: the nearest district's governorate):
    the sources give towns no admin-1 name, and the nearest unit's point is right for all but border towns."""
    by_country: dict[str, list[dict]] = {}
    for u in units:
        if u["precision"] in ("admin1", "admin2"):
            by_country.setdefault(u["country"], []).append(u)
    for t in towns:
        near = by_country.get(t["country"])
        if near:
            t["admin1"] = min(near, key=lambda u: distance_km(t["lat"], t["lon"], u["lat"], u["lon"]))["admin1"]


def compile_places(geonames_zip: Path, iraq_folder: Path, atlas: Path) -> list[dict]:
    """Every row of the place table; `atlas` is Natural Earth's TopoJSON at 1:50m (countries-50m.json)."""
    topo = json.loads(atlas.read_text(encoding="utf-8"))
    units = iraq_rows(iraq_folder) + admin1_rows()
    towns = town_rows(geonames_zip)
    fill_admin1(towns, units)
    return country_rows(topo) + units + towns


def write_places(rows: list[dict], path: Path):
    """A gzip TSV, header first; forms are |-separated. mtime 0, so the same data gives the same bytes."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([*(r[c] for c in COLUMNS[:-1]), "|".join(r["forms"])])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


# The countries the Middle East map draws: those whose shape reaches into this box (west, south, east, north),
# a margin around views/geo.py's MIDDLE_EAST so the map's edges are never blank.
REGION_BOX = (10.0, 0.0, 80.0, 50.0)


def region_topology(topo: dict, box=REGION_BOX) -> dict:
    """The topology with only the countries that reach into `box` and only their arcs (renumbered): the
    Middle East map's shapes, a fifth of the world's, which the browser draws in a fraction of the time."""
    arcs = _arcs(topo)
    west, south, east, north = box

    def arc_ids(g):
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        return [i for polygon in polygons for ring in polygon for i in ring]

    def inside(g):
        return any(west <= x <= east and south <= y <= north
                   for i in arc_ids(g) for x, y in arcs[i if i >= 0 else ~i])
    kept = [g for g in topo["objects"]["countries"]["geometries"] if "arcs" in g and inside(g)]
    used = sorted({i if i >= 0 else ~i for g in kept for i in arc_ids(g)})
    new = {old: n for n, old in enumerate(used)}

    def renumber(a):
        return [renumber(x) for x in a] if isinstance(a, list) else (new[a] if a >= 0 else ~new[~a])
    geometries = [{**g, "arcs": renumber(g["arcs"])} for g in kept]
    return {**topo, "arcs": [topo["arcs"][i] for i in used],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}}}


def write_shapes(atlas: Path, path: Path):
    """The atlas with only what the map uses: the countries object, each with its ISO code and English name, and
    the Arabic name from CLDR (the tooltip follows the interface's language)."""
    from babel import Locale

    arabic = Locale("ar").territories
    topo = json.loads(atlas.read_text(encoding="utf-8"))
    for g in topo["objects"]["countries"]["geometries"]:
        p = g.get("properties", {})
        iso = iso_of(p)
        g["properties"] = {"iso": iso, "name_en": p.get("name", ""), "name_ar": arabic.get(iso, p.get("name", ""))}
    topo["objects"] = {"countries": topo["objects"]["countries"]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(topo, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    region = path.with_name("middle_east.json")
    region.write_text(json.dumps(region_topology(topo), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
