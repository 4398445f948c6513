"""The ``littlegiant`` command: one entry point, sub-commands registered from their own modules."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="littlegiant",
    help="LittleGiant（小巨人）：优质中小企业梯度培育平台。",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """LittleGiant（小巨人）：优质中小企业梯度培育平台。"""


# Sub-command modules register themselves on ``app`` when imported (one line each below).
from littlegiant.cli import web  # noqa: E402,F401
from littlegiant.cli import catalog  # noqa: E402,F401
from littlegiant.cli import digital  # noqa: E402,F401
from littlegiant.cli import archive  # noqa: E402,F401
from littlegiant.cli import rules  # noqa: E402,F401
from littlegiant.cli import pack_docs  # noqa: E402,F401
