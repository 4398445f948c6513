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

from littlegiant.rules.errors import PackLoadError, ParameterError, UnknownProgrammeError
from littlegiant.rules.evaluate import Status, TraceStep, Verdict, evaluate, what_if
from littlegiant.rules.gaps import Change, Gap, gaps
from littlegiant.rules.ladder import TIERS, Ladder, Rung, ladder
from littlegiant.rules.pack import Pack, Parameter, load_pack
from littlegiant.rules.registry import (
    ProgrammeInfo,
    all_packs,
    pack_for,
    packs_in_force,
    programmes,
)
from littlegiant.rules.sql import CompiledPack, build_select, compile_pack

__all__ = [
    "TIERS",
    "Change",
    "CompiledPack",
    "Gap",
    "Ladder",
    "Pack",
    "PackLoadError",
    "Parameter",
    "ParameterError",
    "ProgrammeInfo",
    "Rung",
    "Status",
    "TraceStep",
    "UnknownProgrammeError",
    "Verdict",
    "all_packs",
    "build_select",
    "compile_pack",
    "evaluate",
    "gaps",
    "ladder",
    "load_pack",
    "pack_for",
    "packs_in_force",
    "programmes",
    "what_if",
]
