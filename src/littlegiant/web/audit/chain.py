"""The hash chain: ``hash = SHA-256(prev_hash ‖ canonical record)`` over every audited field.

Pure functions (no database): the writer (``services.record``) and the verifier
(``queries.verify_chain``) share them, so both hash exactly the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["CHAINED_FIELDS", "GENESIS", "canonical", "clean_text", "link"]

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "at",
    "username",
    "user_id_value",
    "role",
    "ip",
    "user_agent",
    "kind",
    "outcome",
    "method",
    "path",
    "object_type",
    "object_id",
    "detail",
)

_CONTROL = {i: f"\\x{i:02x}" for i in range(32)} | {0x7F: "\\x7f"}
_CONTROL.update({0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"})


def clean_text(value: Any, limit: int) -> str:
    """``value`` as one line of at most ``limit`` characters: control characters (CR, LF, ...) are
    escaped so that nobody can forge a second record inside a field (log injection, ASVS 16.4.1)."""
    text = "" if value is None else str(value)
    return text.translate(_CONTROL)[:limit]


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def canonical(record: Mapping[str, Any]) -> bytes:
    """The record's chained fields as canonical JSON (sorted keys, UTC timestamp, UTF-8)."""
    values = {name: record.get(name) for name in CHAINED_FIELDS}
    at = values["at"]
    if isinstance(at, dt.datetime):
        values["at"] = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps(
        values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    ).encode()


def link(prev_hash: str, record: Mapping[str, Any]) -> str:
    """The hash of ``record`` chained to ``prev_hash``."""
    return hashlib.sha256(prev_hash.encode() + b"|" + canonical(record)).hexdigest()
