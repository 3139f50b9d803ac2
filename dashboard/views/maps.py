"""The map: country shapes (Natural Earth, compiled into views/shapes/countries.json by `geo compile`) with the
places as points sized by name mentions and the events as a layer of squares coloured by type. A pure builder
from the views' frames (geo.place_points, geo.event_points), like charts.py."""
from __future__ import annotations

import base64
import math
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from dashboard.views.charts import FONT, _t
from dashboard.views.geo import MIDDLE_EAST, map_extent

SHAPES_PATH = Path(__file__).with_name("shapes") / "countries.json"
MAP_HEIGHT = 560
LAND, BORDER, SEA = "#eeeeee", "#bbbbbb", "#f7fbff"
PLACE_COLOUR = "#4c78a8"
EVENT_PALETTE = {"attack": "#d62728", "strike": "#ff7f0e", "explosion": "#9467bd", "clash": "#8c564b",
                 "casualties": "#111111"}
MAX_POINT_AREA = 900  # px² of the most mentioned place (Iraq at 30,000 articles); the others by square root
MAP_WIDTH = 900  # the map is drawn at this size on the page and in the downloads (its projection is fitted to it)


@lru_cache(maxsize=2)
def shapes_url(region: bool = False) -> str:
    """The world's country shapes, or (`region`) only those around the Middle East (middle_east.json), as a data:
    URL. Given as inline values, Altair validated and copied the 40–110 kB of nested arrays on every draw (0.2 s
    of the Map tab's 1.4 s); a URL is one string to it, and the browser and vl-convert read it without a network."""
    raw = (SHAPES_PATH.with_name("middle_east.json") if region else SHAPES_PATH).read_bytes()
    return "data:application/json;base64," + base64.b64encode(raw).decode("ascii")


def _projection(extent) -> dict:
    """Chart.project's arguments: Mercator centred on the Middle East box and scaled so it fills MAP_WIDTH x
    MAP_HEIGHT, or Equal Earth fitted to the world."""
    if extent is None:
        return {"type": "equalEarth"}
    west, south, east, north = extent

    def y(lat):  # Mercator's y of a latitude, in radians of the projection's unit sphere
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    scale = min(MAP_WIDTH / math.radians(east - west), MAP_HEIGHT / (y(north) - y(south)))
    centre_lat = math.degrees(2 * math.atan(math.exp((y(north) + y(south)) / 2)) - math.pi / 2)
    return {"type": "mercator", "scale": scale, "center": [(west + east) / 2, centre_lat],
            "translate": [MAP_WIDTH / 2, MAP_HEIGHT / 2]}


SCOPES = ("auto", "middle_east", "world")


def places_map(places: pd.DataFrame, events: pd.DataFrame, language: str = "en",
               labels: dict[str, str] | None = None, scope: str = "auto") -> alt.LayerChart:
    """`labels`: event type code -> its label in the language, when the events are coloured by type (the legend's
    order and colours then stay fixed), None when by perpetrator;
    `scope`: auto (the Middle East unless most of the data lies outside it), middle_east or world."""
    if scope == "auto":
        extent = map_extent(pd.concat([places["lat"], events["latitude"]], ignore_index=True),
                            pd.concat([places["lon"], events["longitude"]], ignore_index=True),
                            pd.concat([places["mentions"], events["reports"]], ignore_index=True))
    else:
        extent = MIDDLE_EAST if scope == "middle_east" else None
    projection = _projection(extent)
    country_name = "properties.name_ar" if language == "ar" else "properties.name_en"
    land = alt.Chart(alt.UrlData(url=shapes_url(region=extent is not None), format=alt.DataFormat(type="topojson", feature="countries"))).mark_geoshape(
        fill=LAND, stroke=BORDER, strokeWidth=0.5, clip=True).encode(
        tooltip=[alt.Tooltip(f"{country_name}:N", title=_t("place", language))]).project(**projection)
    layers = [land]
    if len(places):
        layers.append(alt.Chart(places).mark_circle(color=PLACE_COLOUR, opacity=0.55, stroke="white", strokeWidth=0.5,
                                                    clip=True).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"),
            size=alt.Size("mentions:Q", scale=alt.Scale(type="sqrt", range=[8, MAX_POINT_AREA]),
                          title=_t("mentions", language)),
            order=alt.Order("mentions:Q", sort="descending"),
            tooltip=[alt.Tooltip("place:N", title=_t("place", language)),
                     alt.Tooltip("mentions:Q", title=_t("mentions", language), format=","),
                     alt.Tooltip("articles:Q", title=_t("articles", language), format=","),
                     alt.Tooltip("precision_label:N", title=_t("precision", language))]).project(**projection))
    if len(events):
        # by type: the fixed palette in the type order; by perpetrator: Tableau's categories
        scale = alt.Scale(domain=[labels[k] for k in EVENT_PALETTE], range=list(EVENT_PALETTE.values())) if labels \
            else alt.Scale(scheme="tableau10")
        layers.append(alt.Chart(events).mark_square(size=45, opacity=0.9, stroke="white", strokeWidth=0.5,
                                                    clip=True).encode(
            longitude=alt.Longitude("longitude:Q"), latitude=alt.Latitude("latitude:Q"),
            color=alt.Color("group:N", title=_t("event_type" if labels else "perpetrator", language), scale=scale),
            tooltip=[alt.Tooltip("location:N", title=_t("place", language)),
                     alt.Tooltip("group:N", title=_t("event_type" if labels else "perpetrator", language)),
                     alt.Tooltip("reports:Q", title=_t("reports", language), format=","),
                     alt.Tooltip("fatalities:Q", title=_t("fatalities", language), format=",")]).project(**projection))
    return alt.layer(*layers).properties(title=_t("map", language), width=MAP_WIDTH, height=MAP_HEIGHT).configure(
        font=FONT).configure_view(fill=SEA, stroke=None)
