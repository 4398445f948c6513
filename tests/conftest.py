"""Root fixtures. Keep small; per-area fixtures live in each area's conftest.

The web settings create ``LITTLEGIANT_HOME`` and a secret key on import: point them at a throwaway
folder before Django is set up so that a test run never writes into the user's data folder.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("LITTLEGIANT_HOME", tempfile.mkdtemp(prefix="littlegiant-test-home-"))
