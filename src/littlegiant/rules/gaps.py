"""Gaps: the smallest input changes that would qualify a record, or the missing data that would decide it.

Search, for one field at a time (then pairs when no single field is enough):

* **Only fields that can matter.** A field is tried only when every condition the verdict needs that is not
  met already depends on it (the condition tree of :mod:`littlegiant.rules.conditions`, opened through its
  ``or`` routes). The same test picks the pairs.
* **Exact thresholds from the rules' structure.** The status as a function of one numeric field is constant
  between the points where one of the pack's comparisons or band edges on that field flips
  (:attr:`littlegiant.rules.program.Program.edges`). Each edge is solved for the field (secant for linear
  edges, ``a + k / x`` for a field in a denominator), and a grid over the field's whole range (its bounds in
  :mod:`littlegiant.records.fields`, from -90 % to 500 times the value and the bounds themselves) catches the edges that are
  neither; every sign change of an edge is narrowed down to the field's resolution (0.01, or 1 for
  counts) on the pack's own closures (regula falsi on the edge's chord, a midpoint every third probe), so
  the pack's rounding (``ratio`` to four decimals, ``round``) is respected. Small integer ranges (levels
  1-4) are enumerated. The status is read at every flip point and one step either side, outwards from
  the current value, and the search on each side stops at the first qualifying one: the nearest
  qualifying value above and below the current one are exact, so a proposed target sits on the
  threshold, never inside the next band. Each change is evaluated once per search, and a long sum
  (scene counts, scores) reruns only the terms that depend on the changed fields.
* **Honest.** When neither one nor two changed fields qualify (within the search budget), the gap says
  "在两项以内的调整中未找到达标方案" and lists what fails; it never claims the firm cannot qualify.
* **Unknown after the change.** A change after which the verdict waits only on missing data (or a manual
  review) is a gap too, naming those fields ("并补充：……"), after every change that qualifies outright.
* **Realistic first.** Gaps are ranked by the relative size of the change (a decrease of a figure a firm
  would not lower, such as revenue, costs ten times more; a past year's figure, which only a correction can
  change, three times more). A change is *plausible* within :data:`PLAUSIBLE_INCREASE` (up to three times
  the current value) and :data:`PLAUSIBLE_DECREASE` (down to half); beyond, the gap is kept but marked
  "（调整幅度较大）" and ranked after the plausible ones.

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
    '研发费用总额占销售收入总额比例 2.1% → 4.0%（综合得分（研发投入按销售收入口径） 40.0分 → 60.0分）：研发费用再增加 19.0 万元'
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind, split_flat_id
from littlegiant.records.labels import YEAR_LABELS, field_label
from littlegiant.rules import ir
from littlegiant.rules.closures import Closure, compile_node
from littlegiant.rules.conditions import AllOf, AnyOf, Leaf, Tree, leaves
from littlegiant.rules.edges import Edge
from littlegiant.rules.evaluate import Status, missing_inputs
from littlegiant.rules.pack import Pack
from littlegiant.rules.program import Program, program_for
from littlegiant.rules.semantics import normalize_record

__all__ = ["NOT_FOUND", "PLAUSIBLE_DECREASE", "PLAUSIBLE_INCREASE", "Change", "Gap", "gaps"]

NOT_ADJUSTABLE = frozenset(
    {"uscc", "name", "region_code", "industry_code", "established_on", "retest"}
)
NOT_FOUND = "在两项以内的调整中未找到达标方案"
"""What a gap says when the search found no change of one or two fields (not a proof that none exists)."""

PLAUSIBLE_INCREASE = 2.0
"""A change is plausible up to ``current * (1 + PLAUSIBLE_INCREASE)`` (three times the current value)."""
PLAUSIBLE_DECREASE = 0.5
"""... and down to ``current * (1 - PLAUSIBLE_DECREASE)`` (half of it)."""
REDUCIBLE = frozenset({"total_liabilities_y1", "total_cost_y1"})
DECREASE_PENALTY = 10.0
HISTORY_PENALTY = 3.0
GRID = (-0.9, -0.5, -0.2, -0.05, 0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 9.0, 49.0, 499.0)
MAX_WALK = 200  # steps walked from a flip point towards the current value
MAX_MISSES = 12
SMALL_RANGE = 64  # integer fields with at most this many values are enumerated
MAX_PAIR_FIELDS = 6
PAIR_EVALUATION_BUDGET = (
    300  # re-evaluations (of the dependent rules only) for the two-field search
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
    """A way to qualify (``change``), a field whose value would decide (``missing``), or a manual review.

    A ``change`` gap whose changes leave the verdict waiting on data names those fields in ``missing``;
    ``plausible`` is False for changes beyond the documented limit.
    """

    kind: str  # "change" | "missing" | "review"
    changes: tuple[Change, ...]
    fields: tuple[str, ...]
    message: str
    missing: tuple[str, ...] = ()
    plausible: bool = True
    qualifies: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind, "fields": list(self.fields), "message": self.message,
            "missing": list(self.missing),
            "missing_labels": [field_label(name) for name in self.missing],
            "plausible": self.plausible, "qualifies": self.qualifies,
            "changes": [
                {"field": c.field, "label": c.label, "unit": c.unit, "current": _plain(c.current),
                 "target": _plain(c.target), "delta": c.delta}
                for c in self.changes
            ],
        }  # fmt: skip


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset | set) else value


# --- what depends on what (per program) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    edges_by_field: dict[str, tuple[Edge, ...]]
    leaf_fields: dict[int, frozenset[str]]  # id(leaf) → fields it depends on
    leaf_rules: dict[int, frozenset[str]]  # id(leaf) → rules it depends on
    quantities: dict[int, tuple[str, ...]]  # id(leaf) → the rules with a unit it compares
    behind: dict[str, tuple[str, ...]]  # rule → it and every rule it reads, nearest first
    reads_field: dict[str, frozenset[str]]  # rule → the fields its own expression reads
    sums: dict[str, _Sum]  # rules that add up many terms (counts, scores): rerun term by term


@dataclass(frozen=True, slots=True)
class _Sum:
    """A rule ``t1 + t2 + ... + tn``: its terms' closures and the fields each depends on."""

    terms: tuple[Closure, ...]
    fields: tuple[frozenset[str], ...]


