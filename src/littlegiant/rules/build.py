"""Turn validated pack specs into typed rules in evaluation order (names, types, cycles, outputs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.rules import ir
from littlegiant.rules.errors import PackLoadError
from littlegiant.rules.labels import placeholders
from littlegiant.rules.pack import Located, Pack, Parameter
from littlegiant.rules.parse import ExpressionError, parse_expression
from littlegiant.rules.schema import (
    DatedValue,
    Outputs,
    PackFile,
    ParameterSpec,
    RuleSpec,
    expression_text,
)

__all__ = ["build_pack", "build_parameter", "compile_expression", "field_type"]


def field_type(flat_id: str) -> ir.Type:
    """The IR type of a record field."""
    kind = FLAT_FIELDS_BY_ID[flat_id].kind
    if kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        return ir.Type.NUMBER
    if kind is FieldKind.BOOLEAN:
        return ir.Type.BOOLEAN
    if kind is FieldKind.CHOICES:
        return ir.Type.SET
    return ir.Type.TEXT


def _value_type(value: Any) -> ir.Type:
    if isinstance(value, bool):
        return ir.Type.BOOLEAN
    if isinstance(value, int | float):
        return ir.Type.NUMBER
    return ir.Type.TEXT


def build_parameter(pid: str, located: Located) -> Parameter:
    """The :class:`Parameter` of a merged spec (numbers as float; one value type across dates).

    Raises:
        PackLoadError: the dated values do not all have one type.
    """
    spec: ParameterSpec = located.spec
    dates = tuple(sorted(spec.values))
    dated = [spec.values[date] for date in dates]
    values = tuple(v.value if isinstance(v, DatedValue) else v for v in dated)
    references = tuple(v.reference if isinstance(v, DatedValue) else "" for v in dated)
    if len({_value_type(value) for value in values}) > 1:
        raise PackLoadError(f"{located.source}: 参数 {pid} 的各期取值类型不一致")
    values = tuple(float(v) if _value_type(v) is ir.Type.NUMBER else v for v in values)
    return Parameter(
        pid, spec.label or "", spec.unit or "", spec.reference or "", spec.confidence or "U",
        spec.note or "", dates, values, references,
    )  # fmt: skip


def compile_expression(
    text: Any, resolve: Callable[[str], ir.Node], source: str, rule_id: str
) -> ir.Node:
    """Parse one expression of a rule, turning language errors into ``file:line`` load errors."""
    try:
        return parse_expression(expression_text(text), resolve)
    except ExpressionError as error:
        raise PackLoadError(f"{source}: 规则 {rule_id}：{error}") from None


class _RuleBuilder:
    """Builds rules on demand, depth first, so a rule's type is known before it is referenced."""

    def __init__(self, specs: dict[str, Located], parameters: dict[str, Parameter]) -> None:
        self.specs = specs
        self.parameters = parameters
        self.rules: dict[str, ir.Rule] = {}
        self.stack: list[str] = []

    def build_all(self) -> dict[str, ir.Rule]:
        for rule_id in self.specs:
            self.build(rule_id)
        return self.rules

    def build(self, rule_id: str) -> ir.Rule:
        if rule_id in self.rules:
            return self.rules[rule_id]
        located = self.specs[rule_id]
        if rule_id in self.stack:
            cycle = " → ".join([*self.stack[self.stack.index(rule_id) :], rule_id])
            raise PackLoadError(f"{located.source}: 规则循环引用：{cycle}")
        self.stack.append(rule_id)
        spec: RuleSpec = located.spec
        expr = self._expression(spec, located.expr_source or located.source)
        self.stack.pop()
        _check_label(spec, located.source, self.parameters)
        rule = ir.Rule(
            spec.id, spec.label, spec.clause, expr, spec.unit, spec.description, located.source
        )
        self.rules[rule_id] = rule
        return rule

    def resolve(self, name: str) -> ir.Node:
        if name in self.specs:
            return ir.RuleRef(name, self.build(name).expr.type)
        if name in self.parameters:
            parameter = self.parameters[name]
            return ir.Param(name, _parameter_type(parameter))
        if name in FLAT_FIELDS_BY_ID:
            return ir.Field(name, field_type(name))
        raise ExpressionError(f"未知的名称 {name}（不是记录字段、参数或规则）")

    def _expression(self, spec: RuleSpec, source: str) -> ir.Node:
        def parse(text: Any) -> ir.Node:
            return compile_expression(text, self.resolve, source, spec.id)

        if spec.bands is not None:
            return self._bands(spec, parse, source)
        if spec.cases is not None:
            branches = tuple((parse(case.when), parse(case.then)) for case in spec.cases)
            default = parse(spec.else_)
            return _typed_cases(branches, default, source, spec.id)
        return parse(spec.expr)

    def _bands(self, spec: RuleSpec, parse: Any, source: str) -> ir.Node:
        assert spec.bands is not None
        direction = "at_least" if spec.bands.at_least is not None else "at_most"
        rows = spec.bands.at_least if spec.bands.at_least is not None else spec.bands.at_most
        if rows is None or (spec.bands.at_least is not None and spec.bands.at_most is not None):
            raise PackLoadError(
                f"{source}: 规则 {spec.id}：bands 必须恰好有 at_least 或 at_most 之一"
            )
        node = ir.Bands(
            parse(spec.bands.of), direction,
            tuple((parse(bound), parse(points)) for bound, points in rows), parse(spec.bands.else_),
        )  # fmt: skip
        for part in (node.of, *(p for band in node.bands for p in band), node.default):
            if part.type not in {ir.Type.NUMBER, ir.Type.NULL}:
                raise PackLoadError(f"{source}: 规则 {spec.id}：bands 的值、界限和分数必须是数值")
        return node


