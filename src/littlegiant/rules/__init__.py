"""The rules-as-code engine: load packs → typed IR → evaluate (with trace) | gaps | compile to SQL.

See ``docs/packs/format.md`` for the pack format and the API.
"""

from __future__ import annotations

from littlegiant.rules.errors import PackLoadError, ParameterError, UnknownProgrammeError
from littlegiant.rules.evaluate import Status, TraceStep, Verdict, evaluate, what_if
from littlegiant.rules.pack import Pack, Parameter, load_pack
from littlegiant.rules.registry import ProgrammeInfo, all_packs, pack_for, packs_in_force, programmes

__all__ = [
    "Pack",
    "PackLoadError",
    "Parameter",
    "ParameterError",
    "ProgrammeInfo",
    "Status",
    "TraceStep",
    "UnknownProgrammeError",
    "Verdict",
    "all_packs",
    "evaluate",
    "load_pack",
    "pack_for",
    "packs_in_force",
    "programmes",
    "what_if",
]
