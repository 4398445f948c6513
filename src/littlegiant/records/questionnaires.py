"""Inputs of questionnaire-based programmes (数字化水平评测), readable by rules but not part of the flat record.

They are not columns of the archive's Excel template (see :func:`littlegiant.records.fields.flat_field_ids`), yet
packs may name them, so ``FLAT_FIELDS_BY_ID`` includes them.
"""

from __future__ import annotations

from littlegiant.records.fields import Field

__all__ = ["QUESTIONNAIRE_FIELDS"]

QUESTIONNAIRE_FIELDS: tuple[Field, ...] = ()
