"""Excel workbooks (openpyxl) of candidate lists and batch-run differences, Chinese headers."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from littlegiant.web.assessments.labels import STATUS_LABELS
from littlegiant.web.assessments.models import EvaluationRun
from littlegiant.web.assessments.queries.candidates import Candidate, CandidateList

__all__ = ["candidates_workbook", "run_workbook"]

EXPORT_GAPS_LIMIT = 200
"""Gaps (one-record engine) are computed for at most this many close candidates per export."""

_CANDIDATE_HEADERS = (
    "统一社会信用代码", "企业名称", "地区代码", "行业代码", "结论", "得分（分）",
    "未满足条件数", "待定条件数", "未满足或待定的条件", "最小差距",
)  # fmt: skip
_RUN_HEADERS = (
    "统一社会信用代码",
    "企业名称",
    "地区代码",
    "原结论",
    "新结论",
    "原得分（分）",
    "新得分（分）",
    "结论变化的条款",
)


def _candidate_row(candidate: Candidate) -> tuple[Any, ...]:
    shortfall = candidate.shortfall
    return (
        candidate.uscc, candidate.name, candidate.region_code, candidate.industry_code,
        candidate.status_label, candidate.score, shortfall.failing, shortfall.unknown,
        "；".join(shortfall.labels), candidate.first_gap,
    )  # fmt: skip


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def candidates_workbook(candidates: CandidateList) -> bytes:
    """Sheets 符合条件 and 接近条件 (close ones ranked, gaps for the first ``EXPORT_GAPS_LIMIT``)."""
    from openpyxl import Workbook

    from littlegiant.io.table_sheet import add_table_sheet

    candidates.fill_gaps(candidates.close[:EXPORT_GAPS_LIMIT])
    workbook = Workbook()
    add_table_sheet(
        workbook, "符合条件", _CANDIDATE_HEADERS, map(_candidate_row, candidates.qualified)
    )
    add_table_sheet(workbook, "接近条件", _CANDIDATE_HEADERS, map(_candidate_row, candidates.close))
    pack = candidates.pack
    about = [("规则包", f"{pack.title}（{pack.id}@{pack.version}）"), ("文件哈希", pack.sha256),
             ("评价基准日", candidates.as_of.isoformat()), ("范围内企业数", candidates.pool_size)]  # fmt: skip
    add_table_sheet(workbook, "说明", ("项目", "内容"), about)
    return _save(workbook)


def _run_rows(entries: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for entry in entries:
        yield (
            entry["uscc"], entry["name"], entry["region_code"], STATUS_LABELS.get(entry["before"], entry["before"]),
            STATUS_LABELS.get(entry["after"], entry["after"]), entry["score_before"], entry["score_after"],
            entry.get("clauses") or "",
        )  # fmt: skip


def _transition_label(key: str) -> str:
    before, _, after = key.partition("→")
    return f"{STATUS_LABELS.get(before, before)}→{STATUS_LABELS.get(after, after)}"


def run_workbook(run: EvaluationRun) -> bytes:
    """Sheets 新增符合, 不再符合 and 统计 of a finished run."""
    from openpyxl import Workbook

    from littlegiant.io.table_sheet import add_table_sheet

    workbook = Workbook()
    add_table_sheet(workbook, "新增符合", _RUN_HEADERS, _run_rows(run.gained))
    add_table_sheet(workbook, "不再符合", _RUN_HEADERS, _run_rows(run.lost))
    stats: list[tuple[Any, Any]] = [
        ("项目", run.programme), ("评价基准日", run.as_of.isoformat()),
        ("原版本", f"{run.base_version}（{run.base_sha256[:12]}）"),
        ("新版本", f"{run.new_version}（{run.new_sha256[:12]}）"),
        ("新增符合", run.gained_count), ("不再符合", run.lost_count),
        ("结论不变", run.unchanged_count), ("其他变化", run.other_changed_count),
        ("更新企业规模", run.size_classes_updated),
    ]  # fmt: skip
    stats += [
        (f"结论变化 {_transition_label(key)}", count)
        for key, count in sorted(run.transitions.items())
    ]
    add_table_sheet(workbook, "统计", ("项目", "数值"), stats)
    return _save(workbook)
