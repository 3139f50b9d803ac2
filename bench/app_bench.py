"""Dashboard speed in a real browser: cold start to all panels rendered, and a filter change, with the
seed corpus and with N generated articles (default 5,000) in the store.

    .venv/bin/python bench/app_bench.py [--articles 5000]

Needs Debian's chromium. Prints one line per scenario; the README keeps the latest figures."""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.bench import generate_articles  # noqa: E402
from dashboard.library import add_files, seed_store  # noqa: E402
from dashboard.store import Store  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def build_store(path: Path, n: int) -> float:
    store = Store(path)
    seed_store(store, ROOT / "seeds")
    t0 = time.perf_counter()
    if n:
        batch = [(f"gen_{i:05d}.txt", d.encode("utf-8")) for i, d in enumerate(generate_articles(n, seed=42))]
        add_files(store, batch, engine_name="builtin")
    took = time.perf_counter() - t0
    print(f"store: {store.count_articles()} articles, built in {took:.1f} s")
    store.close()
    return took


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_idle(page, timeout=120_000):
    """Until Streamlit has finished the script run (its status widget disappears)."""
    page.wait_for_timeout(200)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout)


# What each tab draws last (or nearly): a switch is timed until it shows and the run has ended. Waiting for the
# run alone is not enough — Streamlit shows its running indicator only after a delay, so a long run can look idle.
TAB_DRAWN = {"Entities": "text=sentences mention it", "Stance": "text=sentences, strongest first",
             "Capabilities": "text=All figures", "Map": "text=Sentences that name a place",
             "In context": "text=every sentence that holds it", "Articles": ".reader-legend"}

# A tab draws one chart at a time; a choice of another (its button, and its title in the drawn chart) is timed too.
CHART_CHOICES = {"Entities": ("Attention over time",
                              "Attention over time (share of each period's articles that name each entity)"),
                 "Stance": ("By outlet", "Stance by outlet"), "Capabilities": ("Reported values", "Reported values")}

TRIVIAL_PAGE = """import altair as alt, pandas as pd, streamlit as st
st.title("trivial")
st.altair_chart(alt.Chart(pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})).mark_bar().encode(x="x", y="y"))
"""


SERVER = "dashboard/ui/server.py"  # app.py behind the frame-guard middleware, as `make run` serves it


def serve(script: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                             "--server.headless", "true"], cwd=ROOT, env={"PATH": "/usr/bin:/bin", **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    return proc, url


def first_chart(url: str) -> float:
    """Seconds from page.goto to the first drawn chart."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.perf_counter()
        page.goto(url)
        page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=120_000)
        took = time.perf_counter() - t0
        browser.close()
    return took


def trivial_page() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trivial.py"
        script.write_text(TRIVIAL_PAGE, encoding="utf-8")
        proc, url = serve(str(script), {})
        try:
            return first_chart(url)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def chart_download(page) -> float:
    """Seconds to get the first PNG download of the open panel."""
    button = page.get_by_role("button", name="PNG", exact=True).first
    t0 = time.perf_counter()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    info.value.path()
    return time.perf_counter() - t0


def word_in_context(page, query: str = "الحشد الشعبي") -> float:
    """The In context tab: from typing a phrase (and Enter) to its counts, charts and lines drawn."""
    page.get_by_role("tab", name="In context").click()
    box = page.get_by_role("textbox", name="Word or phrase")
    box.wait_for(timeout=120_000)
    wait_idle(page)
    t0 = time.perf_counter()
    box.fill(query)
    box.press("Enter")
    page.get_by_text("sentences in").first.wait_for(timeout=120_000)
    wait_idle(page)
    return time.perf_counter() - t0


def events_download(page) -> float:
    """The Map tab's events CSV of the whole view, from the click to the saved file."""
    page.get_by_role("tab", name="Map").click()
    button = page.get_by_role("button", name="Events CSV (ACLED-style columns)")
    button.wait_for(timeout=120_000)
    wait_idle(page)
    t0 = time.perf_counter()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    info.value.path()
    return time.perf_counter() - t0


def measure(db: Path, label: str):
    from playwright.sync_api import sync_playwright

    proc, url = serve(SERVER, {"DASHBOARD_DB": str(db)})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            t0 = time.perf_counter()
            page.goto(url)
            page.get_by_role("heading", name="Iraq · United States · Iran · armed factions").wait_for(timeout=120_000)
            first_paint = time.perf_counter() - t0
            page.locator("[data-testid='stMetric']").first.wait_for(timeout=120_000)
            wait_idle(page)
            page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=60_000)
            chart = time.perf_counter() - t0
            page.locator(".vega-embed svg, .vega-embed canvas").nth(1).wait_for(timeout=60_000)
            overview = time.perf_counter() - t0
            download = chart_download(page)
            tab_times, choice_times = {}, {}
            for name, drawn in TAB_DRAWN.items():
                t1 = time.perf_counter()
                page.get_by_role("tab", name=name).click()
                page.locator(drawn).first.wait_for(timeout=120_000)
                wait_idle(page)
                tab_times[name] = time.perf_counter() - t1
                if name in CHART_CHOICES:
                    button, title = CHART_CHOICES[name]
                    t1 = time.perf_counter()
                    page.get_by_text(button, exact=True).click()
                    page.locator(".vega-embed").get_by_text(title, exact=True).wait_for(timeout=120_000)
                    wait_idle(page)
                    choice_times[name] = time.perf_counter() - t1
            all_panels = overview + sum(tab_times.values())
            events_csv = events_download(page)
            in_context = word_in_context(page)
            page.get_by_role("tab", name="Overview").click()
            wait_idle(page)
            box = page.get_by_role("combobox", name="Outlet")
            box.click()
            t1 = time.perf_counter()
            page.get_by_role("option").first.click()
            page.keyboard.press("Escape")
            wait_idle(page)
            filter_change = time.perf_counter() - t1
            page.screenshot(path=str(Path(tempfile.gettempdir()) / f"app_bench_{label}.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    tabs = ", ".join(f"{k} {v:.2f} s" for k, v in tab_times.items())
    choices = ", ".join(f"{k} {v:.2f} s" for k, v in choice_times.items())
    print(f"{label}: first paint {first_paint:.2f} s, first chart {chart:.2f} s, overview complete {overview:.2f} s, "
          f"every panel opened {all_panels:.2f} s ({tabs}), another chart ({choices}), filter change {filter_change:.2f} s, "
          f"chart PNG download {download:.2f} s, events CSV download {events_csv:.2f} s, "
          f"a phrase in context {in_context:.2f} s")
    return first_paint, overview, all_panels, filter_change


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--store", type=Path, help="reuse a store built by an earlier run (it is kept)")
    args = ap.parse_args()
    print(f"trivial one-chart Streamlit page: first chart {trivial_page():.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        seeds_db = Path(tmp) / "seeds.duckdb"
        build_store(seeds_db, 0)
        measure(seeds_db, "seeds")
        big_db = args.store or Path(tmp) / "big.duckdb"
        if not big_db.exists():
            build_store(big_db, args.articles)
        label = f"{args.store.name}" if args.store else f"{args.articles} articles"
        measure(big_db, label)
        measure(big_db, f"{label}, warm server restart")


if __name__ == "__main__":
    main()
