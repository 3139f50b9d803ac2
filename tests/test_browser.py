"""End to end in a real browser: `streamlit run app.py` on a free port, Debian's Chromium driven by
Playwright. Upload an article file, find one of its entities in the Entities panel, download a chart PNG."""
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import FIXTURES, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (make test installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, request):
    port = _free_port()
    env = {"DASHBOARD_DB": str(tmp_path / "e2e.duckdb"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           **getattr(request, "param", {})}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/ui/server.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def open_dashboard(browser, url: str, **page_options):
    """A new page on the dashboard, once its Overview has drawn."""
    page = browser.new_page(**page_options)
    page.goto(url)
    page.get_by_text("Articles per outlet").first.wait_for(timeout=90_000)
    return page


HOSTILE_TITLE = "خبر ![x](http://evil.example/a.png) <b>عاجل</b> :red[أحمر] $x^2$ **غامق**"


def test_upload_see_entity_download_png(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        # the title carries Markdown, HTML and LaTeX: the evidence lines must show them as text
        hostile = tmp_path / "article_ar.txt"
        hostile.write_text(HOSTILE_TITLE + "\n" + (FIXTURES / "article_ar.txt").read_text(encoding="utf-8"),
                           encoding="utf-8")
        page.locator("input[type=file]").first.set_input_files(str(hostile))
        page.get_by_role("button", name="Analyse and add").click()
        page.get_by_text("article_ar.txt: added 1 article").wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "after-upload.png"))

        page.get_by_role("tab", name="Entities").click()
        picker = page.get_by_role("combobox", name="Entity", exact=True)
        picker.click()
        page.keyboard.type("Khalili")
        page.get_by_role("option", name="Khalili", exact=False).first.click()
        page.locator("mark.PERSON", has_text="سامر خليلي").first.wait_for(timeout=30_000)
        meta = page.locator(".evidence-meta").first
        assert HOSTILE_TITLE in meta.inner_text()
        assert page.locator(".evidence-meta img, .evidence-meta b, .evidence-meta .katex").count() == 0

        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="PNG", exact=True).first.click()
        png = tmp_path / "chart.png"
        info.value.save_as(png)
        browser.close()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def _check_file(path, kind: str):
    """PNG decodes and is not blank, SVG parses, HTML carries its chart and needs no network, CSV has rows."""
    data = path.read_bytes()
    if kind == "PNG":
        import io

        from PIL import Image

        img = Image.open(io.BytesIO(data)).convert("L")
        lo, hi = img.getextrema()
        assert img.size[0] > 100 and hi - lo > 50, "blank PNG"
    elif kind == "SVG":
        import xml.etree.ElementTree as ET

        assert ET.fromstring(data).tag.endswith("svg")
    elif kind == "HTML":
        text = data.decode("utf-8")
        assert "vegaEmbed" in text and 'id="spec"' in text and "<script src=" not in text  # inlined: opens offline
    else:
        lines = data.decode("utf-8-sig").strip().splitlines()
        assert len(lines) >= 2 and "," in lines[0]


def test_every_download_of_every_panel(server, tmp_path):
    from playwright.sync_api import sync_playwright

    checked = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        for tab in ("Overview", "Entities", "Stance", "Capabilities", "Map"):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(500)
            page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000)
            page.locator("[data-testid=stMain] .vega-embed").first.wait_for(timeout=60_000)
            buttons = page.locator("[data-testid=stMain] [data-testid=stDownloadButton] button")
            kinds = [t.strip() for t in buttons.all_inner_texts()]
            for k, kind in enumerate(kinds):
                button = buttons.nth(k)
                kind = "CSV" if kind.startswith("Events CSV") else kind  # the Map's events table
                if kind not in ("PNG", "SVG", "HTML", "CSV"):
                    continue
                with page.expect_download(timeout=60_000) as info:
                    button.click()
                target = tmp_path / f"{tab}-{k}-{info.value.suggested_filename}"
                info.value.save_as(target)
                _check_file(target, kind)
                checked[(tab, kind)] = checked.get((tab, kind), 0) + 1
        browser.close()
    for tab in ("Overview", "Entities", "Stance", "Capabilities", "Map"):
        assert all(checked.get((tab, kind), 0) >= 1 for kind in ("PNG", "SVG", "HTML", "CSV")), checked
    assert checked[("Map", "CSV")] == 2  # the places behind the map and the events


