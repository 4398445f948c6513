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

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from littlegiant.rules._yaml import LineDict, LineList, line_of, load_yaml
from littlegiant.rules.build import build_pack
from littlegiant.rules.errors import PackLoadError
from littlegiant.rules.pack import Located, Pack
from littlegiant.rules.schema import PackFile, ParameterSpec, RuleSpec

__all__ = ["BaseLoader", "load_pack", "validate_model"]

PACK_FILES = ("pack.yaml", "parameters.yaml", "rules.yaml")
BaseLoader = Callable[[str, str], Pack]
"""Finds the pack an overlay extends: ``(programme id, version) -> Pack``."""

_TYPE_TAGS = frozenset({"bool", "int", "float", "str", "none", "tuple[...]", "list[...]", "date"})


def validate_model(
    model: type[BaseModel], data: Any, path: Path, loc: tuple[int | str, ...] = ()
) -> Any:
    """``model`` validated from YAML ``data`` read from ``path``.

    Raises:
        PackLoadError: the data does not fit the model (``file:line: key.path: message``).
    """
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


def _read_parameters(path: Path, base: Pack | None) -> dict[str, Located]:
    specs: dict[str, Located] = dict(base.parameter_specs) if base else {}
    file = path / "parameters.yaml"
    data = load_yaml(file) if file.exists() else LineDict()
    if data is None:
        data = LineDict()
    if not isinstance(data, LineDict):
        raise PackLoadError(f"{file}:1: parameters.yaml 必须是映射（参数 id → 参数）")
    for pid, raw in data.items():
        line = data.key_lines[pid]
        spec = validate_model(ParameterSpec, raw, file, (str(pid),))
        specs[str(pid)] = _merge_parameter(specs.get(str(pid)), spec, f"{file}:{line}", str(pid))
    return specs


def _merge_parameter(old: Located | None, new: ParameterSpec, source: str, pid: str) -> Located:
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
        return Located(new, source)
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
    return Located(merged, source)


def _read_rules(path: Path, base: Pack | None) -> dict[str, Located]:
    specs: dict[str, Located] = dict(base.rule_specs) if base else {}
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
        spec: RuleSpec = validate_model(RuleSpec, raw, file, (index,))
        source = f"{file}:{data.item_lines[index]}"
        _check_rule_spec(spec, source, own, base is not None and spec.id in specs)
        own.add(spec.id)
        key_lines = raw.key_lines if isinstance(raw, LineDict) else {}
        line = next((key_lines[k] for k in ("expr", "bands", "cases") if k in key_lines), None)
        specs[spec.id] = Located(spec, source, f"{file}:{line}" if line else source)
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
    meta: PackFile = validate_model(PackFile, raw, meta_file)
    _check_location(meta, path, meta_file)
    base = _load_base(meta, raw, meta_file, path, load_base)
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
