"""The ``--help`` screens in Chinese, wrapped rather than cut off at any terminal width.

Typer (0.29) renders help with Rich and writes its own words in English: panel titles, ``[required]``,
``Show this message and exit.``, ``Usage:``, ``[OPTIONS]`` and the value types (``<bool>``, ``<path>``).
It exposes no setting for them beyond the module constants of ``typer.rich_utils``, so this module sets
those constants and wraps the few functions that produce the rest. Rich also cuts a table cell with "…"
when a run of text has no space to break at — every Chinese sentence — so help text folds instead.

:func:`install` is called once, when ``littlegiant.cli.main`` is imported.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["TYPE_LABELS", "install"]

TYPE_LABELS: dict[str, str | None] = {
    "bool": None,  # a flag: the option itself says yes
    "path": "路径",
    "file": "文件",
    "directory": "目录",
    "str": "文本",
    "int": "整数",
    "float": "数值",
    "datetime": "日期时间",
    "list[str]": "文本，可重复",
    "list[int]": "整数，可重复",
}
"""Value types as the help screens show them (``None``: not shown)."""

_USAGE_PIECES = {
    "[OPTIONS]": "[选项]",
    "COMMAND": "命令",
    "[ARGS]...": "[参数]…",
    "COMMAND [ARGS]...": "命令 [参数]…",
}
_installed = False


def _type_label(shown: str | None) -> str | None:
    if shown is None:
        return None
    match = re.fullmatch(r"<(.+)>(\.\.\.)?", shown)
    if match is None:
        return shown
    inner = match.group(1)
    if inner not in TYPE_LABELS:
        return shown if "|" in inner else f"<{inner}>"
    label = TYPE_LABELS[inner]
    return None if label is None else f"<{label}>"


def install() -> None:
    """Switch Typer's help screens to Chinese (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    from rich.text import Text
    from typer import core, rich_utils
    from typer._click import core as click_core
    from typer._click import formatting

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.RICH_HELP = "用 [blue]'{command_path} {help_option}'[/] 查看帮助。"

    make_text = rich_utils._make_rich_text

    def folding_text(*args: Any, **kwargs: Any) -> Any:
        text = make_text(*args, **kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folding_text

    def usage_pieces(original: Any) -> Any:
        def collect(self: Any, ctx: Any) -> list[str]:
            return [_USAGE_PIECES.get(piece, piece) for piece in original(self, ctx)]

        return collect

    for command_class in (click_core.Command, core.TyperGroup):
        command_class.collect_usage_pieces = usage_pieces(command_class.collect_usage_pieces)  # type: ignore[method-assign]

    help_option = click_core.Command.get_help_option

    def chinese_help_option(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    click_core.Command.get_help_option = chinese_help_option  # type: ignore[method-assign]

    for parameter_class in (core.TyperOption, core.TyperArgument):
        shown = parameter_class.display_type_rich

        def display_type_rich(self: Any, ctx: Any, _shown: Any = shown) -> str | None:
            return _type_label(_shown(self, ctx))

        parameter_class.display_type_rich = display_type_rich  # type: ignore[method-assign]

    write_usage = formatting.HelpFormatter.write_usage

    def chinese_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = chinese_usage  # type: ignore[method-assign]