MIN_SUM_TERMS = 8  # shorter sums gain nothing measurable over the rule's own closure


def _terms(node: ir.Node) -> list[ir.Node]:
    """The terms of a left-deep chain of ``+`` (the way a long sum parses), in evaluation order."""
    terms = []
    while isinstance(node, ir.Binary) and node.op == "+":
        terms.append(node.right)
        node = node.left
    terms.append(node)
    return terms[::-1]


def _sums(program: Program) -> dict[str, _Sum]:
    deps, found = program.field_deps, {}
    for rule_id, rule in program.pack.rules.items():
        terms = _terms(rule.expr)
        if rule.expr.type is not ir.Type.NUMBER or len(terms) < MIN_SUM_TERMS:
            continue
        fields = tuple(
            frozenset(ir.fields_of(term)).union(*(deps[ref] for ref in ir.rules_of(term)))
            for term in terms
        )
        found[rule_id] = _Sum(tuple(compile_node(term, program.params) for term in terms), fields)
    return found


def _closure(rules: Mapping[str, ir.Rule], start: set[str]) -> set[str]:
    """``start`` and every rule they read, directly or not."""
    found, queue = set(start), list(start)
    while queue:
        for ref in ir.rules_of(rules[queue.pop()].expr):
            if ref not in found:
                found.add(ref)
                queue.append(ref)
    return found


_SHAPES: weakref.WeakKeyDictionary[Program, _Shape] = weakref.WeakKeyDictionary()


def _shape(program: Program) -> _Shape:
    shape = _SHAPES.get(program)
    if shape is None:
        deps = program.field_deps
        by_field: dict[str, list[Edge]] = {}
        for edge in program.edges:
            for name in edge.fields:
                by_field.setdefault(name, []).append(edge)
        leaf_fields, leaf_rules = {}, {}
        for leaf in leaves(program.conditions):
            found = set(leaf.refs.fields)
            for ref in leaf.refs.rules:
                found |= deps[ref]
            leaf_fields[id(leaf)] = frozenset(found)
            leaf_rules[id(leaf)] = frozenset(
                _closure(program.pack.rules, {leaf.rule_id, *leaf.refs.rules})
            )
        by_field_tuples = {k: tuple(v) for k, v in by_field.items()}
        rules = program.pack.rules
        quantities = {
            id(leaf): tuple(_quantities(leaf, rules)) for leaf in leaves(program.conditions)
        }
        behind = {rule_id: tuple(_behind(rule_id, rules)) for rule_id in rules}
        reads_field = {
            rule_id: frozenset(ir.fields_of(rule.expr)) for rule_id, rule in rules.items()
        }
        shape = _Shape(
            by_field_tuples,
            leaf_fields,
            leaf_rules,
            quantities,
            behind,
            reads_field,
            _sums(program),
        )
        _SHAPES[program] = shape
    return shape


