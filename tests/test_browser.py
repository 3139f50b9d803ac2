"""End to end in a real browser: `streamlit run app.py` on a free port, Debian's Chromium driven by
Playwright. Upload an article file, find one of its entities in the Entities panel, download a chart PNG."""
import shutil
import socket
import subprocess
import sys
import time
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
def server(tmp_path):
    port = _free_port()
    env = {"DASHBOARD_DB": str(tmp_path / "e2e.duckdb"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
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


def test_upload_see_entity_download_png(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(server)
        page.get_by_text("Articles per outlet").first.wait_for(timeout=90_000)
        page.locator("input[type=file]").first.set_input_files(str(FIXTURES / "article_ar.txt"))
        page.get_by_role("button", name="Analyse and add").click()
        page.get_by_text("article_ar.txt: added 1 article").wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "after-upload.png"))

        page.get_by_role("tab", name="Entities").click()
        picker = page.get_by_role("combobox", name="Entity", exact=True)
        picker.click()
        page.keyboard.type("Khalili")
        page.get_by_role("option", name="Khalili", exact=False).first.click()
        page.locator("mark.PERSON", has_text="سامر خليلي").first.wait_for(timeout=30_000)

        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="PNG", exact=True).first.click()
        png = tmp_path / "chart.png"
        info.value.save_as(png)
        browser.close()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
