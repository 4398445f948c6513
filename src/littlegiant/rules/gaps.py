"""Gaps: the smallest input changes that would qualify a record, or the missing data that would decide it.

Search: for each adjustable field the status depends on, every comparison or band edge of the pack is solved
for that field (secant on the pack's own closures, a third point detecting non-linear edges such as
denominators), candidate values are tried nearest first and confirmed by re-evaluation. Single-field changes
first, then pairs. Only ``_y1`` yearly values and current facts are adjustable (past years are history).

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules.registry import pack_for
    >>> pack = pack_for("tech_sme", dt.date(2025, 6, 30))
    >>> record = {"employees_y1": 100, "revenue_y1": 1000, "total_assets_y1": 800, "restricted_industry": False,
    ...           "major_violation": False, "tech_staff_y1": 20, "rd_expense_y1": 21, "ip_class2_count": 3,
    ...           "high_tech_enterprise": False, "led_standard_setting": False, "rd_institution_level": "none",
    ...           "ip_class1_count": 0, "total_cost_y1": 10000}
    >>> first = gaps(pack, record, dt.date(2025, 6, 30))[0]
    >>> first.changes[0].field, first.changes[0].target
    ('rd_expense_y1', 40.0)
    >>> first.message
    '研发费用总额占销售收入总额比例 2.1% → 4.0%：研发费用再增加 19.0 万元'
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind, split_flat_id
from littlegiant.records.labels import YEAR_LABELS
from littlegiant.rules import ir
from littlegiant.rules.closures import Closure
from littlegiant.rules.evaluate import Status, missing_inputs
from littlegiant.rules.pack import Pack
from littlegiant.rules.program import Program, program_for
from littlegiant.rules.semantics import normalize_record

__all__ = ["Change", "Gap", "gaps"]

MAX_TRIES_PER_FIELD = 12
NOT_ADJUSTABLE = frozenset(
    {"uscc", "name", "region_code", "industry_code", "established_on", "retest"}
)


@dataclass(frozen=True, slots=True)
class Change:
    """One field changed from ``current`` to ``target`` (in the record's units)."""

    field: str
    label: str
    unit: str
    current: Any
    target: Any

    @property
    def delta(self) -> float | None:
        """``target - current`` for numbers (current None counts as 0)."""
        if isinstance(self.target, bool) or not isinstance(self.target, int | float):
            return None
        return float(self.target) - float(self.current or 0.0)


@dataclass(frozen=True, slots=True)
class Gap:
    """A way to qualify (``change``), a field whose value would decide (``missing``), or a manual review."""

    kind: str  # "change" | "missing" | "review"
    changes: tuple[Change, ...]
    fields: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind, "fields": list(self.fields), "message": self.message,
            "changes": [
                {"field": c.field, "label": c.label, "unit": c.unit, "current": _plain(c.current),
                 "target": _plain(c.target), "delta": c.delta}
                for c in self.changes
            ],
        }  # fmt: skip


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset | set) else value


