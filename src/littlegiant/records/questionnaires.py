"""Inputs of questionnaire-based programmes (数字化水平评测), readable by rules but not part of the flat record.

They are not columns of the archive's Excel template (see :func:`littlegiant.records.fields.flat_field_ids`), yet
packs may name them, so ``FLAT_FIELDS_BY_ID`` includes them. The fields are built from the questionnaire's
definition (:mod:`littlegiant.records.digital_questionnaire`): one field per question (a ``CHOICE`` of option
ids, or ``CHOICES`` for multi-choice questions), one ``INTEGER`` 1-4 per 数字化经营 scene, plus the total score
of the 2022 edition (whose sub-items were never published, so only the platform's total can be read).

Note: import ``littlegiant.records.fields`` before this module (``fields`` imports it at its end).
"""

from __future__ import annotations

from littlegiant.records.digital_questionnaire import QUESTIONS, SCENES, Question, Scene
from littlegiant.records.fields import Field, FieldKind

__all__ = ["DIGITAL_SCORE_2022", "QUESTIONNAIRE_FIELDS", "QUESTIONNAIRE_FIELDS_BY_ID"]


def _question_field(question: Question) -> Field:
    kind = FieldKind.CHOICES if question.kind == "multi" else FieldKind.CHOICE
    choices = tuple((option.id, option.text) for option in question.options)
    return Field(question.id, question.text, kind, choices=choices, description=question.help)


def _scene_field(scene: Scene) -> Field:
    return Field(
        scene.field_id,
        f"数字化经营场景等级：{scene.label}",
        FieldKind.INTEGER,
        unit="级",
        minimum=1,
        maximum=4,
        description="约束性场景" if scene.mandatory else "",
    )


DIGITAL_SCORE_2022 = Field(
    "dq_score_2022",
    "数字化水平评测得分（2022年版）",
    FieldKind.NUMBER,
    unit="分",
    minimum=0,
    maximum=100,
    description="工信厅企业〔2022〕32号评测总分，取自评测平台",
)

QUESTIONNAIRE_FIELDS: tuple[Field, ...] = (
    *(_question_field(question) for question in QUESTIONS),
    *(_scene_field(scene) for scene in SCENES),
    DIGITAL_SCORE_2022,
)
QUESTIONNAIRE_FIELDS_BY_ID: dict[str, Field] = {field.id: field for field in QUESTIONNAIRE_FIELDS}
