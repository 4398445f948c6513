"""Reading a value of the enterprise record: the one reader for Excel, CSV, Parquet, forms and the API.

Every value people type goes through :func:`parse_value`, which turns what they write ("1,234.5",
full-width digits, "是", "2023/06/30", "12.5%") into the record's types, or raises
:class:`FieldValueError` with a Chinese message naming the field, value and rule. Row-level checks
(required columns, cross-field rules) are in :mod:`littlegiant.records.validate`.

Examples:
    >>> from littlegiant.records.fields import FIELDS_BY_ID
    >>> parse_value(FIELDS_BY_ID["revenue"], " 1,234.5 ")
    1234.5
    >>> parse_value(FIELDS_BY_ID["high_tech_enterprise"], "是")
    True
    >>> parse_value(FIELDS_BY_ID["revenue"], -5)
    Traceback (most recent call last):
    ...
    littlegiant.records.values.FieldValueError: 字段「营业收入」的值 -5 不符合规则：不得小于 0
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from littlegiant.errors import LittleGiantError
from littlegiant.records import codes
from littlegiant.records.fields import FIELDS_BY_ID, FLAT_FIELDS_BY_ID, Field, FieldKind
from littlegiant.records.labels import YEAR_LABELS, read_boolean

__all__ = [
    "FieldValueError",
    "choice_lookup",
    "format_bound",
    "is_empty",
    "label_of",
    "parse_value",
    "today_in_china",
]

_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with the 1900 leap-year bug folded in)
_EXCEL_SERIAL_MAX = 2_958_465  # 9999-12-31
_EARLIEST_DATE = date(1900, 1, 1)
_FUTURE_DATES_ALLOWED = frozenset({"expires_on"})
_TEXT_MAX_LENGTH = 500
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
_CHOICES_SEPARATORS = re.compile(r"[、,;；|/\s]+")
_CHINA = ZoneInfo("Asia/Shanghai")


class FieldValueError(LittleGiantError, ValueError):
    """A value breaks a field's rule. ``str()`` is the Chinese message shown to people."""

    def __init__(
        self, field_id: str, value: object, rule: str, *, label: str | None = None
    ) -> None:
        self.field_id = field_id
        self.value = value
        self.rule = rule
        self.label = label if label is not None else label_of(field_id)
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = "（空）" if is_empty(self.value) else _show(self.value)
        return (
            f"字段「{self.label}」的值 {shown} 不符合规则：{self.rule}"  # the label, never the id
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_error, (self.field_id, self.value, self.rule, self.label))


def _rebuild_error(field_id: str, value: object, rule: str, label: str) -> FieldValueError:
    return FieldValueError(field_id, value, rule, label=label)


def label_of(field_id: str, field: Field | None = None) -> str:
    """The label errors name: the field's label, with its year for a yearly column (``revenue_y1``).

    Examples:
        >>> label_of("revenue_y2"), label_of("fiscal_year")
        ('营业收入（前年）', 'fiscal_year')
    """
    field = field or FLAT_FIELDS_BY_ID.get(field_id) or FIELDS_BY_ID.get(field_id)
    if field is None:
        return field_id
    offset = field_id.rpartition("_")[2] if field.yearly and field_id != field.id else None
    return f"{field.label}（{YEAR_LABELS[offset]}）" if offset in YEAR_LABELS else field.label


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)


def today_in_china() -> date:
    """Today's date in China (Asia/Shanghai), the reference for "not in the future"."""
    return datetime.now(tz=_CHINA).date()


def is_empty(raw: object) -> bool:
    """Whether a cell counts as empty: None, blank text, or a float NaN.

    Examples:
        >>> is_empty("  "), is_empty(None), is_empty(float("nan")), is_empty(0)
        (True, True, True, False)
    """
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, float) and math.isnan(raw)


