"""Strict YAML reading: safe loader, line numbers kept, duplicate keys rejected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from littlegiant.rules.errors import PackLoadError

__all__ = ["LineDict", "LineList", "line_of", "load_yaml"]


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader keeping line numbers and refusing duplicate keys and merge keys."""

    filename = "<yaml>"


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise PackLoadError(
                f"{loader.filename}:{key_node.start_mark.line + 1}: 不允许使用合并键 <<"
            )
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise PackLoadError(
                f"{loader.filename}:{key_node.start_mark.line + 1}: 重复的键 {key!r}"
                f"（首次出现在第 {result.key_lines[key]} 行）"
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Read one YAML file strictly.

    Raises:
        PackLoadError: the file is not valid YAML or repeats a key.
    """
    text = path.read_text(encoding="utf-8")

    class _Loader(_StrictLoader):
        filename = str(path)

    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        raise PackLoadError(f"{path}:{line}: YAML 语法错误：{error.problem}") from error


def line_of(data: Any, loc: tuple[int | str, ...]) -> int:
    """The line of the deepest node of ``data`` reachable along ``loc`` (a pydantic error location)."""
    line = getattr(data, "line", 0)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line
