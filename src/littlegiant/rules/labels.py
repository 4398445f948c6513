"""Rule labels that name their thresholds through parameters, so a label shows the number applied.

A label may write ``{parameter_id}`` where it states a threshold (``上年度营业收入{revenue_min}万元以上``);
the engine renders it with the value in force at the evaluation's as-of date. A number that lives in a
dated parameter is never written into a label: when the parameter changes, the label follows.

Examples:
    >>> render_label("上年度营业收入{revenue_min}万元以上", {"revenue_min": 5000.0})
    '上年度营业收入5000万元以上'
    >>> render_label("研发费用占比{rd_ratio_min}%以上", {"rd_ratio_min": 2.5})
    '研发费用占比2.5%以上'
    >>> placeholders("评分达到通过线（{pass_score}分）")
    ('pass_score',)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["PLACEHOLDER", "format_number", "placeholders", "render_label"]

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
"""``{parameter_id}`` inside a label."""


def format_number(value: Any) -> str:
    """A parameter value as a label shows it: integers without ``.0``, at most 6 decimals, no trailing zeros.

    Examples:
        >>> format_number(1000.0), format_number(0.25), format_number(1 / 3), format_number("高")
        ('1000', '0.25', '0.333333', '高')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def placeholders(template: str) -> tuple[str, ...]:
    """The parameter ids a label template names, in order of first use."""
    return tuple(dict.fromkeys(PLACEHOLDER.findall(template)))


def render_label(template: str, params: Mapping[str, Any]) -> str:
    """``template`` with every ``{parameter_id}`` replaced by the parameter's value in ``params``.

    Raises:
        KeyError: the template names a parameter ``params`` lacks (the loader refuses such packs).
    """
    if "{" not in template:
        return template
    return PLACEHOLDER.sub(lambda match: format_number(params[match.group(1)]), template)
