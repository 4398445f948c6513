"""The programme registry: every pack under ``littlegiant/criteria``, and the one in force at a date.

Examples:
    >>> import datetime as dt
    >>> pack_for("innovative_sme", dt.date(2025, 6, 30)).version
    '2022'
    >>> "sme_size" in [p.id for p in programmes()]
    True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import littlegiant.criteria
from littlegiant.rules.errors import PackLoadError, UnknownProgrammeError
from littlegiant.rules.pack import Pack, load_pack

__all__ = [
    "ProgrammeInfo",
    "all_packs",
    "criteria_root",
    "pack_for",
    "packs_in_force",
    "programmes",
]


@dataclass(frozen=True, slots=True)
class ProgrammeInfo:
    """A programme and its pack versions (oldest first)."""

    id: str
    title: str
    versions: tuple[str, ...]


def criteria_root() -> Path:
    """The folder holding ``<programme>/<version>/pack.yaml``."""
    return Path(littlegiant.criteria.__file__).parent


def _pack_dirs(root: Path) -> list[Path]:
    return sorted(path.parent for path in root.glob("*/*/pack.yaml"))


@cache
def _load(programme: str, version: str) -> Pack:
    path = criteria_root() / programme / version
    if not (path / "pack.yaml").exists():
        raise UnknownProgrammeError(f"没有项目 {programme} 的 {version} 版规则包")
    return load_pack(path, load_base=_load)


def all_packs() -> list[Pack]:
    """Every pack, loaded (cached).

    Raises:
        PackLoadError: a pack is malformed.
    """
    return [_load(path.parent.name, path.name) for path in _pack_dirs(criteria_root())]


def programmes() -> list[ProgrammeInfo]:
    """Every programme with its versions."""
    by_id: dict[str, list[Pack]] = {}
    for pack in all_packs():
        by_id.setdefault(pack.id, []).append(pack)
    return [
        ProgrammeInfo(pid, packs[-1].title, tuple(p.version for p in sorted(packs, key=_start)))
        for pid, packs in sorted(by_id.items())
    ]


def _start(pack: Pack) -> dt.date:
    return pack.in_force_from


def pack_for(programme: str, as_of: dt.date, version: str | None = None) -> Pack:
    """The pack of ``programme`` in force at ``as_of``, or the explicit ``version``.

    Raises:
        UnknownProgrammeError: no such programme/version, or none in force at ``as_of``.
    """
    if version is not None:
        return _load(programme, version)
    candidates = [p for p in all_packs() if p.id == programme]
    if not candidates:
        raise UnknownProgrammeError(f"没有项目 {programme} 的规则包")
    in_force = [p for p in candidates if p.in_force(as_of)]
    if not in_force:
        raise UnknownProgrammeError(f"项目 {programme} 在 {as_of.isoformat()} 没有生效的规则包")
    return max(in_force, key=_start)


def packs_in_force(
    as_of: dt.date, *, region_code: str | None = None, questionnaires: bool = False
) -> list[Pack]:
    """The pack in force at ``as_of`` for every programme that has one.

    A provincial overlay (a pack with a ``region``) is included only for a ``region_code`` inside that
    region. Programmes that score a questionnaire (数字化水平评测) are left out unless ``questionnaires``
    is true: the enterprise record does not carry their answers, so on a record they could only say unknown.
    """
    result = []
    for info in programmes():
        try:
            pack = pack_for(info.id, as_of)
        except UnknownProgrammeError:
            continue
        if pack.reads_questionnaire and not questionnaires:
            continue
        if pack.region is not None and not (region_code or "").startswith(pack.region):
            continue
        result.append(pack)
    return result


def reload() -> None:
    """Forget loaded packs (after pack files changed)."""
    _load.cache_clear()


__all__ += ["PackLoadError", "reload"]
