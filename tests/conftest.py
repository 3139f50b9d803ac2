from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def fixture_text():
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")
    return read


@pytest.fixture
def store(tmp_path):
    from dashboard.store import Store

    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()
