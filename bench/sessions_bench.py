"""Server memory with many browser sessions: one browser, then ten at once, against a store of N articles
(default 1,000). Each session opens the dashboard, waits for its charts and visits every tab, then closes.

    .venv/bin/python bench/sessions_bench.py [--articles 1000] [--sessions 10]

Prints the server's resident memory (its process and children) at start, after one session and after ten, the
ratio of the last two (the rule: within 2×), the peak during the ten, and whether every session got its charts.
Needs Debian's chromium."""
from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app_bench import ARGS, SERVER, build_store, serve  # noqa: E402

TABS = 5  # overview, entities, stance, capabilities, articles
SETTLE_S = 5  # after the sessions close, before reading the server's memory


def rss_mb(proc: psutil.Process) -> float:
    procs = [proc, *proc.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20


class PeakSampler(threading.Thread):
    def __init__(self, proc: psutil.Process):
        super().__init__(daemon=True)
        self.proc, self.peak, self.stop = proc, 0.0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb(self.proc))
            time.sleep(0.2)


async def session(browser, url: str) -> bool:
    """One user: open, wait for the first chart, visit every tab; True if every tab drew without an error."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    try:
        await page.goto(url)
        await page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=300_000)
        for i in range(1, TABS):
            await page.get_by_role("tab").nth(i).click()
            await page.wait_for_timeout(300)
            await page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                                         timeout=300_000)
        return not await page.locator("[data-testid=stException]").count()
    finally:
        await context.close()


async def sessions(url: str, n: int) -> list[bool]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        try:
            return list(await asyncio.gather(*(session(browser, url) for _ in range(n))))
        finally:
            await browser.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--sessions", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sessions.duckdb"
        build_store(db, args.articles)
        proc, url = serve(SERVER, {"DASHBOARD_DB": str(db)})
        server = psutil.Process(proc.pid)
        try:
            start = rss_mb(server)
            one = asyncio.run(sessions(url, 1))
            time.sleep(SETTLE_S)
            after_one = rss_mb(server)
            sampler = PeakSampler(server)
            sampler.start()
            t0 = time.perf_counter()
            many = asyncio.run(sessions(url, args.sessions))
            took = time.perf_counter() - t0
            sampler.stop.set()
            time.sleep(SETTLE_S)
            after_many = rss_mb(server)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"server RSS: {start:.0f} MB at start, {after_one:.0f} MB after 1 session, {after_many:.0f} MB after "
          f"{args.sessions} at once ({after_many / after_one:.2f}× the one-session figure; peak {sampler.peak:.0f} MB)")
    print(f"sessions with every tab drawn: 1 alone {sum(one)}/1, together {sum(many)}/{args.sessions} in {took:.1f} s")


if __name__ == "__main__":
    main()
