"""The seed scores against ../shared/gold (skipped when ../shared is not beside the project)."""
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "tools" / "evaluate.py").exists(), reason="../shared is not present")


def test_seed_scores_meet_the_bar(tmp_path):
    out = tmp_path / "seeds.json"
    with out.open("w", encoding="utf-8") as fh:
        r = subprocess.run([sys.executable, "-m", "dashboard", "analyze", str(SHARED / "seeds"), "--json"], cwd=ROOT,
                           stdout=fh, stderr=subprocess.PIPE, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    ev = subprocess.run([sys.executable, str(SHARED / "tools" / "evaluate.py"), str(out), str(SHARED / "gold"),
                         "--min-figure-recall", "1", "--min-figure-precision", "1", "--min-entities", "0.95",
                         "--min-merges", "1", "--min-stance", "0.8"], capture_output=True, text=True, timeout=120)
    assert ev.returncode == 0, ev.stdout[-3000:]


def test_shipped_seeds_are_the_shared_seeds_unchanged():
    for f in (SHARED / "seeds").iterdir():
        assert (ROOT / "seeds" / f.name).read_bytes() == f.read_bytes()
