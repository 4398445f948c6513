"""Where matching keeps its files: ``LITTLEGIANT_HOME/indexes`` (default ``~/.littlegiant``).

Examples:
    >>> import os
    >>> os.environ["LITTLEGIANT_HOME"] = "/tmp/lg-doctest"
    >>> str(index_dir("policies"))
    '/tmp/lg-doctest/indexes/policies'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["index_dir", "littlegiant_home"]


def littlegiant_home() -> Path:
    """The data folder: ``$LITTLEGIANT_HOME`` or ``~/.littlegiant``."""
    configured = os.environ.get("LITTLEGIANT_HOME")
    return Path(configured) if configured else Path.home() / ".littlegiant"


def index_dir(catalog_id: str, home: Path | None = None) -> Path:
    """The folder of one catalog's index."""
    return (home or littlegiant_home()) / "indexes" / catalog_id
