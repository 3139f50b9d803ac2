"""A stance target added as one row of targets.csv shows up end to end — analysis JSON, store, Stance panel —
with no code change (the analyst's own lexicon folder is named by DASHBOARD_LEXICON_DIR)."""
import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT

from dashboard.analysis.lexicon import SHIPPED_LEXICONS

ARTICLE = ("هاجمت إسرائيل مواقع للفصائل المسلحة في سوريا أمس، وقال مسؤولون إن الولايات المتحدة لم تشارك في الضربة. "
           "وأدانت إيران الهجوم الإسرائيلي على سوريا.")


def _lexicons_with_israel(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(SHIPPED_LEXICONS, folder)
    with (folder / "targets.csv").open("a", encoding="utf-8") as fh:
        fh.write("ISRAEL,name,إسرائيل\nISRAEL,adjective,إسرائيلي\n")
    return folder


def test_a_new_target_row_reaches_the_json_the_store_and_the_panel(tmp_path):
    env = {**os.environ, "DASHBOARD_LEXICON_DIR": str(_lexicons_with_israel(tmp_path)),
           "DASHBOARD_DB": str(tmp_path / "store.duckdb")}
    article = tmp_path / "israel.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "dashboard", "analyze", str(article), "--json"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    (art,) = json.loads(out.stdout)["articles"]
    assert {"ISRAEL", "US", "IRAN"} <= {s["target"] for s in art["stance"]} and "ISRAEL" in art["stance_summary"]
    ing = subprocess.run([sys.executable, "-m", "dashboard", "ingest", str(article)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert ing.returncode == 0, ing.stderr
    check = ("import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); "
             "print(c.execute(\"select count(*) from stance where target='ISRAEL'\").fetchone()[0])")
    stored = subprocess.run([sys.executable, "-c", check, env["DASHBOARD_DB"]], capture_output=True, text=True)
    assert int(stored.stdout) >= 1
    # the panel, in a fresh interpreter: the lexicons are read once per process
    panel = ("from streamlit.testing.v1 import AppTest; app = AppTest.from_file('app.py', default_timeout=120); "
             "app.query_params['main-tab'] = 'Stance'; app.run(); assert not app.exception, app.exception; "
             "print(app.selectbox(key='st-target-en').options)")
    shown = subprocess.run([sys.executable, "-c", panel], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "ISRAEL" in shown.stdout, shown.stderr[-2000:]