class _Search:
    """State of one gap search: the program, the base environment and cached edge closures."""

    def __init__(self, program: Program, base: dict[str, Any]) -> None:
        self.program = program
        self.pack = program.pack
        self.base = base
        self.base_env = program.run_env(dict(base))
        self.status_rule = self.pack.outputs.status or ""
        self.labels = program.labels
        self.evaluations = 0

    def status(self, changes: Mapping[str, Any]) -> tuple[Any, dict[str, Any]]:
        self.evaluations += 1
        env = self.program.run_env({**self.base, **changes})
        return env[self.status_rule], env

    def field_candidates(self, field: str, fixed: Mapping[str, Any]) -> list[Any]:
        kind = FLAT_FIELDS_BY_ID[field].kind
        current = {**self.base, **fixed}.get(field)
        if kind is FieldKind.BOOLEAN:
            return [True] if current is not True else []
        if kind is FieldKind.CHOICE:
            ids = FLAT_FIELDS_BY_ID[field].choice_ids
            here = ids.index(current) if current in ids else len(ids)
            return sorted((c for c in ids if c != current), key=lambda c: abs(ids.index(c) - here))
        if kind is FieldKind.CHOICES:
            have = current or frozenset()
            return [have | {c} for c in FLAT_FIELDS_BY_ID[field].choice_ids if c not in have]
        if kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
            return self.numeric_candidates(field, fixed)
        return []

    def numeric_candidates(self, field: str, fixed: Mapping[str, Any]) -> list[float]:
        spec = FLAT_FIELDS_BY_ID[field]
        x0 = float({**self.base, **fixed}.get(field) or 0.0)
        step = 1.0 if spec.kind is FieldKind.INTEGER else 0.01
        h = max(1.0, abs(x0) * 0.1)
        points = [x0, x0 + h, x0 + 2 * h]
        envs = [self.status(dict(fixed) | {field: x})[1] for x in points]
        roots: set[float] = set()
        for edge in self.program.edges:
            if field in edge.fields:
                left, right = edge.left, edge.right
                estimates, linear = _roots(left, right, points, envs)
                if not linear:
                    refined = (self.refine(left, right, field, fixed, r) for r in estimates[:1])
                    estimates = [r for r in refined if r is not None]
                roots.update(r for r in estimates if r is not None)
        lo = spec.minimum if spec.minimum is not None else -math.inf
        hi = spec.maximum if spec.maximum is not None else math.inf
        found: set[float] = set()
        for root in roots:
            for value in _snap(root, x0, step):
                if lo <= value <= hi and value != x0:
                    found.add(value)
        return sorted(found, key=lambda v: abs(v - x0))

    def refine(
        self, left: Closure, right: Closure, field: str, fixed: Mapping[str, Any], root: float
    ) -> float | None:
        """One local secant step near ``root`` (for edges that are not linear in ``field``)."""
        delta = max(0.01, abs(root) * 1e-3)
        points = [root, root + delta]
        gs = []
        for x in points:
            env = self.status(dict(fixed) | {field: x})[1]
            a, b = left(env), right(env)
            if a is None or b is None:
                return root
            gs.append(a - b)
        if gs[0] == gs[1]:
            return root
        return root - gs[0] * delta / (gs[1] - gs[0])


def _roots(
    left: Closure, right: Closure, points: list[float], envs: list[dict[str, Any]]
) -> tuple[list[float], bool]:
    """Where ``left - right`` crosses zero, and whether the edge looked linear over the three points.

    Linear edges are solved by the secant; others (a field in a denominator) by fitting ``a + k / x``.
    """
    values = []
    for env in envs:
        a, b = left(env), right(env)
        if a is None or b is None:
            return [], True
        values.append(a - b)
    (x0, x1, x2), (g0, g1, g2) = points, values
    linear = math.isclose(g2 - g1, g1 - g0, rel_tol=1e-3, abs_tol=1e-3)
    roots = _hyperbolic_root(x0, g0, x2, g2) if not linear else []
    if g1 != g0:
        roots.append(x0 - g0 * (x1 - x0) / (g1 - g0))
    return [r for r in roots if math.isfinite(r)], linear


def _hyperbolic_root(x0: float, g0: float, x1: float, g1: float) -> list[float]:
    """Fit g = a + k / x through two points and return x where g = 0."""
    if x0 == 0 or x1 == 0 or x0 == x1:
        return []
    k = (g0 - g1) / (1 / x0 - 1 / x1)
    a = g0 - k / x0
    return [-k / a] if a != 0 else []


def _snap(root: float, x0: float, step: float) -> list[float]:
    """The root rounded to the field's resolution, on both sides, plus one step further out."""
    down = math.floor(root / step) * step
    up = math.ceil(root / step) * step
    values = {round(down, 2), round(up, 2), round(up + step, 2), round(down - step, 2)}
    return sorted(values, key=lambda v: abs(v - x0))


def _offset(flat_id: str) -> str | None:
    """The year offset of a flat field id (``y1``...), None for facts and ids outside the yearly scheme."""
    try:
        return split_flat_id(flat_id)[1]
    except KeyError:
        return None


def _adjustable(pack: Pack, status_fields: frozenset[str]) -> list[str]:
    result = []
    for name in sorted(status_fields):
        if name in NOT_ADJUSTABLE or name not in FLAT_FIELDS_BY_ID:
            continue
        if _offset(name) in (None, "y1"):
            result.append(name)
    return result


