"""The pack registry: every pack under ``littlegiant/criteria``, loaded once, in two namespaces.

* **programmes** — ``criteria/<programme>/<version>/``: the tier programmes, chosen by the version in
  force at a date (:func:`pack_for`, :func:`packs_in_force`);
* **policies** — ``criteria/policies/<id>/<version>/``: policy and financing-product eligibility packs,
  named by the catalog as ``<id>@<version>`` or ``<id>`` (newest version) (:func:`policy_pack`).

Examples:
    >>> import datetime as dt
    >>> pack_for("innovative_sme", dt.date(2025, 6, 30)).version
    '2022'
    >>> "sme_size" in [p.id for p in programmes()]
    True
    >>> policy_pack("zjtx_reward").key, policy_pack("zjtx_reward@2025") is policy_pack("zjtx_reward")
    ('zjtx_reward@2025', True)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import littlegiant.criteria
from littlegiant.rules.errors import PackLoadError, UnknownProgrammeError
from littlegiant.rules.load import load_pack
from littlegiant.rules.pack import Pack

__all__ = [
    "Namespace",
    "PackLoadError",
    "ProgrammeInfo",
    "all_packs",
    "criteria_root",
    "every_pack",
    "load_registered",
    "pack_dirs",
    "pack_for",
    "packs_in_force",
    "policy_pack",
    "policy_packs",
    "programmes",
    "reload",
]


class Namespace(StrEnum):
    """Where a pack lives under ``criteria/``: the folder below it (none for programmes)."""

    PROGRAMMES = ""
    POLICIES = "policies"


@dataclass(frozen=True, slots=True)
class ProgrammeInfo:
    """A programme and its pack versions (oldest first)."""

    id: str
    title: str
    versions: tuple[str, ...]


def criteria_root() -> Path:
    """The folder holding ``<programme>/<version>/pack.yaml`` (and ``policies/<id>/<version>/``)."""
    return Path(littlegiant.criteria.__file__).parent


def _root(namespace: Namespace) -> Path:
    return criteria_root() / namespace.value if namespace.value else criteria_root()


def pack_dirs(namespace: Namespace = Namespace.PROGRAMMES) -> list[Path]:
    """The folders of every pack of ``namespace``, sorted."""
    return sorted(path.parent for path in _root(namespace).glob("*/*/pack.yaml"))


@cache
def load_registered(namespace: Namespace, pack_id: str, version: str) -> Pack:
    """The pack ``<pack_id>@<version>`` of ``namespace``, loaded once per process.

    An overlay's base is looked up in the overlay's namespace, then among the programmes.

    Raises:
        UnknownProgrammeError: no such pack.
        PackLoadError: the pack is malformed.
    """
    path = _root(namespace) / pack_id / version
    if not (path / "pack.yaml").exists():
        raise UnknownProgrammeError(f"没有项目 {pack_id} 的 {version} 版规则包")

    def base(base_id: str, base_version: str) -> Pack:
        own = _root(namespace) / base_id / base_version / "pack.yaml"
        where = namespace if own.exists() else Namespace.PROGRAMMES
        return load_registered(where, base_id, base_version)

    return load_pack(path, load_base=base)


def _load(programme: str, version: str) -> Pack:
    return load_registered(Namespace.PROGRAMMES, programme, version)


def all_packs() -> list[Pack]:
    """Every programme pack, loaded (cached).

    Raises:
        PackLoadError: a pack is malformed.
    """
    return [_load(path.parent.name, path.name) for path in pack_dirs()]


def policy_packs() -> list[Pack]:
    """Every policy and product pack, loaded (cached).

    Raises:
        PackLoadError: a pack is malformed.
    """
    dirs = pack_dirs(Namespace.POLICIES)
    return [load_registered(Namespace.POLICIES, p.parent.name, p.name) for p in dirs]


def every_pack() -> list[Pack]:
    """Every pack of every namespace: programmes first, then policies.

    Raises:
        PackLoadError: a pack is malformed.
    """
    return [*all_packs(), *policy_packs()]


def policy_pack(ref: str) -> Pack:
    """The policy pack a catalog entry names (``id@version``, or ``id`` for its newest version).

    Raises:
        UnknownProgrammeError: no such pack.
    """
    pack_id, _, version = ref.strip().partition("@")
    folder = _root(Namespace.POLICIES) / pack_id
    versions = sorted(p.name for p in folder.glob("*") if (p / "pack.yaml").exists())
    chosen = version or (versions[-1] if versions else "")
    if not chosen or chosen not in versions:
        raise UnknownProgrammeError(
            f"找不到申报条件规则包「{ref}」（应位于 criteria/policies/<编号>/<版本>/）"
        )
    return load_registered(Namespace.POLICIES, pack_id, chosen)


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
        title = candidates[-1].title
        raise UnknownProgrammeError(
            f"「{title}」在 {as_of.isoformat()} 没有生效的规则包（{programme}）"
        )
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
    load_registered.cache_clear()
