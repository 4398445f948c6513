"""Eligibility of an enterprise for a policy or financing product, decided by the rules engine.

A catalog entry names its pack as ``<pack_id>@<version>`` (or just ``<pack_id>`` for the newest
version) under ``criteria/policies/``. The verdict's reason names the first clause that failed or
the fields still missing; ``outputs.score`` of the pack, when present, is the estimated amount (万元).

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
from functools import cache
from pathlib import Path
from typing import Any

import littlegiant.criteria
from littlegiant.matching._errors import MatchingError
from littlegiant.matching.ranking import Verdict
from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.rules import Pack, evaluate, load_pack
from littlegiant.rules import Verdict as RulesVerdict

__all__ = ["check_eligibility", "explain_verdict", "policy_pack", "policy_packs_root"]


def policy_packs_root() -> Path:
    """The folder holding ``<pack_id>/<version>/pack.yaml`` of policies and products."""
    return Path(littlegiant.criteria.__file__).parent / "policies"


@cache
def policy_pack(ref: str) -> Pack:
    """The pack a catalog entry names (``id@version`` or ``id`` = newest version).

    Raises:
        MatchingError: no such pack.
    """
    pack_id, _, version = ref.strip().partition("@")
    folder = policy_packs_root() / pack_id
    versions = sorted(p.name for p in folder.glob("*") if (p / "pack.yaml").exists())
    chosen = version or (versions[-1] if versions else "")
    if not chosen or chosen not in versions:
        raise MatchingError(
            f"找不到申报条件规则包「{ref}」（应位于 criteria/policies/<编号>/<版本>/）"
        )
    return load_pack(folder / chosen)


def _field_label(flat_id: str) -> str:
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    return f"{field.label}（{flat_id}）" if field else flat_id


def explain_verdict(verdict: RulesVerdict) -> str:
    """One Chinese sentence: what is missing, which clause failed, or that all conditions hold."""
    status = verdict.status.value
    if status == "unknown" and verdict.missing:
        return "待补充：" + "、".join(_field_label(f) for f in verdict.missing[:4])
    if status == "not_qualified":
        failed = [s.label for s in verdict.trace if s.value is False and s.rule_id != "qualified"]
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