REDUCIBLE = frozenset({"total_liabilities_y1", "total_cost_y1"})
DECREASE_PENALTY = 10.0
MAX_PAIR_FIELDS = 6
PAIR_EVALUATION_BUDGET = (
    200  # re-evaluations allowed for the two-field search (keeps gaps at a few ms)
)


def gaps(pack: Pack, record: Mapping[str, Any], as_of: dt.date, max_fields: int = 2) -> list[Gap]:
    """How ``record`` could qualify for ``pack`` at ``as_of``, fewest changed fields first.

    For a qualified record: ``[]``. For ``unknown``: the missing fields that would decide the verdict,
    most decisive first (or a manual-review gap when the data is present but the rules cannot decide).
    """
    program = program_for(pack, as_of)
    search = _Search(program, normalize_record(record, pack.fields))
    status = Status.of(search.base_env[search.status_rule])
    if status is Status.QUALIFIED:
        return []
    if status is Status.UNKNOWN:
        return _missing_gaps(search)
    return _change_gaps(search, max_fields)


def _single(search: _Search, field: str, fixed: Mapping[str, Any]) -> Any:
    for value in search.field_candidates(field, fixed)[:MAX_TRIES_PER_FIELD]:
        if search.status({**fixed, field: value})[0] is True:
            return value
    return None


def _cost(search: _Search, changes: Mapping[str, Any]) -> float:
    total = 0.0
    for field, target in changes.items():
        current = search.base.get(field)
        if isinstance(target, int | float) and not isinstance(target, bool):
            delta = target - float(current or 0.0)
            size = abs(delta) / max(abs(float(current or 0.0)), 1.0)
            total += size * (DECREASE_PENALTY if delta < 0 and field not in REDUCIBLE else 1.0)
        else:
            total += 1.0
    return total


def _change_gaps(search: _Search, max_fields: int) -> list[Gap]:
    fields = _adjustable(search.pack, search.program.field_deps[search.status_rule])
    found: list[dict[str, Any]] = []
    for field in fields:
        value = _single(search, field, {})
        if value is not None:
            found.append({field: value})
    if not found and max_fields >= 2:
        found = _pairs(search, fields)
    if not found:
        return [_blocked_gap(search)]
    found.sort(key=lambda changes: (len(changes), _cost(search, changes)))
    return [_change_gap(search, changes) for changes in found]


def _blocked_gap(search: _Search) -> Gap:
    """No change of up to two fields qualifies: name the failing clauses right under the verdict."""
    env = search.base_env
    status_rule = search.pack.rules[search.status_rule]
    failing = [
        search.pack.rules[r] for r in sorted(ir.rules_of(status_rule.expr)) if env[r] is False
    ]
    labels = search.labels
    clauses = (
        "；".join(f"{labels[rule.id]}（{rule.clause}）" for rule in failing[:4])
        or labels[status_rule.id]
    )
    return Gap("review", (), (), f"调整两项以内的数据仍无法达到标准；未满足：{clauses}")


def _improvements(search: _Search, field: str) -> list[Any]:
    """Up to two nearest values of ``field`` that raise the score or turn a false rule true."""
    base_env = search.base_env
    score_rule = search.pack.outputs.score
    base_true = sum(1 for rid in search.pack.rules if base_env[rid] is True)
    better = []
    for value in search.field_candidates(field, {})[:MAX_TRIES_PER_FIELD]:
        _, env = search.status({field: value})
        raised = score_rule is not None and (env[score_rule] or 0) > (base_env[score_rule] or 0)
        if raised or sum(1 for rid in search.pack.rules if env[rid] is True) > base_true:
            better.append(value)
            if len(better) == 2:
                break
    return better


def _pairs(search: _Search, fields: list[str]) -> list[dict[str, Any]]:
    improving = {field: values for field in fields if (values := _improvements(search, field))}
    chosen = list(improving)[:MAX_PAIR_FIELDS]
    found: list[dict[str, Any]] = []
    for index, first in enumerate(chosen):
        for second in chosen[index + 1 :]:
            if search.evaluations > PAIR_EVALUATION_BUDGET:
                return found
            for value in improving[first]:
                other = _single(search, second, {first: value})
                if other is not None:
                    found.append({first: value, second: other})
                    break
    return found


