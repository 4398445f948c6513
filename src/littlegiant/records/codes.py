"""Codes of the enterprise record: USCC (GB 32100), regions (GB/T 2260), industries (GB/T 4754-2017).

The code tables ship as CSV in ``littlegiant/records/data`` (sources in its README) and are read
once per process, on first use.

Examples:
    >>> normalize_uscc(" 91110000600037341l ")
    '91110000600037341L'
    >>> region("320506").name
    '吴中区'
    >>> industry("3985").name
    '电子专用材料制造'
    >>> industry_section("3985")
    'C'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from stdnum.cn import uscc as _uscc

from littlegiant.errors import LittleGiantError

__all__ = [
    "CodeError",
    "Industry",
    "Region",
    "industries",
    "industry",
    "industry_ancestors",
    "industry_section",
    "normalize_industry_code",
    "normalize_region_code",
    "normalize_uscc",
    "region",
    "region_covers",
    "region_path",
    "regions",
]

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Placeholder levels the statistics tables list but people do not say ("北京市市辖区东城区").
_PLACEHOLDER_REGION_NAMES = frozenset(
    {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
)
_INDUSTRY_PATTERN = re.compile(r"^([A-T])?(\d{2}|\d{3}|\d{4})?$")


class CodeError(LittleGiantError):
    """A code (USCC, region, industry) is malformed or unknown; the message is in Chinese."""


@dataclass(frozen=True, slots=True)
class Region:
    """One GB/T 2260 administrative division."""

    code: str
    name: str
    level: str  # province / city / county
    parent: str | None


@dataclass(frozen=True, slots=True)
class Industry:
    """One GB/T 4754-2017 category; ``code`` is the official form (``C``, ``39``, ``398``, ``3985``)."""

    code: str
    name: str
    level: str  # section / division / group / class
    parent: str | None
    section: str

    @property
    def full_code(self) -> str:
        """The code with its section letter, as the record stores it (``C3985``, ``C39``, ``C``)."""
        return self.code if self.level == "section" else self.section + self.code


# --- USCC -----------------------------------------------------------------------------------


def normalize_uscc(value: object) -> str:
    """A unified social credit code, stripped and upper-cased, with its GB 32100 check digit verified.

    Raises:
        CodeError: wrong length, a character outside the code's alphabet, or a wrong check digit.

    Examples:
        >>> normalize_uscc("91110000600037341L")
        '91110000600037341L'
        >>> normalize_uscc("91110000600037341A")
        Traceback (most recent call last):
        ...
        littlegiant.records.codes.CodeError: 统一社会信用代码 91110000600037341A 校验位错误：应为 L，实为 A
        >>> normalize_uscc("9111000060003734")
        Traceback (most recent call last):
        ...
        littlegiant.records.codes.CodeError: 统一社会信用代码 9111000060003734 长度为 16 位，应为 18 位
    """
    text = re.sub(r"[\s\-]", "", str(value)).upper()
    if len(text) != 18:
        raise CodeError(f"统一社会信用代码 {text} 长度为 {len(text)} 位，应为 18 位")
    bad = sorted({char for char in text if char not in _USCC_ALPHABET})
    if bad:
        shown = "、".join(bad)
        raise CodeError(
            f"统一社会信用代码 {text} 含有不允许的字符 {shown}（只允许数字和除 I、O、Z、S、V 外的大写字母）"
        )
    if not text[:8].isdigit():
        raise CodeError(
            f"统一社会信用代码 {text} 前 8 位（登记管理部门、机构类别、行政区划）应为数字"
        )
    expected = _uscc.calc_check_digit(text[:17])
    if text[17] != expected:
        raise CodeError(f"统一社会信用代码 {text} 校验位错误：应为 {expected}，实为 {text[17]}")
    return text


# --- regions (GB/T 2260) --------------------------------------------------------------------


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("littlegiant.records").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def regions() -> dict[str, Region]:
    """Every division by its 6-digit code (loaded once).

    Examples:
        >>> regions()["110000"].name
        '北京市'
        >>> len(regions()) > 3000
        True
    """
    return {
        row["code"]: Region(row["code"], row["name"], row["level"], row["parent"] or None)
        for row in _read_csv("regions.csv")
    }


def normalize_region_code(value: object) -> str:
    """A region code as 6 digits; Excel numbers such as ``320506.0`` are accepted.

    Raises:
        CodeError: not 6 digits or not in the GB/T 2260 table.

    Examples:
        >>> normalize_region_code(320506.0)
        '320506'
        >>> normalize_region_code("999999")
        Traceback (most recent call last):
        ...
        littlegiant.records.codes.CodeError: 行政区划代码 999999 不在 GB/T 2260 代码表中
    """
    text = str(value).strip()
    if re.fullmatch(r"\d{6}\.0+", text):
        text = text.split(".")[0]
    if not re.fullmatch(r"\d{6}", text):
        raise CodeError(f"行政区划代码 {text} 应为 6 位数字")
    if text not in regions():
        raise CodeError(f"行政区划代码 {text} 不在 GB/T 2260 代码表中")
    return text


def region(code: object) -> Region | None:
    """The division with this code, or None when it is unknown.

    Examples:
        >>> region("320500")
        Region(code='320500', name='苏州市', level='city', parent='320000')
        >>> region("320599") is None
        True
    """
    return regions().get(str(code).strip())


def _region_chain(code: str) -> list[Region]:
    chain: list[Region] = []
    current = region(code)
    while current is not None:
        chain.append(current)
        current = region(current.parent) if current.parent else None
    return chain[::-1]


def region_path(code: object) -> tuple[str, ...]:
    """Province, city, county names down to this division, placeholders (市辖区) left out.

    Examples:
        >>> region_path("320506")
        ('江苏省', '苏州市', '吴中区')
        >>> region_path("110101")
        ('北京市', '东城区')
        >>> region_path("000000")
        ()
    """
    chain = _region_chain(str(code).strip())
    return tuple(item.name for item in chain if item.name not in _PLACEHOLDER_REGION_NAMES)


def region_covers(scope_code: object, code: object) -> bool:
    """Whether the division ``code`` lies within ``scope_code`` (a division covers itself).

    Known codes follow the table's parents; unknown codes fall back to the GB/T 2260 prefix rule
    (``XX0000`` covers ``XX....``, ``XXYY00`` covers ``XXYY..``).

    Examples:
        >>> region_covers("320000", "320506")
        True
        >>> region_covers("320500", "320506")
        True
        >>> region_covers("320600", "320506")
        False
        >>> region_covers("320506", "320506")
        True
        >>> region_covers("320506", "320500")
        False
    """
    scope, target = str(scope_code).strip(), str(code).strip()
    if scope == target:
        return True
    chain = _region_chain(target)
    if chain:
        return any(item.code == scope for item in chain)
    if scope.endswith("0000"):
        return target[:2] == scope[:2]
    if scope.endswith("00"):
        return target[:4] == scope[:4]
    return False


# --- industries (GB/T 4754-2017) ------------------------------------------------------------


@cache
def industries() -> dict[str, Industry]:
    """Every GB/T 4754-2017 category by its official code (``C``, ``39``, ``398``, ``3985``)."""
    return {
        row["code"]: Industry(
            row["code"], row["name"], row["level"], row["parent"] or None, row["section"]
        )
        for row in _read_csv("industries.csv")
    }


def industry(code: object) -> Industry | None:
    """The category for ``C3985``, ``3985``, ``C39``, ``39`` or ``C``; None when unknown or inconsistent.

    Examples:
        >>> industry("C3985") == industry("3985")
        True
        >>> industry("C39").name
        '计算机、通信和其他电子设备制造业'
        >>> industry("I65").name
        '软件和信息技术服务业'
        >>> industry("M").name
        '科学研究和技术服务业'
        >>> industry("A3985") is None  # 3985 is in section C, not A
        True
        >>> industry("3986") is None
        True
    """
    text = re.sub(r"\s", "", str(code)).upper()
    match = _INDUSTRY_PATTERN.fullmatch(text)
    if not text or match is None:
        return None
    letter, digits = match.groups()
    table = industries()
    if digits is None:
        return table.get(letter)
    found = table.get(digits)
    if found is None or (letter is not None and letter != found.section):
        return None
    return found


def normalize_industry_code(value: object) -> str:
    """The record's form of an industry code: section letter plus digits (``3985`` → ``C3985``).

    Raises:
        CodeError: the code is not in the GB/T 4754-2017 table.

    Examples:
        >>> normalize_industry_code("3985")
        'C3985'
        >>> normalize_industry_code(" c39 ")
        'C39'
        >>> normalize_industry_code("C9999")
        Traceback (most recent call last):
        ...
        littlegiant.records.codes.CodeError: 行业代码 C9999 不在 GB/T 4754-2017 国民经济行业分类中
    """
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    found = industry(text)
    if found is None:
        raise CodeError(f"行业代码 {text.upper()} 不在 GB/T 4754-2017 国民经济行业分类中")
    return found.full_code


def industry_section(code: object) -> str | None:
    """The 门类 letter of an industry code, or None when the code is unknown.

    Examples:
        >>> industry_section("6513")
        'I'
        >>> industry_section("C")
        'C'
    """
    found = industry(code)
    return found.section if found else None


def industry_ancestors(code: object) -> tuple[Industry, ...]:
    """The categories above this code, from its section down to its parent.

    Examples:
        >>> [item.code for item in industry_ancestors("C3985")]
        ['C', '39', '398']
        >>> industry_ancestors("C")
        ()
    """
    found = industry(code)
    chain: list[Industry] = []
    table = industries()
    while found is not None and found.parent is not None:
        found = table[found.parent]
        chain.append(found)
    return tuple(chain[::-1])
