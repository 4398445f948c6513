"""Where matching keeps its files: ``LITTLEGIANT_HOME/indexes`` (same default as the web settings).

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
    """The data folder: ``$LITTLEGIANT_HOME``, else ``$XDG_DATA_HOME/littlegiant`` or ``~/.local/share/littlegiant``."""
    configured = os.environ.get("LITTLEGIANT_HOME")
    if configured:
        return Path(configured).expanduser()
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "littlegiant"


def index_dir(catalog_id: str, home: Path | None = None) -> Path:
    """The folder of one catalog's index."""
    return (home or littlegiant_home()) / "indexes" / catalog_id
