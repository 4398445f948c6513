"""The demo catalog of ``littlegiant demo``: achievements, needs, policies and products for the demo district.

The data are versioned CSV files in ``littlegiant/matching/data/demo/`` (the catalog import format, so
``littlegiant catalog import`` reads them as well). They are loaded through the catalog services, only
when every catalog is empty, and the search indexes are brought up to date.

Each need names a firm of the default demo district (``--seed 20240601 --n 3000``) by its USCC. A
smaller or differently seeded demo has other firms: a need whose firm is not in the archive moves, in
file order, to the first firm by USCC of the same industry class (four digits, then the division, then
the section), demo district first, each firm taking one moved need; a need finding no firm is left out.

Django and the catalog services load inside the functions (the CLI's ``--help`` stays fast).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CATALOG_ORDER",
    "DemoCatalogReport",
    "demo_catalog_dir",
    "load_demo_catalog",
    "read_demo_catalog",
]

CATALOG_ORDER = ("achievements", "policies", "products", "needs")
"""Load order: needs last, so that their firms are looked up once the archive holds the demo district."""


@dataclass(frozen=True, slots=True)
class DemoCatalogReport:
    """What the demo catalog load did: entries per catalog, and needs moved to another firm or left out."""

    counts: dict[str, int]
    moved: int = 0
    dropped: int = 0


def demo_catalog_dir() -> Path:
    """The folder of the demo catalog files (``<catalog id>.csv``)."""
    import littlegiant.matching.data

    return Path(littlegiant.matching.data.__file__).parent / "demo"


def read_demo_catalog(folder: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every demo catalog file, validated as ``littlegiant catalog import`` validates it."""
    from littlegiant.matching import CATALOGS_BY_ID
    from littlegiant.matching.catalog_files import read_catalog_file

    folder = folder or demo_catalog_dir()
    return {
        cid: read_catalog_file(CATALOGS_BY_ID[cid], folder / f"{cid}.csv") for cid in CATALOG_ORDER
    }


def _industry_keys(code: str) -> tuple[str, ...]:
    """The industry code and its coarser classes, finest first: C3985 -> (C3985, C39, C)."""
    code = code.strip().upper()
    return tuple(dict.fromkeys(k for k in (code, code[:3], code[:1]) if k))


def _firms_by_industry(
    firms: Iterable[tuple[str, str, str]], district: str
) -> dict[str, list[str]]:
    """USCCs per industry class (code, division, section), the demo district's firms first, then by USCC."""
    ordered = sorted(firms, key=lambda f: (f[2] != district, f[0]))
    by_class: dict[str, list[str]] = {}
    for uscc, industry, _ in ordered:
        for key in _industry_keys(industry or ""):
            by_class.setdefault(key, []).append(uscc)
    return by_class


def _substitute(industry: str, by_class: Mapping[str, list[str]], taken: set[str]) -> str | None:
    for key in _industry_keys(industry):
        for uscc in by_class.get(key, ()):
            if uscc not in taken:
                return uscc
    return None


def attach_needs(
    needs: list[dict[str, Any]], firms: Mapping[str, tuple[str, str]], district: str
) -> tuple[list[dict[str, Any]], int]:
    """The needs with their firms' USCC, industry and region; moved as the module says. Returns (needs, moved).

    ``firms`` maps USCC -> (industry code, region code) of the archive.
    """
    by_class = _firms_by_industry(((u, i, r) for u, (i, r) in firms.items()), district)
    taken = {row["uscc"] for row in needs if row.get("uscc") in firms}
    attached, moved = [], 0
    for row in needs:
        uscc = row.get("uscc") if row.get("uscc") in firms else None
        if uscc is None:
            uscc = _substitute(str(row.get("industry_code") or ""), by_class, taken)
            if uscc is None:
                continue
            taken.add(uscc)
            moved += 1
        industry, region = firms[uscc]
        attached.append(
            {
                **row,
                "uscc": uscc,
                "industry_code": industry or row.get("industry_code"),
                "region_code": region,
            }
        )
    return attached, moved


def _archive_firms() -> dict[str, tuple[str, str]]:
    from littlegiant.web.enterprises.models import Enterprise

    rows = Enterprise.objects.values_list("uscc", "industry_code", "region_code")
    return {uscc: (industry or "", region or "") for uscc, industry, region in rows}


def catalog_is_empty() -> bool:
    """True when no catalog holds any entry (the demo catalog is loaded only then)."""
    from littlegiant.web.catalog.models import MODELS

    return not any(model.objects.exists() for model in MODELS.values())


def load_demo_catalog(district: str, folder: Path | None = None) -> DemoCatalogReport | None:
    """Load the demo catalog when every catalog is empty (None otherwise); all or nothing.

    The indexes are updated as the entries are saved (``services.save_entry``) and opened here, so
    the first search of the server finds them ready.
    """
    from django.db import transaction

    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.catalog import services
    from littlegiant.web.catalog.queries.index import get_index

    if not catalog_is_empty():
        return None
    data = read_demo_catalog(folder)
    needs, moved = attach_needs(data["needs"], _archive_firms(), district)
    dropped = len(data["needs"]) - len(needs)
    data["needs"] = needs
    counts: dict[str, int] = {}
    system = system_user()
    with transaction.atomic():
        for cid in CATALOG_ORDER:
            created, updated = services.import_entries(user=system, catalog_id=cid, rows=data[cid])
            counts[cid] = created + updated
    for cid in CATALOG_ORDER:
        get_index(cid)
    return DemoCatalogReport(counts, moved, dropped)
