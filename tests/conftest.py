"""Root fixtures. Keep small; per-area fixtures live in each area's conftest.

The web settings create ``LITTLEGIANT_HOME`` and a secret key on import: point them at a throwaway
folder before Django is set up so that a test run never writes into the user's data folder.
"""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("LITTLEGIANT_HOME", tempfile.mkdtemp(prefix="littlegiant-test-home-"))


# --- Personal-information masking scan (figure F8 of docs/security.md) ------------------------------
# ``tests/web/conftest.py`` scans every response and export the web tests produce for contacts' phone
# numbers and e-mails shown to a user without the right to see them (and fails that test at once).
# These hooks add up what was scanned, across xdist workers too, and print the figure at the end.

_PI_KEYS = ("responses", "exports", "personal_values_seen", "unmasked")


def pytest_configure(config):
    config.pi_scan = dict.fromkeys(_PI_KEYS, 0)


def pytest_sessionfinish(session):
    if hasattr(
        session.config, "workeroutput"
    ):  # an xdist worker: hand the counts to the controller
        session.config.workeroutput["pi_scan"] = dict(session.config.pi_scan)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    counts = getattr(node, "workeroutput", {}).get("pi_scan", {})
    for key in _PI_KEYS:
        node.config.pi_scan[key] += counts.get(key, 0)


def pytest_terminal_summary(terminalreporter, config):
    scan = config.pi_scan
    if scan["responses"]:
        terminalreporter.write_line(
            f"PI masking scan: {scan['responses']} responses ({scan['exports']} exports) scanned, "
            f"{scan['personal_values_seen']} personal values shown to users with the right, "
            f"unmasked for users without it: {scan['unmasked']}"
        )