def _change_gap(search: _Search, changes: dict[str, Any]) -> Gap:
    _, env = search.status(changes)
    items = tuple(
        Change(
            field,
            FLAT_FIELDS_BY_ID[field].label,
            FLAT_FIELDS_BY_ID[field].unit,
            search.base.get(field),
            value,
        )
        for field, value in changes.items()
    )
    message = "；".join(_describe(search, change, env) for change in items)
    return Gap("change", items, tuple(changes), message)


def _fmt(value: Any, integer: bool = False) -> str:
    if value is None:
        return "空"
    if integer:
        return f"{value:.0f}"
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _describe(search: _Search, change: Change, env: dict[str, Any]) -> str:
    spec = FLAT_FIELDS_BY_ID[change.field]
    if spec.kind is FieldKind.BOOLEAN:
        return f"取得「{change.label}」"
    if spec.kind is FieldKind.CHOICE:
        names = dict(spec.choices)
        return f"{change.label}：{names.get(change.current, '空')} → {names.get(change.target, change.target)}"
    if spec.kind is FieldKind.CHOICES:
        added = sorted(set(change.target) - set(change.current or ()))
        return f"{change.label}增加「{'、'.join(dict(spec.choices).get(a, a) for a in added)}」"
    integer = spec.kind is FieldKind.INTEGER
    if change.unit == "名":
        return f"{change.label}达到第 {_fmt(change.target, True)} 名"
    delta = change.delta or 0.0
    verb = "再增加" if delta > 0 else "减少"
    amount = f"{change.label}{verb} {_fmt(abs(delta), integer)} {change.unit}".rstrip()
    for rule in search.pack.rules.values():
        if rule.unit == "%" and change.field in ir.fields_of(rule.expr):
            before, after = search.base_env[rule.id], env[rule.id]
            if before is not None and after is not None and before != after:
                return f"{search.labels[rule.id]} {_fmt(before)}% → {_fmt(after)}%：{amount}"
    return f"{change.label} {_fmt(change.current, integer)} → {_fmt(change.target, integer)} {change.unit}：{amount}"


def _probes(search: _Search, field: str) -> list[Any]:
    spec = FLAT_FIELDS_BY_ID[field]
    if spec.kind is FieldKind.BOOLEAN:
        return [True, False]
    if spec.kind is FieldKind.CHOICE:
        return list(spec.choice_ids)
    if spec.kind is FieldKind.CHOICES:
        return [frozenset({c}) for c in spec.choice_ids]
    if spec.kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        return [0.0, *search.numeric_candidates(field, {})[:6], 1e6]
    return []


def _missing_gaps(search: _Search) -> list[Gap]:
    missing = missing_inputs(search.program, search.base_env)
    if not missing:
        return [_review_gap(search)]
    ranked = []
    for order, field in enumerate(missing):
        probes = _probes(search, field)
        decided = sum(1 for value in probes if search.status({field: value})[0] is not None)
        share = decided / len(probes) if probes else 0.0
        ranked.append((-share, order, field))
    ranked.sort()
    return [_missing_gap(field, -negative_share) for negative_share, _, field in ranked]


def _missing_gap(field: str, share: float) -> Gap:
    spec = FLAT_FIELDS_BY_ID[field]
    unit = f"（{spec.unit}）" if spec.unit else ""
    year = YEAR_LABELS.get(_offset(field) or "", "")
    effect = (
        "补充后即可判定"
        if share >= 1.0
        else "补充后有助于判定"
        if share > 0
        else "还须补充其他数据才能判定"
    )
    return Gap("missing", (), (field,), f"缺少{year}「{spec.label}」{unit}：{effect}")


def _review_gap(search: _Search) -> Gap:
    env = search.base_env
    undecided = [
        rule for rule in search.pack.rules.values()
        if env[rule.id] is None
        and all(env[ref] is not None for ref in ir.rules_of(rule.expr))
        and all(env[name] is not None for name in ir.fields_of(rule.expr))
    ]  # fmt: skip
    clauses = (
        "；".join(f"{search.labels[rule.id]}（{rule.clause}）" for rule in undecided[:3])
        or search.pack.title
    )
    return Gap("review", (), (), f"数据已填写但规则无法自动判定，须人工审核：{clauses}")
