"""The interface in English or Arabic: the words of strings.csv, the language the user picked, and the
right-to-left styling Arabic needs (Streamlit itself lays out left to right)."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import streamlit as st

STRINGS_FILE = Path(__file__).with_name("strings.csv")
LANGUAGES = {"English": "en", "العربية": "ar"}
LANGUAGE_KEY = "lang"  # the session-state key of the language switch

# Text-bearing elements turned right-to-left in Arabic; charts and tables keep their own layout.
RTL_STYLE = """<style>
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"],
[data-testid="stMetric"], [data-testid="stAlert"], [data-testid="stExpander"] summary, h1, h2, h3,
[data-testid="stTab"], [data-testid="stRadio"], [data-testid="stCheckbox"], [data-testid="stForm"] label,
input, textarea { direction: rtl; text-align: right; }
/* the tabs and a chart's choices run from the right, as Arabic reads: the first tab stands rightmost */
[data-testid="stTabs"] [role="tablist"], [data-testid="stButtonGroup"] { direction: rtl; }
</style>"""


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    lines = [ln for ln in STRINGS_FILE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {row["key"]: row for row in csv.DictReader(lines)}


def language() -> str:
    """The language picked in this browser session ("en" or "ar"; English until one is picked)."""
    return LANGUAGES.get(st.session_state.get(LANGUAGE_KEY, "English"), "en")


def tr(key: str, **values) -> str:
    """The interface text `key` in the session's language, with {name} fields filled from `values`."""
    return strings()[key][language()].format(**values)


def language_key(key: str) -> str:
    """The key of a widget whose option labels are translated, for this language. Streamlit keeps a keyed widget
    through a rerun with the labels it was first drawn with, so after a language switch a single key would show
    «United States» in the Arabic interface; a key per language draws it anew, and the choice made in the other
    language is carried over (the options are codes, the same in both)."""
    own = f"{key}-{language()}"
    state = st.session_state
    if own not in state:
        other = next((f"{key}-{code}" for code in LANGUAGES.values() if f"{key}-{code}" in state), None)
        if other is not None:
            state[own] = state[other]
    return own


def language_switch():
    st.radio(tr("language"), list(LANGUAGES), horizontal=True, key=LANGUAGE_KEY)
    if language() == "ar":
        st.markdown(RTL_STYLE, unsafe_allow_html=True)
