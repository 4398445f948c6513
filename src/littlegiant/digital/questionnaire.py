"""The 2024 digital-maturity questionnaire (中小企业数字化水平评测指标（2024年版）, MIIT 2024 No. 56).

Framework-free data: dimensions, questions with their place in the indicator set (dimension,
sub-dimension, the pack rule that scores it, its maximum points), and the 16 数字化经营 scenes with
their groups and level descriptors. What each question asks (its text and options) and each
scene's name are the record's (:mod:`littlegiant.records.questionnaires`), because rules read the
answers; this module only adds how the answers are grouped and scored. The points themselves live in
the criteria pack ``digital_level@2024`` (``parameters.yaml``), so a deployment can re-date them.

Examples:
    >>> QUESTIONS_BY_ID["dq_network_items"].kind
    'multi'
    >>> [option.id for option in QUESTIONS_BY_ID["dq_device_digital_rate"].options][:2]
    ['r0_10', 'r10_20']
    >>> len(SCENES), sum(scene.mandatory for scene in SCENES)
    (16, 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from littlegiant.records.field import FieldKind
from littlegiant.records.questionnaires import (
    NONE_OPTION,
    QUESTIONNAIRE_FIELDS_BY_ID,
    SCENE_ITEMS,
    scene_field_id,
)

__all__ = [
    "DIMENSIONS",
    "DIMENSIONS_BY_ID",
    "NONE_OPTION",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "SCENES",
    "SCENES_BY_ID",
    "SCENE_GROUPS",
    "SCENE_LEVELS",
    "Dimension",
    "Option",
    "Question",
    "Scene",
    "answer_ids",
]

QuestionKind = Literal["single", "multi"]

SCENE_LEVELS: tuple[tuple[int, str], ...] = ((1, "一级"), (2, "二级"), (3, "三级"), (4, "四级"))


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension of the indicator set; ``points`` is None for the scene-rated 数字化经营."""

    id: str
    label: str
    points: float | None
    rule: str


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option: a stable id and the Chinese text the questionnaire shows."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Question:
    """One scored question: one card of the questionnaire, one record field ``id``."""

    id: str
    dimension: str
    sub_dimension: str
    text: str
    kind: QuestionKind
    options: tuple[Option, ...]
    points: float
    rule: str
    help: str = ""

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of the options, in the questionnaire's order."""
        return tuple(option.id for option in self.options)

    def option_text(self, option_id: str) -> str:
        """The Chinese text of one option (the id itself if unknown)."""
        return next((option.text for option in self.options if option.id == option_id), option_id)


@dataclass(frozen=True, slots=True)
class Scene:
    """One 数字化经营 scene, rated 1-4; ``mandatory`` = 约束性 (platform JSON sceneType=1) [U]."""

    id: str
    group: str
    label: str
    mandatory: bool

    @property
    def field_id(self) -> str:
        """The record field that holds the scene's level."""
        return scene_field_id(self.id)

    @property
    def descriptors(self) -> tuple[str, str, str, str]:
        """What levels 1-4 mean for this scene (the generic ladder of the 2024 indicator set)."""
        name = self.label
        return (
            f"借助电子表格、云存储、CAD 等通用信息技术工具辅助人工开展{name}工作",
            f"应用信息系统对{name}进行规范化管理，主要业务数据在系统中记录",
            f"{name}相关系统与其他业务系统集成，跨部门协同，数据实时采集与共享分析",
            f"应用人工智能、机理模型等技术，实现{name}的智能决策、预测优化与跨企业协同",
        )


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("foundation", "数字化基础", 50, "foundation_points"),
    Dimension("operations", "数字化经营", None, "scene_level_average"),
    Dimension("management", "数字化管理", 30, "management_points"),
    Dimension("effectiveness", "数字化成效", 20, "effectiveness_points"),
)
DIMENSIONS_BY_ID: dict[str, Dimension] = {dimension.id: dimension for dimension in DIMENSIONS}


def _question(
    question_id: str, dimension: str, sub_dimension: str, points: float, rule: str
) -> Question:
    """A question placed in the indicator set; its text, kind, options and help are the record field's."""
    field = QUESTIONNAIRE_FIELDS_BY_ID[question_id]
    return Question(
        question_id,
        dimension,
        sub_dimension,
        field.label,
        "multi" if field.kind is FieldKind.CHOICES else "single",
        tuple(Option(option_id, text) for option_id, text in field.choices),
        points,
        rule,
        field.description,
    )


QUESTIONS: tuple[Question, ...] = (
    _question("dq_network_items", "foundation", "设备系统", 8, "network_points"),
    _question("dq_device_digital_rate", "foundation", "设备系统", 6, "device_digital_rate_points"),
    _question("dq_device_network_rate", "foundation", "设备系统", 6, "device_network_rate_points"),
    _question("dq_data_collection_links", "foundation", "数据采集", 10, "data_collection_points"),
    _question("dq_info_system_coverage", "foundation", "信息系统", 10, "info_system_points"),
    _question("dq_network_security_items", "foundation", "信息安全", 5, "network_security_points"),
    _question("dq_data_security_items", "foundation", "信息安全", 5, "data_security_points"),
    _question("dq_digital_awareness", "management", "规划管理", 7.5, "digital_awareness_points"),
    _question("dq_management_systems", "management", "规划管理", 7.5, "management_systems_points"),
    _question("dq_talent_measures", "management", "要素保障", 7.5, "talent_points"),
    _question("dq_investment_ratio", "management", "要素保障", 7.5, "investment_points"),
    _question("dq_energy_per_revenue", "effectiveness", "绿色低碳", 7, "energy_points"),
    _question("dq_product_pass_rate", "effectiveness", "产品质量", 7, "pass_rate_points"),
    _question(
        "dq_revenue_per_employee", "effectiveness", "市场效益", 3, "revenue_per_employee_points"
    ),
    _question("dq_cost_per_revenue", "effectiveness", "市场效益", 3, "cost_per_revenue_points"),
)
"""The scored questions in the questionnaire's order (one card each, one record field each)."""
QUESTIONS_BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONS}

SCENE_GROUPS: tuple[tuple[str, str], ...] = (
    ("product_lifecycle", "产品生命周期数字化"),
    ("production", "生产执行数字化"),
    ("supply_chain", "供应链数字化"),
    ("management_decision", "管理决策数字化"),
)

_SCENE_GROUP_OF: dict[str, str] = {
    "product_design": "product_lifecycle", "process_design": "product_lifecycle",
    "marketing": "product_lifecycle", "after_sales": "product_lifecycle",
    "planning": "production", "production_control": "production", "quality": "production",
    "equipment": "production", "safety": "production", "energy": "production",
    "procurement": "supply_chain", "warehousing": "supply_chain",
    "finance": "management_decision", "human_resources": "management_decision",
    "collaboration": "management_decision", "decision_support": "management_decision",
}  # fmt: skip

SCENES: tuple[Scene, ...] = tuple(
    Scene(item.id, _SCENE_GROUP_OF[item.id], item.label, item.mandatory) for item in SCENE_ITEMS
)
"""The 16 scenes in the questionnaire's order, each in its group."""
SCENES_BY_ID: dict[str, Scene] = {scene.id: scene for scene in SCENES}


def answer_ids() -> tuple[str, ...]:
    """Every answer field id, questions first then scenes (the columns of an answer sheet)."""
    return tuple(question.id for question in QUESTIONS) + tuple(scene.field_id for scene in SCENES)