class _Search:
    """State of one gap search: the program, the base values, and how to re-evaluate a change."""

    def __init__(self, program: Program, base: dict[str, Any]) -> None:
        self.program = program
        self.pack = program.pack
        self.base = base
        self.base_env = program.run_env(dict(base))
        self.status_rule = self.pack.outputs.status or ""
        self.labels = program.labels
        self.shape = _shape(program)
        self.evaluations = 0
        self.seen: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
        self.terms: dict[str, list[Any]] = {}
        self.decides: dict[frozenset[str], bool] = {}
        self.alone: dict[str, _Field] = {}
        values = {id(leaf): leaf.value(self.base_env) for leaf in leaves(program.conditions)}
        self.false = {key for key, value in values.items() if value is False}
        self.open_rules = frozenset().union(
            *(self.shape.leaf_rules[key] for key, value in values.items() if value is not True)
        )

    def field(self, name: str) -> _Field:
        """The search over ``name`` alone (kept: the pair search reuses its probes)."""
        found = self.alone.get(name)
        if found is None:
            found = self.alone[name] = _Field(self, name, {})
        return found

    def env(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """The values with ``changes`` applied (only the rules depending on the changed fields rerun; each
        change is evaluated once per search: the single, pair and describing steps share the result, which
        must not be modified)."""
        key = tuple(sorted(changes.items()))
        env = self.seen.get(key)
        if env is None:
            self.evaluations += 1
            env = dict(self.base_env)
            env.update(changes)
            names, sums = frozenset(changes), self.shape.sums
            for rule_id, step in self.program.steps_reading(names):
                total = sums.get(rule_id)
                env[rule_id] = (
                    step(env) if total is None else self.summed(rule_id, total, names, env)
                )
            self.seen[key] = env
        return env

    def summed(self, rule_id: str, total: _Sum, names: frozenset[str], env: dict[str, Any]) -> Any:
        """A sum rule's value with only the terms depending on ``names`` recomputed; the others are the
        record's own, added in the same order (the same floating-point result as the rule's closure)."""
        base = self.terms.get(rule_id)
        if base is None:
            base = self.terms[rule_id] = [term(self.base_env) for term in total.terms]
        acc: Any = None
        for index, term in enumerate(total.terms):
            value = term(env) if total.fields[index] & names else base[index]
            if value is None:
                return None
            acc = value if index == 0 else acc + value
        return acc

    def status(self, changes: Mapping[str, Any]) -> Any:
        return self.env(changes)[self.status_rule]

    def may_decide(self, fields: frozenset[str]) -> bool:
        """Whether changing ``fields`` could make the verdict true or unknown (every unmet condition of
        some route depends on them)."""
        known = self.decides.get(fields)
        if known is None:
            tree, leaf_fields = self.program.conditions, self.shape.leaf_fields
            known = self.decides[fields] = _may_decide(tree, fields, self.false, leaf_fields)
        return known


def _may_decide(
    tree: Tree, fields: frozenset[str], false: set[int], leaf_fields: dict[int, frozenset[str]]
) -> bool:
    """``false``: the ids of the leaves that are false for the record."""
    if isinstance(tree, AllOf):
        return all(_may_decide(part, fields, false, leaf_fields) for part in tree.parts)
    if isinstance(tree, AnyOf):
        return any(_may_decide(part, fields, false, leaf_fields) for part in tree.parts)
    return id(tree) not in false or bool(leaf_fields[id(tree)] & fields)


# --- one field ------------------------------------------------------------------------------------


def _step(field: str) -> float:
    return 1.0 if FLAT_FIELDS_BY_ID[field].kind is FieldKind.INTEGER else 0.01


def _snap(value: float, step: float) -> float:
    """``value`` rounded down to the field's resolution."""
    return round(math.floor(value / step + 1e-9) * step, 2)


@dataclass
class _Field:
    """The search over one field (with ``fixed`` other changes applied)."""

    search: _Search
    field: str
    fixed: Mapping[str, Any]

    def __post_init__(self) -> None:
        spec = FLAT_FIELDS_BY_ID[self.field]
        self.step = _step(self.field)
        self.lo = float(spec.minimum) if spec.minimum is not None else -1e9
        self.hi = float(spec.maximum) if spec.maximum is not None else 1e9
        current = {**self.search.base, **self.fixed}.get(self.field)
        if current is not None:
            self.x0 = float(current)
        elif (
            spec.unit == "名"
        ):  # no rank yet: any rank is an improvement, the lowest qualifying one is minimal
            self.x0 = self.hi + self.step
        else:
            self.x0 = max(self.lo, 0.0)
        self.probes: dict[float, dict[str, Any]] = {}
        self.found: list[float] | None = None
        self.samples: list[float] | None = None
        self.edges: list[Edge] = []
        self.signatures: dict[float, tuple[Any, ...]] = {}

    def at(self, x: float) -> dict[str, Any]:
        env = self.probes.get(x)
        if env is None:
            env = self.probes[x] = self.search.env({**self.fixed, self.field: x})
        return env

    def clamp(self, x: float) -> float:
        return min(max(x, self.lo), self.hi)

    def candidates(self) -> list[float]:
        """Every value at which the status may differ from its neighbours (flip points and one step around)."""
        if self.found is None:
            self.found = self._candidates()
        return self.found

    def small(self) -> bool:
        """Whether the field's values are few enough to enumerate (levels 1-4, say)."""
        return self.step == 1.0 and self.hi - self.lo <= SMALL_RANGE

    def plan(self) -> list[float]:
        """The sample points, in order: the current value, the field's bounds, each edge's solved roots
        (and one step above), and a grid over the range when an edge is not linear in the field; between
        two neighbours whose signatures agree, no flip needs narrowing."""
        if self.samples is not None:
            return self.samples
        lo, hi, step, x0 = self.lo, self.hi, self.step, self.x0
        open_rules = self.search.open_rules
        self.edges = [
            edge
            for edge in self.search.shape.edges_by_field.get(self.field, ())
            if edge.rule in open_rules
        ]
        samples = {x0, lo, hi}
        if lo <= 0.0 <= hi:
            samples.add(0.0)
        h = max(step, _snap(abs(x0) * 0.1, step))
        points = [x0, self.clamp(x0 + h), self.clamp(x0 + 2 * h)]
        linear = len(set(points)) == 3
        if linear:
            envs = [self.at(x) for x in points]
            for edge in self.edges:
                linear = linear and _linear(edge, points, envs)
                for root in _roots(edge.left, edge.right, points, envs):
                    if lo - step <= root <= hi + step:
                        base = _snap(root, step)
                        samples.update(self.clamp(base + k * step) for k in (0, 1))
        if (
            not linear
        ):  # an edge not linear in the field (a denominator, a score, a band): sample its range
            scale = max(abs(x0), 1.0)
            samples |= {self.clamp(_snap(x0 + scale * d, step)) for d in GRID}
        self.samples = sorted(samples)
        return self.samples

    def signature(self, x: float) -> tuple[Any, ...]:
        """The status and every edge's sign at ``x``."""
        mark = self.signatures.get(x)
        if mark is None:
            env = self.at(x)
            mark = (env[self.search.status_rule], *(_sign(edge, env) for edge in self.edges))
            self.signatures[x] = mark
        return mark

    def between(self, a: float, b: float) -> set[float]:
        """The candidates of the interval (a, b] of two neighbouring samples (they lie within one step of it)."""
        found = {b}
        if self.signature(a) != self.signature(b):
            self.split(a, b, self.edges, self.signature, found)
        return found

    def _candidates(self) -> list[float]:
        if self.small():
            return [float(v) for v in range(int(self.lo), int(self.hi) + 1)]
        ordered = self.plan()
        found: set[float] = set(ordered)
        for index in range(len(ordered) - 1):
            found |= self.between(ordered[index], ordered[index + 1])
        return sorted(found)

    def split(
        self, a: float, b: float, edges: list[Edge], signature: Any, found: set[float]
    ) -> None:
        """Narrow (a, b] down to the field's resolution wherever the signature (status and every edge's
        sign) differs at the two ends; each flip point and one step either side are candidates.

        The next probe is where an edge whose sign differs crosses zero on the chord through the two ends
        (regula falsi: exact for an edge linear in the field, a few probes for a ratio or a rounded
        quantity), and every third probe of an interval the midpoint, so an interval never takes more than
        about three times the probes of plain bisection."""
        stack = [(a, b, 0)]
        step = self.step
        while stack:
            a, b, depth = stack.pop()
            if b - a <= step * 1.5:
                found.update(self.clamp(b + k * step) for k in (-1, 0, 1))
                continue
            mark_a, mark_b = signature(a), signature(b)
            mid = _snap(a + (b - a) / 2, step)
            if depth % 3 != 2:
                chord = self.chord(a, b, mark_a, mark_b, edges)
                if chord is not None:
                    mid = min(max(chord, _snap(a + step, step)), _snap(b - step, step))
            if mid <= a or mid >= b:
                found.update(self.clamp(b + k * step) for k in (-1, 0, 1))
                continue
            mark_mid = signature(mid)
            if mark_mid != mark_a:
                stack.append((a, mid, depth + 1))
            if mark_mid != mark_b:
                stack.append((mid, b, depth + 1))

    def chord(
        self,
        a: float,
        b: float,
        mark_a: tuple[Any, ...],
        mark_b: tuple[Any, ...],
        edges: list[Edge],
    ) -> float | None:
        """Where the chord of the first edge whose sign differs at ``a`` and ``b`` crosses zero (snapped to
        the field's resolution), None when no edge has a value at both ends."""
        for index, edge in enumerate(edges):
            if mark_a[index + 1] == mark_b[index + 1] or None in (
                mark_a[index + 1],
                mark_b[index + 1],
            ):
                continue
            env_a, env_b = self.at(a), self.at(b)
            g_a, g_b = _gap_value(edge, env_a), _gap_value(edge, env_b)
            if g_a is None or g_b is None or g_a == g_b:
                continue
            root = a - g_a * (b - a) / (g_b - g_a)
            if math.isfinite(root):
                return _snap(root, step=self.step)
        return None

    def nearest(self, wanted: Any) -> list[float]:
        """The nearest values above and below the current one whose status is ``wanted``."""
        if self.small():
            rule, x0 = self.search.status_rule, self.x0
            values = [x for x in self.candidates() if x != x0]
            above = next((x for x in values if x > x0 and self.at(x)[rule] is wanted), None)
            below = next(
                (x for x in reversed(values) if x < x0 and self.at(x)[rule] is wanted), None
            )
        else:
            above, below = self.outwards(wanted, up=True), self.outwards(wanted, up=False)
        return [self.closest(x, wanted) for x in (above, below) if x is not None]

    def outwards(self, wanted: Any, up: bool) -> float | None:
        """The nearest candidate above (below) the current value whose status is ``wanted``.

        The intervals between samples are narrowed outwards from the current value, and the search stops
        once the best value found is nearer than anything the next interval can hold (its candidates lie
        within one step of it): the result is the one a scan of every candidate would give, without
        narrowing the far side of the range."""
        rule, x0, step = self.search.status_rule, self.x0, self.step
        ordered = self.plan()
        start = ordered.index(x0)
        pairs = (
            [(ordered[i], ordered[i + 1]) for i in range(start, len(ordered) - 1)]
            if up
            else [(ordered[i - 1], ordered[i]) for i in range(start, 0, -1)]
        )
        best: float | None = None
        for a, b in pairs:
            if best is not None and (best < a - step if up else best > b + step):
                break
            found = self.between(a, b) | {a}
            for x in sorted(found, reverse=not up):
                if (
                    (x > x0 if up else x < x0)
                    and self.lo <= x <= self.hi
                    and self.at(x)[rule] is wanted
                ):
                    if best is None or (x < best if up else x > best):
                        best = x
                    break
        return best

    def closest(self, x: float, wanted: Any) -> float:
        """Walk from ``x`` towards the current value, keeping the nearest value whose status is ``wanted``:
        two rounded quantities moving in opposite directions can flip back and forth near a threshold, so
        the walk stops only after :data:`MAX_MISSES` steps in a row without it (or :data:`MAX_WALK` steps)."""
        toward = -self.step if x > self.x0 else self.step
        rule = self.search.status_rule
        best, misses, here = x, 0, x
        for _ in range(MAX_WALK):
            here = round(here + toward, 2)
            if (here - self.x0) * (x - self.x0) <= 0:
                break
            if self.at(here)[rule] is wanted:
                best, misses = here, 0
            else:
                misses += 1
                if misses >= MAX_MISSES:
                    break
        return best


def _linear(edge: Edge, points: list[float], envs: list[dict[str, Any]]) -> bool:
    """Whether ``left - right`` of ``edge`` is linear in the field over three equally spaced points (a linear
    edge crosses zero once, where its secant says: no sampling of the range is needed)."""
    values = []
    for env in envs:
        a, b = edge.left(env), edge.right(env)
        if a is None or b is None:
            return False
        values.append(a - b)
    g0, g1, g2 = values
    return math.isclose(g2 - g1, g1 - g0, rel_tol=1e-6, abs_tol=1e-9)


def _gap_value(edge: Edge, env: dict[str, Any]) -> float | None:
    a, b = edge.left(env), edge.right(env)
    if a is None or b is None:
        return None
    return float(a - b)


def _sign(edge: Edge, env: dict[str, Any]) -> Any:
    a, b = edge.left(env), edge.right(env)
    if a is None or b is None:
        return None
    return (a > b) - (a < b)


def _roots(
    left: Closure, right: Closure, points: list[float], envs: list[dict[str, Any]]
) -> list[float]:
    """Where ``left - right`` crosses zero: the secant through the first two points when the edge is
    linear over the three, else a fit of ``a + k / x`` through the first and third (a field in a
    denominator), or the secant when that fit has no root (the narrowing of :meth:`_Field.split` finds
    any crossing these miss)."""
    values = []
    for env in envs:
        a, b = left(env), right(env)
        if a is None or b is None:
            return []
        values.append(a - b)
    (x0, x1, x2), (g0, g1, g2) = points, values
    roots = []
    linear = math.isclose(g2 - g1, g1 - g0, rel_tol=1e-6, abs_tol=1e-9)
    if not linear and x0 != 0 and x2 != 0 and g2 != g0:
        k = (g0 - g2) / (1 / x0 - 1 / x2)
        a = g0 - k / x0
        if a != 0:
            roots.append(-k / a)
    if g1 != g0 and (linear or not roots):
        roots.append(x0 - g0 * (x1 - x0) / (g1 - g0))
    return [r for r in roots if math.isfinite(r)]


def _other_values(search: _Search, field: str, fixed: Mapping[str, Any]) -> list[Any]:
    spec = FLAT_FIELDS_BY_ID[field]
    current = {**search.base, **fixed}.get(field)
    if spec.kind is FieldKind.BOOLEAN:
        return [True] if current is not True else []
    if spec.kind is FieldKind.CHOICE:
        ids = spec.choice_ids
        here = ids.index(current) if current in ids else len(ids)
        return sorted((c for c in ids if c != current), key=lambda c: abs(ids.index(c) - here))
    if spec.kind is FieldKind.CHOICES:
        have = current or frozenset()
        return [have | {c} for c in spec.choice_ids if c not in have]
    return []


def _numeric(field: str) -> bool:
    return FLAT_FIELDS_BY_ID[field].kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}