def parse_value(
    field: Field | str, raw: object, *, field_id: str | None = None, today: date | None = None
) -> Any:
    """The value of ``raw`` for ``field`` in the record's type; None when empty.

    Args:
        field: the field, or its id (flat ids such as ``revenue_y1`` are accepted).
        raw: what the cell, form or file held.
        field_id: the id to name in errors when it differs from ``field.id`` (``revenue_y1``).
        today: the reference date for "not in the future" (default: today in China).

    Raises:
        FieldValueError: the value cannot be read or breaks a bound.

    Examples:
        >>> parse_value("market_share", "12.5%")
        12.5
        >>> parse_value("employees", "\uff11\uff12")  # full-width digits
        12
        >>> parse_value("established_on", "2020/01/31")
        datetime.date(2020, 1, 31)
        >>> parse_value("established_on", 43861)
        datetime.date(2020, 1, 31)
        >>> parse_value("rd_institution_level", "省级")
        'provincial'
        >>> parse_value("main_product_field", "six_foundations、战略性新兴产业")
        ['strategic_emerging', 'six_foundations']
        >>> parse_value("revenue_y1", "") is None
        True
    """
    if isinstance(field, str):
        field_id = field_id or field
        field = FLAT_FIELDS_BY_ID.get(field) or FIELDS_BY_ID[field]
    name = field_id or field.id
    if is_empty(raw):
        return None
    try:
        value = _PARSERS[field.kind](field, raw, name)
        _check_bounds(field, value)
        _check_date(field, value, today)
    except codes.CodeError as error:
        raise FieldValueError(name, raw, str(error), label=label_of(name, field)) from error
    except _RuleError as rule:
        raise FieldValueError(name, raw, str(rule), label=label_of(name, field)) from None
    return value


class _RuleError(Exception):
    """Internal: the rule a parser found broken; parse_value wraps it into FieldValueError."""


def _normalize_text(raw: object) -> str:
    # NFKC folds full-width digits, comma, full stop and percent sign to ASCII.
    return unicodedata.normalize("NFKC", str(raw)).strip()


def _parse_number(field: Field, raw: object, _name: str) -> float:
    if isinstance(raw, bool):
        raise _RuleError("应为数字，不能是是/否")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        number = _number_from_text(field, _normalize_text(raw))
    if not math.isfinite(number):
        raise _RuleError("应为有限的数字")
    return number


def _number_from_text(field: Field, text: str) -> float:
    text = text.replace(" ", "").replace("\u3000", "")
    if field.unit and text.endswith(field.unit):
        text = text[: -len(field.unit)]
    if field.kind is FieldKind.PERCENT and text.endswith("%"):
        text = text[:-1]
    if text.startswith("(") and text.endswith(")"):  # accounting negative: (123.4)
        text = "-" + text[1:-1]
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise _RuleError("千分位分隔符位置不正确，应如 1,234.5")
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        unit = f"（单位：{field.unit}）" if field.unit else ""
        raise _RuleError(f"应为数字{unit}")
    return float(text)


def _parse_integer(field: Field, raw: object, name: str) -> int:
    number = _parse_number(field, raw, name)
    if not number.is_integer():
        raise _RuleError("应为整数")
    return int(number)


