"""The server's memory through a hostile round: uploads that once took it past its means, then ten sessions at once.

    .venv/bin/python bench/hostile_memory.py [--articles 1000]

Uploads, one after the other through the sidebar, a .jsonl.gz holding one 150 M-character line and one good row,
a 20,000-row .csv.gz, a 19 MB one-line article and a ZIP of 200 articles; then opens ten sessions at once that
visit every tab. Prints the server's peak resident memory (its process and children, sampled every 0.2 s) for
each step; the bar is 1.5 GB. Needs Debian's chromium."""
from __future__ import annotations

import argparse
import asyncio
import csv
import gzip
import io
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app_bench import ARGS, SERVER, build_store, serve  # noqa: E402
from sessions_bench import PeakSampler, rss_mb, sessions  # noqa: E402

from dashboard.bench import generate_articles  # noqa: E402

BAR_MB = 1536


def hostile_files(folder: Path) -> list[Path]:
    articles = generate_articles(220, seed=99)
    bomb = folder / "one-long-line.jsonl.gz"
    with gzip.open(bomb, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "ا" * 150_000_000}) + "\n" + json.dumps({"text": articles[0]}) + "\n")
    rows = folder / "twenty-thousand.csv.gz"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["title", "text"])
    for n in range(20_000):  # short rows: 20,000 of them must fit the 20 MB upload once compressed
        w.writerow([f"خبر {n}", f"قالت الفصائل المسلحة إنها هاجمت القوات الأمريكية في العراق للمرة {n}. "
                                 f"وأدانت واشنطن الهجوم وقالت إن {n % 50 + 2} جنود أصيبوا."])
    rows.write_bytes(gzip.compress(buf.getvalue().encode("utf-8")))
    long_article = folder / "nineteen-megabytes.txt"
    long_article.write_text((articles[1] + " ") * (19_000_000 // len(articles[1].encode("utf-8"))), encoding="utf-8")
    archive = folder / "two-hundred.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for n, text in enumerate(articles[20:220]):
            z.writestr(f"a{n}.txt", text)
    return [bomb, rows, long_article, archive]


def upload_each(url: str, files: list[Path]):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_text("Articles per outlet").first.wait_for(timeout=300_000)
        for f in files:
            page.locator("input[type=file]").first.set_input_files(str(f))
            page.get_by_role("button", name="Analyse and add").click()
            page.get_by_text(f"{f.name}:").first.wait_for(timeout=3_600_000)
            print(f"  {f.name}: {page.get_by_text(f'{f.name}:').first.inner_text()[:160]}", flush=True)
        browser.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "hostile.duckdb"
        build_store(db, args.articles)
        files = hostile_files(Path(tmp))
        proc, url = serve(SERVER, {"DASHBOARD_DB": str(db)})
        server = psutil.Process(proc.pid)
        try:
            print(f"server RSS at start: {rss_mb(server):.0f} MB", flush=True)
            sampler = PeakSampler(server)
            sampler.start()
            upload_each(url, files)
            uploads_peak = sampler.peak
            drawn = asyncio.run(sessions(url, 10))
            sampler.stop.set()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"peak server RSS: {uploads_peak:.0f} MB through the uploads, {sampler.peak:.0f} MB with the ten sessions "
          f"(bar {BAR_MB} MB: {'within' if sampler.peak <= BAR_MB else 'OVER'}); sessions drawn {sum(drawn)}/10")


if __name__ == "__main__":
    main()
