"""Rich rendering of verdicts, traces and gaps for the ``explain`` command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.tree import Tree

from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.records.labels import (
    INDUSTRY_GROUP_LABELS,
    SIZE_CLASS_LABELS,
    STATUS_LABELS,
    field_label,
    yes_no,
)
from littlegiant.records.number_format import format_quantity

if TYPE_CHECKING:
    from littlegiant.rules import Gap, Pack, Verdict

__all__ = ["render_verdict"]

_COLOURS = {"qualified": "green", "not_qualified": "red", "unknown": "yellow"}
_STATUS = {
    status: f"[{_COLOURS[status]}]{label}[/{_COLOURS[status]}]"
    for status, label in STATUS_LABELS.items()
}


def _show(value: Any, unit: str = "", name: str = "") -> str:
    """A value as the pages write it: 是/否, numbers by their kind with the unit, choice labels."""
    if value is None:
        return "[dim]缺失[/dim]"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return format_quantity(value, unit)
    field = FLAT_FIELDS_BY_ID.get(name)
    labels = dict(field.choices or ()) if field is not None else {}
    if isinstance(value, frozenset | set | list | tuple):
        return "、".join(sorted(labels.get(str(v), str(v)) for v in value))
    if name == "industry_group":
        return INDUSTRY_GROUP_LABELS.get(str(value), str(value))
    text = str(value)
    return labels.get(text) or (SIZE_CLASS_LABELS.get(text, text) if field is None else text)


def _unit(pack: Pack, name: str) -> str:
    rule = pack.rules.get(name)
    if rule is not None:
        return rule.unit or ""
    field = FLAT_FIELDS_BY_ID.get(name)
    return field.unit if field is not None else ""


def _threshold(pack: Pack, parameter_id: str, value: Any) -> str:
    parameter = pack.parameters.get(parameter_id)
    if parameter is None:
        return f"{parameter_id} {_show(value)}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = format_quantity(value, parameter.unit, decimals=4)
    else:
        shown = _show(value)
    return f"{parameter.label} {shown}{'（待确认）' if parameter.confidence == 'U' else ''}"


def render_verdict(pack: Pack, verdict: Verdict, gaps: list[Gap]) -> Tree:
    """A tree: the verdict, one branch per clause (value, reads, thresholds, points), then the gaps."""
    head = (
        f"[bold]{pack.title}[/bold]（{pack.key}，{pack.document}）：{_STATUS[verdict.status.value]}"
    )
    if verdict.score is not None:
        head += f"，得分 {format_quantity(verdict.score, '分')}"
    if verdict.classification:
        head += f"，类型 {SIZE_CLASS_LABELS.get(verdict.classification, verdict.classification)}"
    tree = Tree(head)
    qualified = verdict.status.value == "qualified"
    if qualified and verdict.route:
        route = tree.add("[green]达标路径[/green]（满足以下条款）")
        for rule_id in verdict.route:
            route.add(verdict.labels.get(rule_id, rule_id))
    clauses = tree.add("逐条结果")
    for step in verdict.trace:
        shown = _show(step.value, step.unit or "", step.rule_id)
        if qualified and step.value is False:  # not needed: another route qualified
            shown = "[dim]未采用（已由其他路径满足）[/dim]"
        line = f"{step.label}：[bold]{shown}[/bold]  [dim]{step.clause}[/dim]"
        node = clauses.add(line)
        reads = "，".join(
            f"{step.label_of(k) or field_label(k)} {_show(v, _unit(pack, k), k)}"
            for k, v in step.reads.items()
        )
        if reads:
            node.add(f"[dim]读取[/dim] {reads}")
        if step.thresholds:
            node.add(
                "[dim]门槛[/dim] "
                + "，".join(_threshold(pack, k, v) for k, v in step.thresholds.items())
            )
        if step.band is not None or step.points is not None:
            node.add(f"[dim]档位[/dim] {_show(step.band)} → {_show(step.points, '分')}")
    if verdict.missing:
        tree.add("[yellow]缺失数据[/yellow]：" + "，".join(field_label(f) for f in verdict.missing))
    if gaps:
        branch = tree.add("差距与建议")
        for gap in gaps[:8]:
            branch.add(gap.message)
    return tree
