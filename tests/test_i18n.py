"""The interface's words: every key the code asks for exists, both languages are filled in, and both carry the
same {fields}; every code the charts label has both names."""
import re
import string

from conftest import ROOT

from dashboard.ui.i18n import strings
from dashboard.views.tables import _labels

UI_CODE = [ROOT / "app.py", *sorted((ROOT / "dashboard" / "ui").glob("*.py"))]


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_string_has_both_languages_and_the_same_fields():
    for key, row in strings().items():
        assert row["en"].strip() and row["ar"].strip(), key
        assert fields(row["en"]) == fields(row["ar"]), key
        assert re.search("[\u0600-\u06ff]", row["ar"]), f"{key}: the Arabic text has no Arabic"


def test_every_key_the_interface_uses_exists():
    used = set()
    for path in UI_CODE:
        used |= set(re.findall(r'\btr\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and not used - set(strings()), used - set(strings())


def test_every_label_has_both_names():
    for (kind, code), row in _labels().items():
        assert row["en"].strip() and row["ar"].strip(), (kind, code)
