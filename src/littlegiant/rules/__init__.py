"""The rules-as-code engine: load packs → typed IR → evaluate (with trace) | gaps | compile to SQL.

See ``docs/packs/format.md`` for the pack format and the API.

Examples:
    >>> import datetime as dt
    >>> pack = pack_for("sme_size", dt.date(2025, 6, 30))
    >>> evaluate(pack, {"industry_code": "I6510", "employees_y1": 120, "revenue_y1": 900},
    ...          dt.date(2025, 6, 30)).classification
    'small'
"""

from __future__ import annotations

from littlegiant.rules.conditions import Condition, Shortfall
from littlegiant.rules.errors import PackLoadError, ParameterError, UnknownProgrammeError
from littlegiant.rules.evaluate import Status, Verdict, evaluate, what_if
from littlegiant.rules.gaps import Change, Gap, gaps
from littlegiant.rules.ladder import TIERS, Ladder, Rung, ladder
from littlegiant.rules.load import load_pack
from littlegiant.rules.pack import Pack, Parameter
from littlegiant.rules.program import Program, program_for
from littlegiant.rules.registry import (
    ProgrammeInfo,
    all_packs,
    every_pack,
    pack_for,
    packs_in_force,
    policy_pack,
    policy_packs,
    programmes,
)
from littlegiant.rules.sql import CompiledPack, build_select, compile_pack
from littlegiant.rules.trace import TraceStep

__all__ = [
    "TIERS",
    "Change",
    "CompiledPack",
    "Condition",
    "Gap",
    "Ladder",
    "Pack",
    "PackLoadError",
    "Parameter",
    "ParameterError",
    "Program",
    "ProgrammeInfo",
    "Rung",
    "Shortfall",
    "Status",
    "TraceStep",
    "UnknownProgrammeError",
    "Verdict",
    "all_packs",
    "build_select",
    "compile_pack",
    "evaluate",
    "every_pack",
    "gaps",
    "ladder",
    "load_pack",
    "pack_for",
    "packs_in_force",
    "policy_pack",
    "policy_packs",
    "program_for",
    "programmes",
    "what_if",
]
