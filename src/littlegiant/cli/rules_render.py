"""Rich rendering of verdicts, traces and gaps for the ``explain`` command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.tree import Tree

from littlegiant.records.labels import STATUS_LABELS, field_label, yes_no

if TYPE_CHECKING:
    from littlegiant.rules import Gap, Pack, Verdict

__all__ = ["render_verdict"]

_COLOURS = {"qualified": "green", "not_qualified": "red", "unknown": "yellow"}
_STATUS = {
    status: f"[{_COLOURS[status]}]{label}[/{_COLOURS[status]}]"
    for status, label in STATUS_LABELS.items()
}


def _show(value: Any) -> str:
    if value is None:
        return "[dim]缺失[/dim]"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, frozenset | set | list | tuple):
        return "、".join(sorted(str(v) for v in value))
    return str(value)


def render_verdict(pack: Pack, verdict: Verdict, gaps: list[Gap]) -> Tree:
    """A tree: the verdict, one branch per clause (value, reads, thresholds, points), then the gaps."""
    head = (
        f"[bold]{pack.title}[/bold]（{pack.key}，{pack.document}）：{_STATUS[verdict.status.value]}"
    )
    if verdict.score is not None:
        head += f"，得分 {verdict.score:g}"
    if verdict.classification:
        head += f"，类型 {verdict.classification}"
    tree = Tree(head)
    qualified = verdict.status.value == "qualified"
    if qualified and verdict.route:
        route = tree.add("[green]达标路径[/green]（满足以下条款）")
        for rule_id in verdict.route:
            route.add(verdict.labels.get(rule_id, rule_id))
    clauses = tree.add("逐条结果")
    for step in verdict.trace:
        unit = step.unit if step.unit not in ("", "分") else ""
        shown = _show(step.value)
        if qualified and step.value is False:  # not needed: another route qualified
            shown = "[dim]未采用（已由其他路径满足）[/dim]"
        line = f"{step.label}：[bold]{shown}[/bold]{unit}  [dim]{step.clause}[/dim]"
        node = clauses.add(line)
        reads = "，".join(f"{k}={_show(v)}" for k, v in step.reads.items())
        if reads:
            node.add(f"[dim]读取[/dim] {reads}")
        if step.thresholds:
            node.add(
                "[dim]门槛[/dim] "
                + "，".join(f"{k}={_show(v)}" for k, v in step.thresholds.items())
            )
        if step.band is not None or step.points is not None:
            node.add(f"[dim]档位[/dim] {_show(step.band)} → {_show(step.points)} 分")
    if verdict.missing:
        tree.add("[yellow]缺失数据[/yellow]：" + "，".join(field_label(f) for f in verdict.missing))
    if gaps:
        branch = tree.add("差距与建议")
        for gap in gaps[:8]:
            branch.add(gap.message)
    return tree
