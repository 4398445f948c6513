from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every matching test gets its own LITTLEGIANT_HOME."""
    monkeypatch.setenv("LITTLEGIANT_HOME", str(tmp_path / "home"))
