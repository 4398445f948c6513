"""Request parameters of the assessments pages: dates, limits and the what-if form's fields.

Examples:
    >>> parse_date("2026-06-30")
    datetime.date(2026, 6, 30)
    >>> parse_limit("全部", default=3) is None
    True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.web.assessments.labels import field_label
from littlegiant.web.assessments.queries.evaluation import ProgrammeResult

__all__ = [
    "MAX_WHAT_IF_FIELDS",
    "DateInputError",
    "extra_fields",
    "parse_date",
    "parse_limit",
    "what_if_fields",
    "what_if_inputs",
]

MAX_WHAT_IF_FIELDS = 8
_FIELD_PREFIX = "f_"
_NO_LIMIT = {"", "all", "全部"}


class DateInputError(LittleGiantError):
    """A date parameter is not a YYYY-MM-DD date."""


def parse_date(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD date (None when empty).

    Raises:
        DateInputError: the text is not such a date (the message quotes it).
    """
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DateInputError(f"评价基准日“{text}”不是有效日期（格式如 2024-01-31）") from None


def parse_limit(text: str | None, *, default: int | None) -> int | None:
    """A non-negative whole number, None for "all", ``default`` when absent or unreadable."""
    if text is None:
        return default
    if text.strip().lower() in _NO_LIMIT:
        return None
    return int(text) if text.strip().isdigit() else default


def _kind(flat_id: str) -> str:
    kind = FLAT_FIELDS_BY_ID[flat_id].kind
    if kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        return "number"
    return {
        FieldKind.BOOLEAN: "boolean",
        FieldKind.CHOICE: "choice",
        FieldKind.CHOICES: "choices",
    }.get(kind, "text")


def _current_values(result: ProgrammeResult) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for step in result.verdict.trace:
        values.update(step.reads)
    return values


def _candidate_ids(result: ProgrammeResult) -> list[str]:
    ids = [str(change.get("field")) for gap in result.gaps for change in gap.get("changes") or ()]
    ids += list(result.verdict.missing)
    ids += [name for step in result.verdict.trace if step.verdict == "unknown"
            for name, value in step.reads.items() if value is None]  # fmt: skip
    ids += [name for step in result.verdict.trace if step.verdict == "false" for name in step.reads]
    return list(dict.fromkeys(flat_id for flat_id in ids if flat_id in FLAT_FIELDS_BY_ID))


def _shown(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, frozenset | set):
        return sorted(value)
    return "" if value is None else value


def what_if_fields(result: ProgrammeResult) -> list[dict[str, Any]]:
    """The fields a what-if form offers: those the gaps change, the missing ones, those failing clauses read."""
    current = _current_values(result)
    fields = []
    for flat_id in _candidate_ids(result)[:MAX_WHAT_IF_FIELDS]:
        record_field = FLAT_FIELDS_BY_ID[flat_id]
        fields.append({
            "id": flat_id, "name": f"{_FIELD_PREFIX}{flat_id}", "label": field_label(flat_id),
            "unit": record_field.unit, "kind": _kind(flat_id), "value": _shown(current.get(flat_id)),
            "choices": record_field.choices,
        })  # fmt: skip
    return fields


def what_if_inputs(post: Any) -> dict[str, Any]:
    """The raw what-if inputs of a POSTed form: ``f_<flat id>`` fields and one ``extra_field``/``extra_value``."""
    inputs: dict[str, Any] = {}
    for key in post:
        if not key.startswith(_FIELD_PREFIX):
            continue
        flat_id = key[len(_FIELD_PREFIX) :]
        values = post.getlist(key)
        kind = FLAT_FIELDS_BY_ID[flat_id].kind if flat_id in FLAT_FIELDS_BY_ID else None
        inputs[flat_id] = values if kind is FieldKind.CHOICES else (values[-1] if values else "")
    extra = (post.get("extra_field") or "").strip()
    if extra:
        inputs[extra] = post.get("extra_value", "")
    return inputs


def extra_fields(result: ProgrammeResult) -> list[tuple[str, str]]:
    """Every field the pack reads, as (flat id, label), for the form's "other field" choice."""
    return [
        (flat_id, field_label(flat_id))
        for flat_id in result.pack.fields
        if flat_id not in {"uscc", "name"}
    ]
