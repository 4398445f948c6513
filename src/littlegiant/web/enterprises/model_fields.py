"""Django model fields built from the enterprise record's field definitions (one source of truth).

Labels become ``verbose_name``, units and descriptions ``help_text``, bounds validators; optional
values are nullable so that missing stays ``None`` (never 0).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from littlegiant.records.fields import Field, FieldKind
from littlegiant.records.tables import TABLES_BY_ID

__all__ = ["model_field", "table_field"]

_CODE_LENGTHS = {"uscc": 18, "region_code": 6, "industry_code": 5}


def _help_text(record_field: Field) -> str:
    parts = [f"单位：{record_field.unit}" if record_field.unit else "", record_field.description]
    return "；".join(part for part in parts if part)


def _validators(record_field: Field) -> list[Any]:
    validators: list[Any] = []
    if record_field.minimum is not None:
        validators.append(MinValueValidator(record_field.minimum))
    if record_field.maximum is not None:
        validators.append(MaxValueValidator(record_field.maximum))
    return validators


def model_field(
    record_field: Field, *, required: bool = False, **overrides: Any
) -> models.Field[Any, Any]:
    """The Django field storing one record field (nullable unless ``required``)."""
    options: dict[str, Any] = {
        "verbose_name": record_field.label,
        "help_text": _help_text(record_field),
    }
    kind = record_field.kind
    if kind in {FieldKind.TEXT, FieldKind.CODE}:
        max_length = _CODE_LENGTHS.get(record_field.id, 32) if kind is FieldKind.CODE else 200
        options |= {
            "max_length": max_length,
            "blank": not required,
            "default": "" if not required else None,
        }
        if required:
            options.pop("default")
        return models.CharField(**(options | overrides))
    options |= {"null": not required, "blank": not required}
    if kind is FieldKind.CHOICE:
        options |= {"max_length": 32, "choices": list(record_field.choices)}
        return models.CharField(**(options | overrides))
    if kind is FieldKind.CHOICES:
        return models.JSONField(**(options | overrides))
    if kind is FieldKind.BOOLEAN:
        return models.BooleanField(**(options | overrides))
    if kind is FieldKind.DATE:
        return models.DateField(**(options | overrides))
    options["validators"] = _validators(record_field)
    if kind is FieldKind.INTEGER:
        return models.IntegerField(**(options | overrides))
    return models.FloatField(**(options | overrides))


def table_field(
    table_id: str, column_id: str, *, required: bool = False, **overrides: Any
) -> models.Field[Any, Any]:
    """The Django field for one column of an archive table (see ``records.tables``)."""
    column = next(col for col in TABLES_BY_ID[table_id].columns if col.id == column_id)
    return model_field(column, required=required, **overrides)
