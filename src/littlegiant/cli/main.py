"""The ``littlegiant`` command: one entry point, sub-commands registered from their own modules."""

from __future__ import annotations

import typer

from littlegiant.cli.help_zh import install as _chinese_help

_chinese_help()

app = typer.Typer(
    name="littlegiant",
    help="LittleGiant（小巨人）：优质中小企业梯度培育平台。",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """LittleGiant（小巨人）：优质中小企业梯度培育平台。"""


# Sub-command modules register themselves on ``app`` when imported; they import ``app`` from here, so they
# load after it is defined.
from littlegiant.cli import archive, audit, catalog, digital, ops, pack_docs, rules, web, worker  # noqa: E402, F401
