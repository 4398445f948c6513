"""Catalog tests: every test gets its own search indexes; the ``catalog`` fixture is in ``tests/web/conftest.py``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_indexes(isolated_indexes):
    """Each test gets its own index folder and freshly opened indexes."""
    return isolated_indexes