def test_the_map_draws_follows_a_filter_and_reads_in_arabic(server, tmp_path):
    from playwright.sync_api import sync_playwright

    def counts(page) -> str:
        return page.get_by_text("places with coordinates").first.inner_text()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1500, "height": 1100})
        page.get_by_role("tab", name="Map").click()
        page.locator("[data-testid=stMain] .vega-embed").first.wait_for(timeout=60_000)
        everything = counts(page)
        page.get_by_text("Limit to a date range").click()
        page.get_by_text("Include undated articles").click()
        page.wait_for_function("(before) => !document.body.innerText.includes(before)", arg=everything,
                               timeout=60_000)
        assert counts(page) != everything  # the two dated seed articles name fewer places
        page.screenshot(path=str(tmp_path / "map-en.png"))
        page.get_by_text("العربية").first.click()
        page.get_by_role("tab", name="الخريطة").wait_for(timeout=60_000)
        page.locator("[data-testid=stMain] .vega-embed").first.wait_for(timeout=60_000)
        page.get_by_text("مكاناً بإحداثيات").first.wait_for(timeout=30_000)
        assert page.get_by_role("tab", name="الخريطة").get_attribute("aria-selected") == "true"
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000)
        page.get_by_text("جمل تذكر مكاناً").first.wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "map-ar.png"))
        browser.close()


def test_a_rerun_during_an_upload_loses_nothing(server, tmp_path):
    """Clicking a tab right after "Analyse and add" reruns the page mid-import; every file still lands.
    The count is read from the sidebar, drawn whatever tab is open: under load a tab click made during a
    rerun can be overtaken by the rerun's own tab state (Streamlit's query-parameter binding), and that is
    not what this test is about."""
    from playwright.sync_api import sync_playwright

    def stored(page) -> int:
        caption = page.get_by_text("articles in the store").first.inner_text()
        return int(caption.split()[0].replace(",", ""))

    names = ["article_ar.txt", "two_articles.txt", "page.html"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1400, "height": 1000})
        before = stored(page)
        page.locator("input[type=file]").first.set_input_files([str(FIXTURES / n) for n in names])
        page.get_by_role("button", name="Analyse and add").click()
        page.get_by_role("tab", name="Stance").click()  # a rerun while the import runs
        page.get_by_role("tab", name="Overview").click()
        for n in names:
            page.get_by_text(f"{n}: added").first.wait_for(timeout=90_000)
        page.get_by_text(f"{before + 4:,} articles in the store", exact=True).wait_for(timeout=90_000)  # two_articles.txt holds two
        after = stored(page)
        browser.close()
    assert after - before == 4


def test_an_ingest_while_the_dashboard_is_open_shows_at_the_next_tab_switch(server, tmp_path):
    """The dashboard holds the store, so the ingest queues its articles; a tab switch (which reruns only the
    tabs) notices the queue and redraws the whole page with them, sidebar count included."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1400, "height": 1000})
        page.get_by_text("6 articles in the store", exact=True).wait_for(timeout=30_000)
        r = subprocess.run([sys.executable, "-m", "dashboard", "ingest", str(FIXTURES / "article_ar.txt"), "--db",
                            str(tmp_path / "e2e.duckdb")], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0 and "queued" in r.stderr, r.stderr[-1000:]
        page.get_by_role("tab", name="Entities").click()
        page.get_by_text("7 articles in the store", exact=True).wait_for(timeout=60_000)
        browser.close()


def test_arabic_interface_and_its_briefing(server, tmp_path):
    """With العربية the interface is Arabic; the briefing downloads, opens offline and runs right to left."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        page.get_by_text("العربية", exact=True).click()
        page.get_by_role("tab", name="الموقف").wait_for(timeout=60_000)
        page.get_by_text("المقالات حسب المصدر").first.wait_for(timeout=60_000)  # a chart title
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
        first, last = (page.get_by_role("tab").nth(k).bounding_box()["x"] for k in (0, -1))
        assert first > last  # the tabs run from the right: Overview stands rightmost
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="موجز (HTML)").click()
        briefing = tmp_path / "briefing.html"
        info.value.save_as(briefing)
        offline = browser.new_context(offline=True).new_page()
        offline.goto(briefing.as_uri())
        assert offline.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert offline.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        articles = offline.locator("td[data-key=articles]").inner_text()
        offline.screenshot(path=str(tmp_path / "briefing.png"), full_page=True)
        browser.close()
    assert int(articles.replace(",", "")) == 6  # the seed corpus, as the Overview says