def _check_label(spec: RuleSpec, source: str, parameters: dict[str, Parameter]) -> None:
    """A label may name only number or text parameters of the pack (``{revenue_min}``)."""
    for name in placeholders(spec.label):
        if name not in parameters:
            raise PackLoadError(f"{source}: 规则 {spec.id} 的 label 引用了不存在的参数 {{{name}}}")
        if isinstance(parameters[name].values[0], bool):
            raise PackLoadError(f"{source}: 规则 {spec.id} 的 label 不能引用布尔参数 {{{name}}}")


def _parameter_type(parameter: Parameter) -> ir.Type:
    value = parameter.values[0]
    if isinstance(value, bool):
        return ir.Type.BOOLEAN
    return ir.Type.NUMBER if isinstance(value, float) else ir.Type.TEXT


def _typed_cases(
    branches: tuple[tuple[ir.Node, ir.Node], ...], default: ir.Node, source: str, rule_id: str
) -> ir.Node:
    for when, _ in branches:
        if when.type not in {ir.Type.BOOLEAN, ir.Type.NULL}:
            raise PackLoadError(
                f"{source}: 规则 {rule_id}：cases 的 when 必须是布尔值，得到 {when.type}"
            )
    types = {then.type for _, then in branches} | {default.type}
    types.discard(ir.Type.NULL)
    if len(types) > 1:
        raise PackLoadError(
            f"{source}: 规则 {rule_id}：cases 的 then/else 类型不一致：{sorted(types)}"
        )
    return ir.Cases(branches, default, types.pop() if types else ir.Type.NULL)


def _check_names(rule_specs: dict[str, Located], parameters: dict[str, Parameter]) -> None:
    for rule_id, located in rule_specs.items():
        if rule_id in parameters:
            raise PackLoadError(f"{located.source}: 规则 {rule_id} 与同名参数冲突")
        if rule_id in FLAT_FIELDS_BY_ID:
            raise PackLoadError(f"{located.source}: 规则 {rule_id} 与同名记录字段冲突")
    for pid, parameter in parameters.items():
        if pid in FLAT_FIELDS_BY_ID:
            raise PackLoadError(f"参数 {pid} 与同名记录字段冲突（{parameter.reference}）")


def _check_outputs(outputs: Outputs, rules: dict[str, ir.Rule], source: str) -> None:
    wanted = {
        "status": (outputs.status, ir.Type.BOOLEAN),
        "score": (outputs.score, ir.Type.NUMBER),
        "class": (outputs.class_, ir.Type.TEXT),
    }
    if outputs.status is None:
        raise PackLoadError(f"{source}: outputs.status 必须指向一条规则")
    for key, (rule_id, kind) in wanted.items():
        if rule_id is None:
            continue
        if rule_id not in rules:
            raise PackLoadError(f"{source}: outputs.{key} 指向不存在的规则 {rule_id}")
        if rules[rule_id].expr.type not in {kind, ir.Type.NULL}:
            raise PackLoadError(f"{source}: outputs.{key} 的规则 {rule_id} 必须是 {kind}")


def _merge_outputs(meta: Outputs, base: Pack | None) -> Outputs:
    if base is None:
        return meta
    return Outputs(
        status=meta.status or base.outputs.status,
        score=meta.score or base.outputs.score,
        **{"class": meta.class_ or base.outputs.class_},
    )


def build_pack(
    *,
    meta: PackFile,
    path: Path,
    base: Pack | None,
    parameter_specs: dict[str, Located],
    rule_specs: dict[str, Located],
    sha256: str,
    meta_source: str,
) -> Pack:
    """Resolve names and types of every rule and assemble the :class:`Pack`."""
    parameters = {pid: build_parameter(pid, located) for pid, located in parameter_specs.items()}
    _check_names(rule_specs, parameters)
    rules = _RuleBuilder(rule_specs, parameters).build_all()
    outputs = _merge_outputs(meta.outputs, base)
    _check_outputs(outputs, rules, meta_source)
    fields = sorted({name for rule in rules.values() for name in ir.fields_of(rule.expr)})
    return Pack(
        id=meta.id, version=meta.version, title=meta.title, issuer=meta.issuer, document=meta.document,
        url=meta.url, in_force_from=meta.in_force.from_, in_force_until=meta.in_force.until,
        extends=meta.extends, region=meta.region, notes=meta.notes, outputs=outputs,
        parameters=parameters, rules=rules, path=path, sha256=sha256, rule_specs=rule_specs,
        parameter_specs=parameter_specs, fields=tuple(fields),
    )  # fmt: skip
