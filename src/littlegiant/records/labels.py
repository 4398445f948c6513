"""The record's words, defined once: verdict statuses, clause verdicts, year offsets and yes/no.

Every page, export, CLI table and reader takes its wording from here, so the same verdict reads
the same everywhere. "Unknown" is 待定 throughout: the data needed to decide is missing (or a
clause needs a person's review), so the answer is not yet settled.

Examples:
    >>> STATUS_LABELS["unknown"], VERDICT_LABELS["false"]
    ('待定', '不满足')
    >>> field_label("rd_expense_y1"), field_label("uscc")
    ('研发费用（上年度）', '统一社会信用代码')
    >>> read_boolean(" 是 "), read_boolean("0.0"), read_boolean("maybe") is None
    (True, False, True)
    >>> yes_no(True)
    '是'
"""

from __future__ import annotations

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, split_flat_id

__all__ = [
    "FALSE_WORDS",
    "INDUSTRY_GROUP_LABELS",
    "NO",
    "SIZE_CLASS_LABELS",
    "STATUS_LABELS",
    "TRUE_WORDS",
    "UNKNOWN",
    "VERDICT_LABELS",
    "YEAR_LABELS",
    "YES",
    "field_label",
    "read_boolean",
    "status_label",
    "yes_no",
]

UNKNOWN = "待定"
"""The one word for "unknown", in verdicts, clause results and levels."""

STATUS_LABELS: dict[str, str] = {"qualified": "符合", "not_qualified": "不符合", "unknown": UNKNOWN}
"""A programme verdict's status (the engine's ``Status`` values) in Chinese."""

VERDICT_LABELS: dict[str, str] = {"true": "满足", "false": "不满足", "unknown": UNKNOWN}
"""A single clause's result (a trace step's verdict) in Chinese."""

YEAR_LABELS: dict[str, str] = {"y1": "上年度", "y2": "前年", "y3": "大前年"}
"""Year offsets relative to the as-of date's year (``y1`` = the fiscal year before it)."""

INDUSTRY_GROUP_LABELS: dict[str, str] = {
    "agriculture": "农、林、牧、渔业",
    "industry": "工业",
    "construction": "建筑业",
    "wholesale": "批发业",
    "retail": "零售业",
    "transport": "交通运输业",
    "warehousing": "仓储业",
    "postal": "邮政业",
    "accommodation": "住宿业",
    "catering": "餐饮业",
    "information_transmission": "信息传输业",
    "software": "软件和信息技术服务业",
    "real_estate_development": "房地产开发经营",
    "property_management": "物业管理",
    "leasing_business": "租赁和商务服务业",
    "other": "其他未列明行业",
}
"""The 16 industries of 工信部联企业〔2011〕300号 (the ``sme_size`` pack's ``industry_group`` values)."""

SIZE_CLASS_LABELS: dict[str, str] = {
    "large": "大型",
    "medium": "中型",
    "small": "小型",
    "micro": "微型",
    "unknown": "未能判定",
}
"""The ``sme_size`` pack's classes (工信部联企业〔2011〕300号)."""

YES, NO = "是", "否"
"""How a boolean is written in cells, pages and the CLI."""

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "1.0", "是", "有", "√"})
FALSE_WORDS = frozenset(
    {"false", "f", "no", "n", "0", "0.0", "否", "无", "\u00d7"}
)  # the multiplication sign
"""The words a boolean is read from (lower-cased, trimmed): by the readers, the rules and the SQL."""


def status_label(status: str) -> str:
    """符合 / 不符合 / 待定 for a verdict status (the status itself if unknown to this table)."""
    return STATUS_LABELS.get(status, status)


def yes_no(value: bool) -> str:
    """是 or 否."""
    return YES if value else NO


def read_boolean(text: str) -> bool | None:
    """The boolean a word stands for (``TRUE_WORDS`` / ``FALSE_WORDS``); None for any other word."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def field_label(flat_id: str) -> str:
    """The Chinese label of a flat field id, with its year for yearly fields (the id if unknown)."""
    try:
        field, offset = split_flat_id(flat_id)
    except KeyError:
        answer = FLAT_FIELDS_BY_ID.get(flat_id)
        return answer.label if answer is not None else flat_id
    return f"{field.label}（{YEAR_LABELS[offset]}）" if offset else field.label
