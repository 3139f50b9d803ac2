"""Seed and dev-set scores against ../shared/gold and ../shared/gold-ant (skipped when ../shared is absent).

A ratchet: each bar is what the code measured when it was last raised; a change may only keep or raise it."""
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "tools" / "evaluate.py").exists(), reason="../shared is not present")

SEED_BARS = {"--min-figure-recall": 1, "--min-figure-precision": 1, "--min-figure-actor": 1,
             "--min-entities": 0.95, "--min-merges": 1, "--min-stance": 0.85, "--min-stance-f1": 0.82}
DEV_BARS = {"--min-figure-recall": 0.91, "--min-figure-precision": 0.95, "--min-figure-actor": 0.94,
            "--min-stance": 0.84, "--min-stance-f1": 0.75}


def _score(texts, gold, bars, tmp_path):
    out = tmp_path / "analysis.json"
    with out.open("w", encoding="utf-8") as fh:
        r = subprocess.run([sys.executable, "-m", "dashboard", "analyze", str(texts), "--json"], cwd=ROOT,
                           stdout=fh, stderr=subprocess.PIPE, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    args = [a for k, v in bars.items() for a in (k, str(v))]
    ev = subprocess.run([sys.executable, str(SHARED / "tools" / "evaluate.py"), str(out), str(gold), *args],
                        capture_output=True, text=True, timeout=120)
    assert ev.returncode == 0, ev.stdout[-3000:]


def test_seed_scores_meet_the_bar(tmp_path):
    _score(SHARED / "seeds", SHARED / "gold", SEED_BARS, tmp_path)


@pytest.mark.skipif(not (SHARED / "gold-ant" / "texts").exists(), reason="no dev gold set")
def test_dev_set_scores_meet_the_bar(tmp_path):
    _score(SHARED / "gold-ant" / "texts", SHARED / "gold-ant", DEV_BARS, tmp_path)


def test_shipped_seeds_are_the_shared_seeds_unchanged():
    for f in (SHARED / "seeds").iterdir():
        assert (ROOT / "seeds" / f.name).read_bytes() == f.read_bytes()
