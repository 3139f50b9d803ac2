"""Screenshots of every panel in both label languages, for a person to look at (no raw codes, no fractional
count axes, no `None`): `.venv/bin/python bench/screenshots.py [--store PATH] [--out FOLDER]`.

Starts the dashboard on a free port (the seed corpus in a temporary store unless --store is given) and saves
one full-page PNG per panel and language, named like `stance-ar.png`. Needs Debian's chromium."""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app_bench import ARGS, SERVER, serve, wait_idle  # noqa: E402

TABS = ("overview", "entities", "stance", "capabilities", "articles")  # in the order the app shows them
LANGUAGES = {"en": "English", "ar": "العربية"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "dashboard-screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "seeds.duckdb"
        proc, url = serve(SERVER, {"DASHBOARD_DB": str(store)})
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
                page = browser.new_page(viewport={"width": 1600, "height": 3200})  # Streamlit scrolls inside: a tall window shows the whole panel
                page.goto(url)
                page.locator(".vega-embed").first.wait_for(timeout=120_000)
                for code, label in LANGUAGES.items():
                    page.get_by_text(label, exact=True).click()
                    wait_idle(page)
                    for i, tab in enumerate(TABS):  # by place: the tab names are in the chosen language
                        page.get_by_role("tab").nth(i).click()
                        wait_idle(page)
                        page.wait_for_timeout(800)  # charts finish drawing
                        path = args.out / f"{tab}-{code}.png"
                        page.screenshot(path=str(path), full_page=True)
                        print(path)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
