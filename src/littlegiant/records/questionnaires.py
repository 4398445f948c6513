"""Answers of the 数字化水平评测 questionnaire as record fields: readable by rules, not columns of the template.

What the questionnaire (中小企业数字化水平评测指标（2024年版）, MIIT 2024 No. 56) asks is defined here
as record fields, because packs name the answers and ``records`` is the layer rules build on: one
``CHOICE`` (single answer) or ``CHOICES`` (several answers) field per question, its choices being the
options with their Chinese texts; one ``INTEGER`` 1-4 field per 数字化经营 scene; and the total score
of the 2022 edition (whose sub-items were never published, so only the platform's total can be read).
How the answers are grouped and scored (dimensions, points, scene groups, level descriptors) is the
digital domain's: :mod:`littlegiant.digital.questionnaire`.

They are not columns of the archive's Excel template (see :func:`littlegiant.records.fields.flat_field_ids`),
yet packs may name them, so ``FLAT_FIELDS_BY_ID`` includes them.

Examples:
    >>> QUESTIONNAIRE_FIELDS_BY_ID["dq_network_items"].kind
    <FieldKind.CHOICES: 'choices'>
    >>> QUESTIONNAIRE_FIELDS_BY_ID["dq_device_digital_rate"].choice_ids[:2]
    ('r0_10', 'r10_20')
    >>> len(SCENE_ITEMS), sum(scene.mandatory for scene in SCENE_ITEMS)
    (16, 10)
"""

from __future__ import annotations

from dataclasses import dataclass

from littlegiant.records.field import Field, FieldKind

__all__ = [
    "DIGITAL_SCORE_2022",
    "NONE_OPTION",
    "QUESTIONNAIRE_FIELDS",
    "QUESTIONNAIRE_FIELDS_BY_ID",
    "QUESTION_FIELDS",
    "SCENE_FIELDS",
    "SCENE_ITEMS",
    "SceneItem",
    "scene_field_id",
]

NONE_OPTION = "none"
"""The option id of "无" in multi-choice questions: selected alone, it scores 0 (not unknown)."""

Options = tuple[tuple[str, str], ...]

_RATE_BANDS: Options = (
    ("r0_10", "0-10%（含）"),
    ("r10_20", "10%-20%（含）"),
    ("r20_40", "20%-40%（含）"),
    ("r40_60", "40%-60%（含）"),
    ("r60_100", "60%以上"),
)

_BUSINESS_LINKS: Options = (
    ("product_design", "产品设计"),
    ("process_design", "工艺设计"),
    ("marketing", "营销管理"),
    ("after_sales", "售后服务"),
    ("planning", "计划排程"),
    ("production_control", "生产管控"),
    ("quality", "质量管理"),
    ("equipment", "设备管理"),
    ("safety", "安全生产"),
    ("energy", "能耗管理"),
    ("procurement", "采购管理"),
    ("warehousing", "仓储物流"),
    ("finance", "财务管理"),
    ("human_resources", "人力资源"),
)

_NONE = (NONE_OPTION, "无")
_CHANGE_WORDS = {"increased": "增加", "decreased": "降低"}


def _three_way(better: str, worse: str) -> Options:
    return ((worse, _CHANGE_WORDS[worse]), ("flat", "持平"), (better, _CHANGE_WORDS[better]))


def _single(field_id: str, text: str, options: Options, help_text: str = "") -> Field:
    return Field(field_id, text, FieldKind.CHOICE, choices=options, description=help_text)


def _multi(field_id: str, text: str, options: Options, help_text: str = "") -> Field:
    return Field(field_id, text, FieldKind.CHOICES, choices=options, description=help_text)