def _parse_boolean(_field: Field, raw: object, _name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    value = read_boolean(_normalize_text(raw))
    if value is not None:
        return value
    raise _RuleError("应为 是/否（也可填 true/false、1/0、Y/N）")


def _parse_date(_field: Field, raw: object, _name: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _date_from_serial(float(raw))
    text = _normalize_text(raw)
    match = _DATE_TEXT.fullmatch(text)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            raise _RuleError("日期不存在（请检查月、日）") from None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _date_from_serial(float(text))
    raise _RuleError("应为日期，格式 YYYY-MM-DD 或 YYYY/MM/DD")


def _date_from_serial(serial: float) -> date:
    if not 1 <= serial <= _EXCEL_SERIAL_MAX:
        raise _RuleError("应为日期，格式 YYYY-MM-DD（数字只接受 Excel 日期序号）")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _parse_text(field: Field, raw: object, _name: str) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a phone number or code typed into a number cell: 13800138000.0
    if isinstance(raw, datetime | date):
        return raw.isoformat()[:10]
    text = str(raw).strip()
    if len(text) > _TEXT_MAX_LENGTH:
        raise _RuleError(f"不得超过 {_TEXT_MAX_LENGTH} 个字符")
    return text


_CODE_NORMALIZERS: dict[str, Callable[[object], str]] = {
    "uscc": codes.normalize_uscc,
    "region_code": codes.normalize_region_code,
    "industry_code": codes.normalize_industry_code,
}


def _parse_code(field: Field, raw: object, name: str) -> str:
    normalizer = _CODE_NORMALIZERS.get(field.id)
    if normalizer is None:
        return _parse_text(field, raw, name)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return normalizer(raw)


def choice_lookup(field: Field) -> dict[str, str]:
    """Every accepted spelling of a choice (its id in any case, its Chinese label) → the choice id."""
    lookup = {choice_id.lower(): choice_id for choice_id in field.choice_ids}
    lookup.update({label: choice_id for choice_id, label in field.choices})
    return lookup


def _choices_hint(field: Field) -> str:
    return "、".join(f"{label}（{choice_id}）" for choice_id, label in field.choices)


def _parse_choice(field: Field, raw: object, _name: str) -> str:
    text = _normalize_text(raw) if not isinstance(raw, str) else raw.strip()
    lookup = choice_lookup(field)
    found = lookup.get(text) or lookup.get(text.lower()) or lookup.get(_normalize_text(text))
    if found is None:
        raise _RuleError(f"应为以下之一：{_choices_hint(field)}")
    return found


def _parse_choices(field: Field, raw: object, _name: str) -> list[str]:
    items = (
        list(raw) if isinstance(raw, list | tuple | set | frozenset) else _split_choices(field, raw)
    )
    lookup = choice_lookup(field)
    picked: set[str] = set()
    for item in items:
        text = str(item).strip()
        found = lookup.get(text) or lookup.get(text.lower())
        if found is None:
            raise _RuleError(f"「{text}」不是可选项；可选：{_choices_hint(field)}，多个用“、”分隔")
        picked.add(found)
    return [choice_id for choice_id in field.choice_ids if choice_id in picked]


def _split_choices(field: Field, raw: object) -> list[str]:
    text = str(raw).strip()
    # Labels may contain the separator (补短板、锻长板), so whole labels are replaced by ids first.
    for choice_id, label in sorted(field.choices, key=lambda choice: -len(choice[1])):
        text = text.replace(label, f"、{choice_id}、")
    return [item for item in _CHOICES_SEPARATORS.split(text) if item]


_PARSERS: dict[FieldKind, Callable[[Field, object, str], Any]] = {
    FieldKind.TEXT: _parse_text,
    FieldKind.CODE: _parse_code,
    FieldKind.INTEGER: _parse_integer,
    FieldKind.NUMBER: _parse_number,
    FieldKind.PERCENT: _parse_number,
    FieldKind.BOOLEAN: _parse_boolean,
    FieldKind.DATE: _parse_date,
    FieldKind.CHOICE: _parse_choice,
    FieldKind.CHOICES: _parse_choices,
}


def format_bound(number: float) -> str:
    """A bound or value as rule messages write it (``100``, ``0.5``)."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _check_bounds(field: Field, value: object) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    if field.minimum is not None and value < field.minimum:
        raise _RuleError(
            f"不得小于 {format_bound(field.minimum)}{_unit_after(field, field.minimum)}"
        )
    if field.maximum is not None and value > field.maximum:
        raise _RuleError(
            f"不得大于 {format_bound(field.maximum)}{_unit_after(field, field.maximum)}"
        )


def _unit_after(field: Field, bound: float) -> str:
    return f" {field.unit}" if field.unit and field.unit != "%" and bound != 0 else ""


def _check_date(field: Field, value: object, today: date | None) -> None:
    if not isinstance(value, date):
        return
    if value < _EARLIEST_DATE:
        raise _RuleError("日期不得早于 1900-01-01")
    reference = today or today_in_china()
    if field.id not in _FUTURE_DATES_ALLOWED and value > reference:
        raise _RuleError(f"日期不得晚于今天（{reference.isoformat()}）")
