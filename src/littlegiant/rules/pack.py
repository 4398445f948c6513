"""Load a criteria pack strictly: YAML → pydantic → typed IR, with overlays resolved.

Examples:
    >>> from littlegiant.rules.registry import criteria_root
    >>> pack = load_pack(criteria_root() / "innovative_sme" / "2022")
    >>> pack.id, pack.version, pack.outputs.status
    ('innovative_sme', '2022', 'qualified')
    >>> len(pack.sha256)
    64
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.records.questionnaires import QUESTIONNAIRE_FIELDS
from littlegiant.rules import ir
from littlegiant.rules._yaml import LineDict, LineList, line_of, load_yaml
from littlegiant.rules.errors import PackLoadError, ParameterError
from littlegiant.rules.parse import ExpressionError, parse_expression
from littlegiant.rules.schema import (
    Outputs,
    PackFile,
    ParameterSpec,
    RuleSpec,
    expression_text,
)

__all__ = ["Pack", "Parameter", "field_type", "load_pack"]

PACK_FILES = ("pack.yaml", "parameters.yaml", "rules.yaml")
BaseLoader = Callable[[str, str], "Pack"]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A dated parameter: label, unit, clause reference, confidence, and values by start date."""

    id: str
    label: str
    unit: str
    reference: str
    confidence: str
    note: str
    dates: tuple[dt.date, ...]
    values: tuple[Any, ...]

    def value_at(self, as_of: dt.date) -> Any:
        """The value in force at ``as_of`` (the latest start date on or before it).

        Raises:
            ParameterError: ``as_of`` is before the parameter's first date.
        """
        index = bisect.bisect_right(self.dates, as_of) - 1
        if index < 0:
            raise ParameterError(f"参数 {self.id}（{self.label}）在 {as_of.isoformat()} 尚无生效值")
        return self.values[index]


@dataclass(frozen=True, slots=True)
class _Located:
    """A validated spec and where it was written."""

    spec: Any
    source: str
    expr_source: str = ""  # "file:line" of the rule's expr/bands/cases key


@dataclass(eq=False, slots=True)
class Pack:
    """A loaded pack: metadata, dated parameters and rules in evaluation order."""

    id: str
    version: str
    title: str
    issuer: str
    document: str
    url: str | None
    in_force_from: dt.date
    in_force_until: dt.date | None
    extends: str | None
    region: str | None
    notes: str
    outputs: Outputs
    parameters: dict[str, Parameter]
    rules: dict[str, ir.Rule]
    path: Path
    sha256: str
    rule_specs: dict[str, _Located] = field(repr=False)
    parameter_specs: dict[str, _Located] = field(repr=False)
    fields: tuple[str, ...] = ()
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    @property
    def reads_questionnaire(self) -> bool:
        """Whether the pack scores questionnaire answers (数字化水平评测) rather than the enterprise record."""
        return any(name in QUESTIONNAIRE_FIELD_IDS for name in self.fields)

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the pack is in force at ``as_of``."""
        return self.in_force_from <= as_of and (
            self.in_force_until is None or as_of <= self.in_force_until
        )

    def parameter_values(self, as_of: dt.date) -> dict[str, Any]:
        """Every parameter's value at ``as_of``."""
        return {pid: parameter.value_at(as_of) for pid, parameter in self.parameters.items()}

    def test_files(self) -> list[Path]:
        """The pack's YAML test-case files."""
        return sorted((self.path / "tests").glob("*.yaml"))


QUESTIONNAIRE_FIELD_IDS = frozenset(field.id for field in QUESTIONNAIRE_FIELDS)

_TYPE_TAGS = frozenset({"bool", "int", "float", "str", "none", "tuple[...]", "list[...]", "date"})