QUESTION_FIELDS: tuple[Field, ...] = (
    _multi("dq_network_items", "企业网络建设情况（可多选）",
           (("industrial_control", "建设工业控制网络"),
            ("application_system", "建设应用系统网络，实现设备、人员、系统的大规模互联"),
            ("industrial_5g", "建设或租用 5G 工业网络"),
            ("full_coverage", "网络全面覆盖生产现场，并具备扩展能力"), _NONE)),
    _single("dq_device_digital_rate", "生产设备数字化率", _RATE_BANDS, "数字化生产设备数 ÷ 生产设备总数"),
    _single("dq_device_network_rate", "生产设备联网率", _RATE_BANDS, "联网生产设备数 ÷ 生产设备总数"),
    _multi("dq_data_collection_links", "数据自动采集覆盖的业务环节（可多选）", (*_BUSINESS_LINKS, _NONE)),
    _single("dq_info_system_coverage", "本地或云化信息化服务覆盖的业务范围",
            (("none", "无"), ("single", "覆盖单个业务环节"), ("multiple", "覆盖多个业务环节"),
             ("most", "覆盖绝大部分（80%以上）业务环节"), ("full", "全面覆盖所有业务环节"))),
    _multi("dq_network_security_items", "网络安全保障举措（可多选）",
           (("policy", "建立网络安全管理制度"), ("products_services", "部署网络安全产品或采购安全服务"),
            ("risk_assessment", "定期开展网络安全风险评估"),
            ("access_control", "实施边界访问控制、入侵检测和恶意代码检测"), _NONE)),
    _multi("dq_data_security_items", "数据安全保障举措（可多选）",
           (("policy", "建立数据安全管理制度"), ("protection", "采取数据加密、备份、脱敏或分级分类保护"),
            ("risk_assessment", "定期开展数据安全风险评估"),
            ("inventory", "建立数据资产台账并定期核验数据安全能力"), _NONE)),
    _single("dq_digital_awareness", "企业对数字化转型的认识与执行",
            (("none", "尚未开展相关工作"), ("learning", "主动了解数字化转型相关政策和知识"),
             ("planning", "制定数字化转型规划或计划，并有资金、人员等保障"),
             ("piloting", "已开始单点或多点数字化改造"),
             ("effective", "业务模式或决策方式因数字化发生改变并取得成效"),
             ("leading", "形成可复制的转型经验，组织同行参观交流或输出经验供同行借鉴")),
            "最高档选项文字两个来源略有出入 [U]，分值一致"),
    _multi("dq_management_systems", "已建立的数字化管理制度（可多选）",
           (("implementation_process", "数字化转型实施工作流程"), ("system_operation", "信息系统建设运营制度"),
            ("data_management", "数据资源管理制度"), ("innovation_incentive", "数字化创新激励制度"), _NONE)),
    _multi("dq_talent_measures", "数字化人才保障举措（可多选）",
           (("staff", "配备专职或兼职数字化人才"), ("dedicated_post", "设立数字化专门岗位或部门"),
            ("training", "定期开展数字化培训"), ("performance_pay", "建立数字化人才绩效薪酬管理"),
            ("talent_pipeline", "建立数字化人才梯度培育机制"), _NONE)),
    _single("dq_investment_ratio", "近三年数字化投入占营业额比重", _RATE_BANDS,
            "档位取自平台问卷原文，数值偏高，疑有误 [U]"),
    _single("dq_energy_per_revenue", "改造后每百元营业收入综合能耗（与改造前相比）",
            _three_way("decreased", "increased")),
    _single("dq_product_pass_rate", "改造后月均产品合格率（与改造前相比）", _three_way("increased", "decreased")),
    _single("dq_revenue_per_employee", "上年度人均营业收入（与前年相比）", _three_way("increased", "decreased")),
    _single("dq_cost_per_revenue", "上年度每百元营业收入成本（与前年相比）", _three_way("decreased", "increased")),
)  # fmt: skip
"""One field per scored question, in the questionnaire's order; ``description`` is the question's help."""


def scene_field_id(scene_id: str) -> str:
    """The record field that holds a scene's level (``dq_scene_<id>``)."""
    return f"dq_scene_{scene_id}"


@dataclass(frozen=True, slots=True)
class SceneItem:
    """One 数字化经营 scene as the record knows it; ``mandatory`` = 约束性 (platform JSON sceneType=1) [U]."""

    id: str
    label: str
    mandatory: bool

    @property
    def field_id(self) -> str:
        """The record field that holds the scene's level."""
        return scene_field_id(self.id)


SCENE_ITEMS: tuple[SceneItem, ...] = (
    SceneItem("product_design", "产品设计", True),
    SceneItem("process_design", "工艺设计", False),
    SceneItem("marketing", "营销管理", True),
    SceneItem("after_sales", "售后服务", False),
    SceneItem("planning", "计划排程", False),
    SceneItem("production_control", "生产管控", True),
    SceneItem("quality", "质量管理", True),
    SceneItem("equipment", "设备管理", True),
    SceneItem("safety", "安全生产", True),
    SceneItem("energy", "能耗管理", True),
    SceneItem("procurement", "采购管理", True),
    SceneItem("warehousing", "仓储物流", True),
    SceneItem("finance", "财务管理", True),
    SceneItem("human_resources", "人力资源", False),
    SceneItem("collaboration", "协同办公", False),
    SceneItem("decision_support", "决策支持", False),
)
"""The 16 scenes in the questionnaire's order."""


def _scene_field(scene: SceneItem) -> Field:
    return Field(
        scene.field_id,
        f"数字化经营场景等级：{scene.label}",
        FieldKind.INTEGER,
        unit="级",
        minimum=1,
        maximum=4,
        description="约束性场景" if scene.mandatory else "",
    )


SCENE_FIELDS: tuple[Field, ...] = tuple(_scene_field(scene) for scene in SCENE_ITEMS)

DIGITAL_SCORE_2022 = Field(
    "dq_score_2022",
    "数字化水平评测得分（2022年版）",
    FieldKind.NUMBER,
    unit="分",
    minimum=0,
    maximum=100,
    description="工信厅企业〔2022〕32号评测总分，取自评测平台",
)

QUESTIONNAIRE_FIELDS: tuple[Field, ...] = (*QUESTION_FIELDS, *SCENE_FIELDS, DIGITAL_SCORE_2022)
QUESTIONNAIRE_FIELDS_BY_ID: dict[str, Field] = {field.id: field for field in QUESTIONNAIRE_FIELDS}
