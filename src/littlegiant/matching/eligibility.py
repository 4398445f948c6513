"""Eligibility of an enterprise for a policy or financing product, decided by the rules engine.

A catalog entry names its pack as ``<pack_id>@<version>`` (or just ``<pack_id>`` for the newest
version) under ``criteria/policies/``; the registry (:func:`littlegiant.rules.policy_pack`) loads it.
The verdict's reason names the fields still missing or the conditions still open
(:mod:`littlegiant.rules.conditions`); ``outputs.score`` of the pack, when present, is the estimated
amount (万元).

Examples:
    >>> import datetime as dt
    >>> verdict = check_eligibility("zjtx_reward@2025", {"little_giant": True, "major_violation": False},
    ...                             dt.date(2025, 6, 30))
    >>> verdict.status, verdict.estimated_amount
    ('qualified', 50.0)
    >>> check_eligibility("zjtx_reward", {}, dt.date(2025, 6, 30)).reason  # doctest: +ELLIPSIS
    '待补充：...'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from littlegiant.matching.ranking import Verdict
from littlegiant.records.labels import field_label
from littlegiant.rules import Verdict as RulesVerdict
from littlegiant.rules import evaluate, policy_pack

__all__ = ["check_eligibility", "explain_verdict"]


def explain_verdict(verdict: RulesVerdict) -> str:
    """One Chinese sentence: what is missing, which clause failed, or that all conditions hold."""
    status = verdict.status.value
    if status == "unknown" and verdict.missing:
        return "待补充：" + "、".join(field_label(f) for f in verdict.missing[:4])
    if status == "not_qualified":
        failed = list(
            dict.fromkeys(c.label for c in verdict.open_conditions.conditions if not c.unknown)
        )
        return "不满足：" + "；".join(failed[:3]) if failed else "不满足申报条件"
    return "满足全部条件" if status == "qualified" else "需人工判定"


def check_eligibility(
    pack_ref: str, record: Mapping[str, Any], as_of: dt.date, *, trace_url: str | None = None
) -> Verdict:
    """Evaluate the entry's pack on one enterprise record (the caller checks the entry's validity dates)."""
    pack = policy_pack(pack_ref)
    result = evaluate(pack, record, as_of)
    amount = (
        float(result.score)
        if result.score is not None and result.status.value != "not_qualified"
        else None
    )
    return Verdict(result.status.value, explain_verdict(result), trace_url, amount)
