"""Where the platform keeps its data and how it reaches its database, read from the environment.

- ``LITTLEGIANT_HOME``: the data folder (``db.sqlite3``, ``uploads/``, ``indexes/``, ``secret_key``);
  default ``$XDG_DATA_HOME/littlegiant`` or ``~/.local/share/littlegiant``.
- ``DATABASE_URL``: overrides the database: ``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or
  ``postgres://user:password@host:port/dbname``.
- ``LITTLEGIANT_SECRET_KEY``: else a random key is generated once and kept in ``LITTLEGIANT_HOME/secret_key``.

Examples:
    >>> database_from_url("postgres://lg:pw@db.example:5433/littlegiant")["PORT"]
    5433
    >>> database_from_url("sqlite:////var/lib/lg.db")["NAME"]
    '/var/lib/lg.db'
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from littlegiant.errors import LittleGiantError

__all__ = ["ConfigurationError", "data_home", "database_from_url", "secret_key"]


class ConfigurationError(LittleGiantError):
    """The environment describes a configuration the platform cannot use."""


def data_home(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """The data folder, created if missing (``LITTLEGIANT_HOME`` or the user's data dir)."""
    explicit = environ.get("LITTLEGIANT_HOME")
    if explicit:
        home = Path(explicit).expanduser()
    else:
        base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        home = Path(base).expanduser() / "littlegiant"
    for folder in (home, home / "uploads", home / "indexes", home / "static"):
        folder.mkdir(parents=True, exist_ok=True)
    return home


def database_from_url(url: str) -> dict[str, Any]:
    """A Django ``DATABASES`` entry from a ``sqlite:///`` or ``postgres://`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not name:
            raise ConfigurationError(f"DATABASE_URL 缺少 SQLite 文件路径：{url}")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": parts.port or "",
        }
    raise ConfigurationError(f"DATABASE_URL 的协议不受支持（仅支持 sqlite、postgres）：{url}")


def secret_key(home: Path, environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """``LITTLEGIANT_SECRET_KEY``, else the key kept in ``home/secret_key`` (generated once, mode 600)."""
    explicit = environ.get("LITTLEGIANT_SECRET_KEY")
    if explicit:
        return explicit
    path = home / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