def test_other_sites_cannot_frame_the_dashboard(server, tmp_path):
    """The served page forbids framing by other origins (clickjacking): a page elsewhere that frames it gets
    nothing, while the dashboard itself still draws."""
    from playwright.sync_api import sync_playwright

    headers = urllib.request.urlopen(server, timeout=10).headers
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'" and headers["X-Frame-Options"] == "SAMEORIGIN"
    framer = tmp_path / "framer.html"
    framer.write_text(f'<iframe src="{server}/" width="800" height="600"></iframe>')
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(framer.as_uri())
        page.wait_for_timeout(3000)
        framed = page.frames[1]
        assert framed.url.startswith("chrome-error://") or not framed.locator(".vega-embed").count()
        browser.close()


def test_a_file_with_a_5000_character_name_is_added_under_a_shorter_name(server):
    """The multipart parser refuses part headers over 4 KB; the server shortens such a name instead of the
    upload failing with a bare 400 and the file vanishing."""
    from playwright.sync_api import sync_playwright

    name = "مقال-" + "ا" * 4990 + ".txt"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1400, "height": 1000})
        page.locator("input[type=file]").first.set_input_files(
            [{"name": name, "mimeType": "text/plain", "buffer": (FIXTURES / "article_ar.txt").read_bytes()}])
        page.get_by_role("button", name="Analyse and add").click()
        page.get_by_text("….txt: added 1 article").wait_for(timeout=60_000)
        browser.close()


def test_collections_upload_through_the_sidebar(server, tmp_path):
    """A CSV, a JSON Lines .gz and a ZIP, uploaded together: each is reported in one line, their articles reach
    the store, and the page shows no error (a collection's rows once overran the progress bar)."""
    import csv
    import gzip
    import json
    import zipfile

    from playwright.sync_api import sync_playwright

    body = (FIXTURES / "article_ar.txt").read_text(encoding="utf-8")
    texts = [body.replace("\n", f"\nالخبر رقم {n} من المجموعة.\n", 1) for n in range(1, 31)]
    with (tmp_path / "feed.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["title", "text"])
        w.writeheader()
        w.writerows({"title": f"عنوان {n}", "text": t} for n, t in enumerate(texts[:25]))
    with gzip.open(tmp_path / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"title": f"عنوان {t[:12]}", "text": t}, ensure_ascii=False) + "\n" for t in texts[25:28])
    with zipfile.ZipFile(tmp_path / "pack.zip", "w") as z:
        for n, t in enumerate(texts[28:]):
            z.writestr(f"a{n}.txt", t)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_dashboard(browser, server, viewport={"width": 1400, "height": 1000})
        before = int(page.get_by_text("articles in the store").first.inner_text().split()[0].replace(",", ""))
        page.locator("input[type=file]").first.set_input_files(
            [str(tmp_path / n) for n in ("feed.csv", "feed.jsonl.gz", "pack.zip")])
        page.get_by_role("button", name="Analyse and add").click()
        page.get_by_text("feed.csv: added 25 articles from 25 rows").wait_for(timeout=120_000)
        page.get_by_text("feed.jsonl.gz: added 3 articles from 3 rows").wait_for(timeout=60_000)
        page.get_by_text("pack.zip: added 2 articles from 2 rows").wait_for(timeout=60_000)
        page.get_by_text(f"{before + 30:,} articles in the store", exact=True).wait_for(timeout=60_000)
        errors = page.locator("[data-testid=stException]").count()
        crashed = page.get_by_text("This app has encountered an error").count()
        browser.close()
    assert errors == 0 and crashed == 0


@pytest.mark.parametrize("server", [{"DASHBOARD_PASSWORD": "open sesame"}], indirect=True)
def test_with_a_password_nothing_is_served_before_signing_in(server, tmp_path):
    from playwright.sync_api import sync_playwright

    for path, method in (("/_stcore/metrics", "GET"), ("/media/x.csv", "GET"), ("/_stcore/upload_file/a/b", "PUT")):
        req = urllib.request.Request(server + path, method=method, data=b"x" if method == "PUT" else None)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        assert refused.value.code == 401, path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(server)
        page.fill("input[name=password]", "wrong")
        page.click("button[type=submit]")
        page.get_by_text("Wrong password").wait_for(timeout=10_000)
        page.fill("input[name=password]", "open sesame")
        page.click("button[type=submit]")
        page.get_by_text("Articles per outlet").first.wait_for(timeout=90_000)  # no second password asked
        browser.close()