def _validate(
    model: type[BaseModel], data: Any, path: Path, loc: tuple[int | str, ...] = ()
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = (*loc, *(part for part in first["loc"] if part not in _TYPE_TAGS))
        line = line_of(data, tuple(first["loc"])) or line_of(data, ())
        dotted = ".".join(str(part) for part in where) or "(根)"
        raise PackLoadError(f"{path}:{line}: {dotted}: {first['msg']}") from None


def _sha256(path: Path, base: Pack | None) -> str:
    digest = hashlib.sha256()
    if base is not None:
        digest.update(base.sha256.encode())
    for name in PACK_FILES:
        file = path / name
        if file.exists():
            digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


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


def _read_parameters(path: Path, base: Pack | None) -> dict[str, _Located]:
    specs: dict[str, _Located] = dict(base.parameter_specs) if base else {}
    file = path / "parameters.yaml"
    data = load_yaml(file) if file.exists() else LineDict()
    if data is None:
        data = LineDict()
    if not isinstance(data, LineDict):
        raise PackLoadError(f"{file}:1: parameters.yaml 必须是映射（参数 id → 参数）")
    for pid, raw in data.items():
        line = data.key_lines[pid]
        spec = _validate(ParameterSpec, raw, file, (str(pid),))
        specs[str(pid)] = _merge_parameter(specs.get(str(pid)), spec, f"{file}:{line}", str(pid))
    return specs


def _merge_parameter(old: _Located | None, new: ParameterSpec, source: str, pid: str) -> _Located:
    if old is None:
        missing = [
            key for key in ("label", "unit", "reference", "confidence") if getattr(new, key) is None
        ]
        if missing:
            raise PackLoadError(f"{source}: 参数 {pid} 缺少 {', '.join(missing)}")
        if new.confidence in {"C1", "U"} and not new.note:
            raise PackLoadError(
                f"{source}: 参数 {pid} 的可信度为 {new.confidence}，必须写 note 说明不确定之处"
            )
        return _Located(new, source)
    if new.label is not None or new.unit is not None:
        raise PackLoadError(
            f"{source}: 覆盖基础包参数 {pid} 时只能改 values/reference/confidence/note"
        )
    merged = old.spec.model_copy(
        update={
            "values": {**old.spec.values, **new.values},
            "reference": new.reference or old.spec.reference,
            "confidence": new.confidence or old.spec.confidence,
            "note": new.note if new.note is not None else old.spec.note,
        }
    )
    return _Located(merged, source)


def _build_parameter(pid: str, located: _Located) -> Parameter:
    spec: ParameterSpec = located.spec
    dates = tuple(sorted(spec.values))
    values = tuple(spec.values[date] for date in dates)
    types = {_value_type(value) for value in values}
    if len(types) > 1:
        raise PackLoadError(f"{located.source}: 参数 {pid} 的各期取值类型不一致")
    values = tuple(float(v) if _value_type(v) is ir.Type.NUMBER else v for v in values)
    return Parameter(
        pid, spec.label or "", spec.unit or "", spec.reference or "", spec.confidence or "U",
        spec.note or "", dates, values,
    )  # fmt: skip


def _read_rules(path: Path, base: Pack | None) -> dict[str, _Located]:
    specs: dict[str, _Located] = dict(base.rule_specs) if base else {}
    file = path / "rules.yaml"
    if not file.exists():
        if base is None:
            raise PackLoadError(f"{file}:0: 缺少 rules.yaml")
        return specs
    data = load_yaml(file)
    if not isinstance(data, LineList):
        raise PackLoadError(f"{file}:1: rules.yaml 必须是规则列表")
    own: set[str] = set()
    for index, raw in enumerate(data):
        spec: RuleSpec = _validate(RuleSpec, raw, file, (index,))
        source = f"{file}:{data.item_lines[index]}"
        _check_rule_spec(spec, source, own, base is not None and spec.id in specs)
        own.add(spec.id)
        key_lines = raw.key_lines if isinstance(raw, LineDict) else {}
        line = next((key_lines[k] for k in ("expr", "bands", "cases") if k in key_lines), None)
        specs[spec.id] = _Located(spec, source, f"{file}:{line}" if line else source)
    return specs


def _check_rule_spec(spec: RuleSpec, source: str, own: set[str], overrides_base: bool) -> None:
    kinds = [name for name in ("expr", "bands", "cases") if getattr(spec, name) is not None]
    if len(kinds) != 1:
        raise PackLoadError(
            f"{source}: 规则 {spec.id} 必须恰好有 expr、bands、cases 之一，实际为 {kinds or '无'}"
        )
    if spec.else_ is not None and spec.cases is None:
        raise PackLoadError(f"{source}: 规则 {spec.id}：else 只能与 cases 一起使用")
    if spec.id in own:
        raise PackLoadError(f"{source}: 规则 id 重复：{spec.id}")
    if overrides_base and not spec.override:
        raise PackLoadError(f"{source}: 规则 {spec.id} 与基础包重名，覆盖时须写 override: true")
    if spec.override and not overrides_base:
        raise PackLoadError(f"{source}: 规则 {spec.id} 写了 override: true，但基础包中没有该规则")


def load_pack(path: Path, load_base: BaseLoader | None = None) -> Pack:
    """Load the pack in folder ``path``; ``load_base(id, version)`` finds the pack an overlay extends.

    Raises:
        PackLoadError: any file is malformed (message ``file:line: ...``).
    """
    path = Path(path)
    meta_file = path / "pack.yaml"
    if not meta_file.exists():
        raise PackLoadError(f"{meta_file}:0: 缺少 pack.yaml")
    raw = load_yaml(meta_file)
    meta: PackFile = _validate(PackFile, raw, meta_file)
    _check_location(meta, path, meta_file)
    base = _load_base(meta, raw, meta_file, path, load_base)
    from littlegiant.rules.build import build_pack

    return build_pack(
        meta=meta,
        path=path,
        base=base,
        parameter_specs=_read_parameters(path, base),
        rule_specs=_read_rules(path, base),
        sha256=_sha256(path, base),
        meta_source=f"{meta_file}:{raw.key_lines.get('outputs', 1) if isinstance(raw, LineDict) else 1}",
    )


def _check_location(meta: PackFile, path: Path, meta_file: Path) -> None:
    if path.name != meta.version or path.parent.name != meta.id:
        raise PackLoadError(
            f"{meta_file}:1: 包 {meta.id}@{meta.version} 必须位于 {meta.id}/{meta.version}/ 目录，实际为 "
            f"{path.parent.name}/{path.name}/"
        )


def _load_base(
    meta: PackFile, raw: Any, meta_file: Path, path: Path, load_base: BaseLoader | None
) -> Pack | None:
    if meta.extends is None:
        return None
    programme, version = meta.extends.split("@")
    line = raw.key_lines.get("extends", 1) if isinstance(raw, LineDict) else 1
    if load_base is None:
        candidate = path.parent.parent / programme / version
        if not (candidate / "pack.yaml").exists():
            raise PackLoadError(f"{meta_file}:{line}: 找不到 extends 指向的包 {meta.extends}")
        return load_pack(candidate)
    try:
        return load_base(programme, version)
    except LookupError as error:
        raise PackLoadError(
            f"{meta_file}:{line}: 找不到 extends 指向的包 {meta.extends}"
        ) from error


def compile_expression(
    text: Any, resolve: Callable[[str], ir.Node], source: str, rule_id: str
) -> ir.Node:
    """Parse one expression of a rule, turning language errors into ``file:line`` load errors."""
    try:
        return parse_expression(expression_text(text), resolve)
    except ExpressionError as error:
        raise PackLoadError(f"{source}: 规则 {rule_id}：{error}") from None
