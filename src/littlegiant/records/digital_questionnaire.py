"""The 2024 digital-maturity questionnaire (中小企业数字化水平评测指标（2024年版）, MIIT 2024 No. 56).

Framework-free data: dimensions, questions, options with their Chinese texts, the 16 数字化经营 scenes with
their level descriptors, and the pack rule that scores each question. The points themselves live in the
criteria pack ``digital_level@2024`` (``parameters.yaml``), so a deployment can re-date them; this module
only says *what is asked*. It imports nothing from the rest of the package (``questionnaires`` builds the
record fields from it), so it can be imported first without an import cycle.

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

NONE_OPTION = "none"
"""The option id of "无" in multi-choice questions: selected alone, it scores 0 (not unknown)."""

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
        return f"dq_scene_{self.id}"

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

_RATE_BANDS: tuple[Option, ...] = (
    Option("r0_10", "0-10%（含）"),
    Option("r10_20", "10%-20%（含）"),
    Option("r20_40", "20%-40%（含）"),
    Option("r40_60", "40%-60%（含）"),
    Option("r60_100", "60%以上"),
)

_BUSINESS_LINKS: tuple[Option, ...] = (
    Option("product_design", "产品设计"),
    Option("process_design", "工艺设计"),
    Option("marketing", "营销管理"),
    Option("after_sales", "售后服务"),
    Option("planning", "计划排程"),
    Option("production_control", "生产管控"),
    Option("quality", "质量管理"),
    Option("equipment", "设备管理"),
    Option("safety", "安全生产"),
    Option("energy", "能耗管理"),
    Option("procurement", "采购管理"),
    Option("warehousing", "仓储物流"),
    Option("finance", "财务管理"),
    Option("human_resources", "人力资源"),
)

_NONE = Option(NONE_OPTION, "无")


def _three_way(better: str, worse: str) -> tuple[Option, ...]:
    return (Option(worse, {"increased": "增加", "decreased": "降低"}[worse]), Option("flat", "持平"),
            Option(better, {"increased": "增加", "decreased": "降低"}[better]))  # fmt: skip


QUESTIONS: tuple[Question, ...] = (
    Question(
        "dq_network_items", "foundation", "设备系统", "企业网络建设情况（可多选）", "multi",
        (Option("industrial_control", "建设工业控制网络"),
         Option("application_system", "建设应用系统网络，实现设备、人员、系统的大规模互联"),
         Option("industrial_5g", "建设或租用 5G 工业网络"),
         Option("full_coverage", "网络全面覆盖生产现场，并具备扩展能力"), _NONE),
        8, "network_points",
    ),
    Question(
        "dq_device_digital_rate", "foundation", "设备系统", "生产设备数字化率", "single", _RATE_BANDS, 6,
        "device_digital_rate_points", "数字化生产设备数 ÷ 生产设备总数",
    ),
    Question(
        "dq_device_network_rate", "foundation", "设备系统", "生产设备联网率", "single", _RATE_BANDS, 6,
        "device_network_rate_points", "联网生产设备数 ÷ 生产设备总数",
    ),
    Question(
        "dq_data_collection_links", "foundation", "数据采集", "数据自动采集覆盖的业务环节（可多选）", "multi",
        (*_BUSINESS_LINKS, _NONE), 10, "data_collection_points",
    ),
    Question(
        "dq_info_system_coverage", "foundation", "信息系统", "本地或云化信息化服务覆盖的业务范围", "single",
        (Option("none", "无"), Option("single", "覆盖单个业务环节"), Option("multiple", "覆盖多个业务环节"),
         Option("most", "覆盖绝大部分（80%以上）业务环节"), Option("full", "全面覆盖所有业务环节")),
        10, "info_system_points",
    ),
    Question(
        "dq_network_security_items", "foundation", "信息安全", "网络安全保障举措（可多选）", "multi",
        (Option("policy", "建立网络安全管理制度"), Option("products_services", "部署网络安全产品或采购安全服务"),
         Option("risk_assessment", "定期开展网络安全风险评估"),
         Option("access_control", "实施边界访问控制、入侵检测和恶意代码检测"), _NONE),
        5, "network_security_points",
    ),
    Question(
        "dq_data_security_items", "foundation", "信息安全", "数据安全保障举措（可多选）", "multi",
        (Option("policy", "建立数据安全管理制度"), Option("protection", "采取数据加密、备份、脱敏或分级分类保护"),
         Option("risk_assessment", "定期开展数据安全风险评估"),
         Option("inventory", "建立数据资产台账并定期核验数据安全能力"), _NONE),
        5, "data_security_points",
    ),
    Question(
        "dq_digital_awareness", "management", "规划管理", "企业对数字化转型的认识与执行", "single",
        (Option("none", "尚未开展相关工作"), Option("learning", "主动了解数字化转型相关政策和知识"),
         Option("planning", "制定数字化转型规划或计划，并有资金、人员等保障"),
         Option("piloting", "已开始单点或多点数字化改造"),
         Option("effective", "业务模式或决策方式因数字化发生改变并取得成效"),
         Option("leading", "形成可复制的转型经验，组织同行参观交流或输出经验供同行借鉴")),
        7.5, "digital_awareness_points", "最高档选项文字两个来源略有出入 [U]，分值一致",
    ),
    Question(
        "dq_management_systems", "management", "规划管理", "已建立的数字化管理制度（可多选）", "multi",
        (Option("implementation_process", "数字化转型实施工作流程"), Option("system_operation", "信息系统建设运营制度"),
         Option("data_management", "数据资源管理制度"), Option("innovation_incentive", "数字化创新激励制度"), _NONE),
        7.5, "management_systems_points",
    ),
    Question(
        "dq_talent_measures", "management", "要素保障", "数字化人才保障举措（可多选）", "multi",
        (Option("staff", "配备专职或兼职数字化人才"), Option("dedicated_post", "设立数字化专门岗位或部门"),
         Option("training", "定期开展数字化培训"), Option("performance_pay", "建立数字化人才绩效薪酬管理"),
         Option("talent_pipeline", "建立数字化人才梯度培育机制"), _NONE),
        7.5, "talent_points",
    ),
    Question(
        "dq_investment_ratio", "management", "要素保障", "近三年数字化投入占营业额比重", "single", _RATE_BANDS,
        7.5, "investment_points", "档位取自平台问卷原文，数值偏高，疑有误 [U]",
    ),
    Question(
        "dq_energy_per_revenue", "effectiveness", "绿色低碳", "改造后每百元营业收入综合能耗（与改造前相比）",
        "single", _three_way("decreased", "increased"), 7, "energy_points",
    ),
    Question(
        "dq_product_pass_rate", "effectiveness", "产品质量", "改造后月均产品合格率（与改造前相比）", "single",
        _three_way("increased", "decreased"), 7, "pass_rate_points",
    ),
    Question(
        "dq_revenue_per_employee", "effectiveness", "市场效益", "上年度人均营业收入（与前年相比）", "single",
        _three_way("increased", "decreased"), 3, "revenue_per_employee_points",
    ),
    Question(
        "dq_cost_per_revenue", "effectiveness", "市场效益", "上年度每百元营业收入成本（与前年相比）", "single",
        _three_way("decreased", "increased"), 3, "cost_per_revenue_points",
    ),
)  # fmt: skip
QUESTIONS_BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONS}

SCENE_GROUPS: tuple[tuple[str, str], ...] = (
    ("product_lifecycle", "产品生命周期数字化"),
    ("production", "生产执行数字化"),
    ("supply_chain", "供应链数字化"),
    ("management_decision", "管理决策数字化"),
)

SCENES: tuple[Scene, ...] = (
    Scene("product_design", "product_lifecycle", "产品设计", True),
    Scene("process_design", "product_lifecycle", "工艺设计", False),
    Scene("marketing", "product_lifecycle", "营销管理", True),
    Scene("after_sales", "product_lifecycle", "售后服务", False),
    Scene("planning", "production", "计划排程", False),
    Scene("production_control", "production", "生产管控", True),
    Scene("quality", "production", "质量管理", True),
    Scene("equipment", "production", "设备管理", True),
    Scene("safety", "production", "安全生产", True),
    Scene("energy", "production", "能耗管理", True),
    Scene("procurement", "supply_chain", "采购管理", True),
    Scene("warehousing", "supply_chain", "仓储物流", True),
    Scene("finance", "management_decision", "财务管理", True),
    Scene("human_resources", "management_decision", "人力资源", False),
    Scene("collaboration", "management_decision", "协同办公", False),
    Scene("decision_support", "management_decision", "决策支持", False),
)
SCENES_BY_ID: dict[str, Scene] = {scene.id: scene for scene in SCENES}


def answer_ids() -> tuple[str, ...]:
    """Every answer field id, questions first then scenes (the columns of an answer sheet)."""
    return tuple(question.id for question in QUESTIONS) + tuple(scene.field_id for scene in SCENES)
