"""How numbers are written, one rule per kind — pages, exports and the CLI all call these.

- money (万元): two decimals, thousands separators — ``1,500.00``;
- percent: two decimals — ``4.00%``, ``19.94%``; more only where two would mislead: a value that two
  decimals would round onto a whole number it is not keeps four (``2.9995%``), so a near miss at a round
  threshold never reads as met, and an exact threshold keeps the decimals it has (``0.125%``);
- score (分): up to two decimals, no trailing zeros — ``58.78``, ``60``;
- count (户, 家, 件, 人, 项): a whole number with thousands separators — ``2,418``;
- any other measure: up to two decimals (four for exact thresholds), no trailing zeros.

Examples:
    >>> format_money(1500), format_percent(4), format_percent(2.9995), format_percent(19.9364)
    ('1,500.00', '4.00%', '2.9995%', '19.94%')
    >>> format_score(58.775), format_score(60.0), format_count(2418.0)
    ('58.78', '60', '2,418')
    >>> format_quantity(0.0125, "吨", decimals=4), format_quantity(3.5, "年"), format_quantity(2.9961, "%")
    ('0.0125 吨', '3.5 年', '2.9961%')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "COUNT_UNITS",
    "format_count",
    "format_money",
    "format_percent",
    "format_quantity",
    "format_score",
]

COUNT_UNITS = frozenset({"户", "家", "件", "人", "项", "个", "次", "条"})
"""Units of things counted one by one."""


def _rounded(value: float, decimals: int) -> Decimal:
    """``value`` rounded half up (58.775 → 58.78, not the binary float's 58.77)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _stripped(value: float, decimals: int) -> str:
    text = f"{_rounded(value, decimals):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(value: float) -> str:
    """万元 with two decimals and thousands separators."""
    return f"{_rounded(value, 2):,.2f}"


def format_percent(value: float, *, exact: bool = False) -> str:
    """A percentage (12.5 = 12.5 %) with two decimals; four when two would round onto a whole number
    it is not; ``exact`` (a threshold) keeps up to four decimals it has.

    Examples:
        >>> format_percent(3, exact=True), format_percent(0.125, exact=True), format_percent(0.3634)
        ('3.00%', '0.125%', '0.36%')
    """
    shown = _rounded(value, 2)
    actual = Decimal(repr(float(value)))
    if exact or (shown == shown.to_integral_value() and actual != shown):
        four = _rounded(value, 4).normalize()
        places = max(2, -four.as_tuple().exponent) if four != 0 else 2  # type: ignore[operator]
        return f"{_rounded(value, places):,.{places}f}%"
    return f"{shown:,.2f}%"


def format_score(value: float) -> str:
    """Points (分): up to two decimals, no trailing zeros."""
    return _stripped(value, 2)


def format_count(value: float) -> str:
    """A whole number of things with thousands separators (a fractional value keeps two decimals)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return _stripped(value, 2)


def format_quantity(value: float, unit: str = "", *, decimals: int = 2) -> str:
    """A number with its unit, by the unit's kind (万元, %, 分, counts) or else up to ``decimals``."""
    if unit == "万元":
        text = format_money(value)
    elif unit == "%":
        return format_percent(value, exact=decimals > 2)
    elif unit == "分":
        text = format_score(value)
    elif unit in COUNT_UNITS:
        text = format_count(value)
    else:
        text = _stripped(value, decimals)
    return f"{text} {unit}" if unit else text