def _single(search: _Search, field: str, fixed: Mapping[str, Any], wanted: Any) -> list[Any]:
    """The values of ``field`` (nearest first, both directions for numbers) that give status ``wanted``."""
    if _numeric(field):
        probe = search.field(field) if not fixed else _Field(search, field, fixed)
        return probe.nearest(wanted)
    found = []
    for value in _other_values(search, field, fixed):
        if search.status({**fixed, field: value}) is wanted:
            found.append(value)
            if FLAT_FIELDS_BY_ID[field].kind is not FieldKind.CHOICES:
                break
    return found[:1]


# --- the search ------------------------------------------------------------------------------------


def _offset(flat_id: str) -> str | None:
    """The year offset of a flat field id (``y1``...), None for facts and ids outside the yearly scheme."""
    try:
        return split_flat_id(flat_id)[1]
    except KeyError:
        return None


def _adjustable(status_fields: Iterable[str]) -> list[str]:
    return [
        name
        for name in sorted(status_fields)
        if name not in NOT_ADJUSTABLE and name in FLAT_FIELDS_BY_ID
    ]


def gaps(pack: Pack, record: Mapping[str, Any], as_of: dt.date, max_fields: int = 2) -> list[Gap]:
    """How ``record`` could qualify for ``pack`` at ``as_of``: plausible and fewest changed fields first.

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


def _change_gaps(search: _Search, max_fields: int) -> list[Gap]:
    fields = [
        name
        for name in _adjustable(search.program.field_deps[search.status_rule])
        if search.may_decide(frozenset({name}))
    ]
    found: list[dict[str, Any]] = []
    for wanted in (True, None):
        for name in fields:
            found.extend({name: value} for value in _single(search, name, {}, wanted))
        if found:
            break
    if not found and max_fields >= 2:
        found = _pairs(search)
    if not found:
        return [_blocked_gap(search)]
    made = [_change_gap(search, changes) for changes in found]
    made.sort(key=lambda item: (not item[1].plausible, len(item[1].changes), item[0]))
    return [gap for _, gap in made]


def _blocked_gap(search: _Search) -> Gap:
    """No change of one or two fields was found: say so, and name the failing conditions."""
    shortfall = search.program.open_conditions(search.base_env)
    names = [
        f"{condition.label}（{search.pack.rules[condition.rule_id].clause}）"
        for condition in shortfall.conditions
        if not condition.unknown
    ]
    clauses = "；".join(dict.fromkeys(names[:4])) or search.labels[search.status_rule]
    return Gap("review", (), (), f"{NOT_FOUND}；未满足：{clauses}", qualifies=False)


def _improvements(search: _Search, field: str) -> list[Any]:
    """Up to two nearest values of ``field`` that make a failing condition true."""
    tree = search.program.conditions
    failing = [leaf for leaf in leaves(tree) if leaf.value(search.base_env) is False]
    pairs: Iterable[tuple[Any, dict[str, Any]]]
    if _numeric(field):
        probe = search.field(field)
        values = sorted(probe.candidates(), key=lambda x: abs(x - probe.x0))
        pairs = ((x, probe.at(x)) for x in values if x != probe.x0)
    else:
        pairs = ((v, search.env({field: v})) for v in _other_values(search, field, {}))
    better = []
    for value, env in pairs:
        if any(leaf.value(env) is True for leaf in failing):
            better.append(value)
            if len(better) == 2:
                break
    return better


def _pairs(search: _Search) -> list[dict[str, Any]]:
    budget = search.evaluations + PAIR_EVALUATION_BUDGET
    fields = _adjustable(search.program.field_deps[search.status_rule])
    fixes = {name: [o for o in fields if o != name and search.may_decide(frozenset({name, o}))]
             for name in fields}  # fmt: skip
    improving = {
        name: values for name in fields if fixes[name] and (values := _improvements(search, name))
    }
    chosen = list(improving)[:MAX_PAIR_FIELDS]
    found: list[dict[str, Any]] = []
    for index, first in enumerate(chosen):
        for second in fixes[first]:
            if second in chosen[:index]:
                continue
            for value in improving[first]:
                if search.evaluations > budget:
                    return found
                other = _single(search, second, {first: value}, True)
                if other:
                    found.append({first: value, second: other[0]})
                    break
    return found


# --- describing a change ----------------------------------------------------------------------------


def _cost(search: _Search, field: str, target: Any) -> tuple[float, bool]:
    """The relative size of one change (penalised for decreases and past years) and whether it is plausible."""
    current = search.base.get(field)
    if not isinstance(target, int | float) or isinstance(target, bool):
        return 1.0, True
    base = float(current or 0.0)
    delta = float(target) - base
    size = abs(delta) / max(abs(base), 1.0)
    if delta < 0 and field not in REDUCIBLE:
        size *= DECREASE_PENALTY
    if _offset(field) in {"y2", "y3"}:
        size *= HISTORY_PENALTY
    if FLAT_FIELDS_BY_ID[field].unit == "名":
        return size, True
    if abs(base) < 1.0:
        plausible = abs(delta) <= max(10.0, 10 * _step(field))
    else:
        ratio = float(target) / base
        plausible = 1 - PLAUSIBLE_DECREASE <= ratio <= 1 + PLAUSIBLE_INCREASE
    return size, plausible


def _label(field: str) -> str:
    return field_label(field) if _offset(field) in {"y2", "y3"} else FLAT_FIELDS_BY_ID[field].label


def _change_gap(search: _Search, changes: dict[str, Any]) -> tuple[float, Gap]:
    env = search.env(changes)
    items = tuple(
        Change(field, _label(field), FLAT_FIELDS_BY_ID[field].unit, search.base.get(field), value)
        for field, value in changes.items()
    )
    total, plausible = 0.0, True
    for field, value in changes.items():
        cost, ok = _cost(search, field, value)
        total, plausible = total + cost, plausible and ok
    parts = [_describe(search, change, env) for change in items]
    missing: tuple[str, ...] = ()
    if env[search.status_rule] is None:
        missing = missing_inputs(search.program, env)
        if missing:
            parts.append("并补充：" + "、".join(field_label(name) for name in missing))
        else:
            parts.append("并经人工审核：" + _undecided(search, env))
    message = "；".join(parts)
    if not plausible:
        message += "（调整幅度较大）"
    qualifies = env[search.status_rule] is True
    return total, Gap("change", items, tuple(changes), message, missing, plausible, qualifies)


def _fmt(value: Any, integer: bool = False, digits: int = 2) -> str:
    if value is None:
        return "空"
    if integer:
        return f"{value:.0f}"
    text = f"{value:.{digits}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _quantity(search: _Search, field: str, env: dict[str, Any]) -> str | None:
    """The quantity whose failing condition the change of ``field`` fixes, as "label before → after".

    When that quantity (a score, say) is computed from another one that reads the field directly (a
    ratio), the direct one comes first and the compared one follows in brackets.
    """
    rules, deps, base = search.pack.rules, search.program.field_deps, search.base_env
    shape = search.shape
    for leaf in leaves(search.program.conditions):
        if leaf.value(base) is True or leaf.value(env) is not True:
            continue
        for ref in shape.quantities[id(leaf)]:
            if field not in deps[ref] or base[ref] == env[ref] or None in (base[ref], env[ref]):
                continue
            compared = _from_to(search, ref, env)
            direct = [
                name for name in shape.behind[ref]
                if rules[name].unit and field in shape.reads_field[name]
                and None not in (base[name], env[name]) and base[name] != env[name]
            ]  # fmt: skip
            if direct and direct[0] != ref:
                return f"{_from_to(search, direct[0], env)}（{compared}）"
            return compared
    return None


def _from_to(search: _Search, rule_id: str, env: dict[str, Any]) -> str:
    unit = search.pack.rules[rule_id].unit
    digits = 4 if unit == "%" else 2
    before, after = _fmt(search.base_env[rule_id], digits=digits), _fmt(env[rule_id], digits=digits)
    return f"{search.labels[rule_id]} {before}{unit} → {after}{unit}"


def _behind(rule_id: str, rules: Mapping[str, ir.Rule]) -> list[str]:
    """``rule_id`` and every rule it reads, directly or not, nearest first."""
    order, queue = [rule_id], [rule_id]
    while queue:
        for ref in sorted(ir.rules_of(rules[queue.pop(0)].expr)):
            if ref not in order:
                order.append(ref)
                queue.append(ref)
    return order


def _quantities(leaf: Leaf, rules: Mapping[str, ir.Rule]) -> list[str]:
    """The rules with a unit that a condition compares (directly, or inside the rule it names)."""
    nodes = [leaf.node]
    if isinstance(leaf.node, ir.RuleRef):
        nodes.append(rules[leaf.node.name].expr)
    found = []
    for node in nodes:
        for part in ir.walk(node):
            if isinstance(part, ir.RuleRef) and rules[part.name].unit:
                found.append(part.name)
    return found


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
    if _offset(change.field) in {"y2", "y3"}:
        amount += "（历史数据，仅在原数据有误时可更正）"
    quantity = _quantity(search, change.field, env)
    if quantity is not None:
        return f"{quantity}：{amount}"
    return f"{change.label} {_fmt(change.current, integer)} → {_fmt(change.target, integer)} {change.unit}：{amount}"


def _undecided(search: _Search, env: dict[str, Any]) -> str:
    undecided = [
        rule for rule in search.pack.rules.values()
        if env[rule.id] is None
        and all(env[ref] is not None for ref in ir.rules_of(rule.expr))
        and all(env[name] is not None for name in ir.fields_of(rule.expr))
    ]  # fmt: skip
    return (
        "；".join(f"{search.labels[rule.id]}（{rule.clause}）" for rule in undecided[:3])
        or search.pack.title
    )


# --- unknown verdicts ------------------------------------------------------------------------------


def _probes(search: _Search, field: str) -> list[Any]:
    spec = FLAT_FIELDS_BY_ID[field]
    if spec.kind is FieldKind.BOOLEAN:
        return [True, False]
    if spec.kind is FieldKind.CHOICE:
        return list(spec.choice_ids)
    if spec.kind is FieldKind.CHOICES:
        return [frozenset({c}) for c in spec.choice_ids]
    if _numeric(field):
        probe = search.field(field)
        values = sorted(probe.candidates(), key=lambda x: abs(x - probe.x0))[:6]
        return [0.0, *values, 1e6]
    return []


def _missing_gaps(search: _Search) -> list[Gap]:
    missing = missing_inputs(search.program, search.base_env)
    if not missing:
        return [_review_gap(search)]
    ranked = []
    for order, field in enumerate(missing):
        probes = _probes(search, field)
        decided = sum(1 for value in probes if search.status({field: value}) is not None)
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
    message = f"缺少{year}「{spec.label}」{unit}：{effect}"
    return Gap("missing", (), (field,), message, (field,), qualifies=False)


def _review_gap(search: _Search) -> Gap:
    clauses = _undecided(search, search.base_env)
    message = f"数据已填写但规则无法自动判定，须人工审核：{clauses}"
    return Gap("review", (), (), message, qualifies=False)
