"""Names for the codes an archive stores: regions (GB/T 2260) and industries (GB/T 4754-2017).

Pages show names, not bare codes; lookups are in-memory tables (``littlegiant.records.codes``),
so showing a name never costs a database query.
"""

from __future__ import annotations

from littlegiant.records import codes

__all__ = [
    "industry_label",
    "industry_name",
    "region_label",
    "region_name",
    "region_options",
    "region_short",
]


def region_name(code: str | None) -> str:
    """``浙江省杭州市西湖区`` for ``330106``; the code itself when unknown, '' when empty."""
    if not code:
        return ""
    path = codes.region_path(code)
    return "".join(path) if path else code


def region_short(code: str | None) -> str:
    """The last two levels, as a list column shows them: ``杭州市西湖区`` (``北京市东城区``)."""
    if not code:
        return ""
    path = codes.region_path(code)
    return "".join(path[-2:]) if path else code


def region_label(code: str | None) -> str:
    """The name with the code after it, as the profile shows it: ``浙江省杭州市西湖区（330106）``."""
    if not code:
        return "—"
    name = region_name(code)
    return f"{name}（{code}）" if name != code else f"{code}（代码表中未找到）"


def industry_name(code: str | None) -> str:
    """``电子专用材料制造`` for ``C3985``; the code itself when unknown, '' when empty."""
    if not code:
        return ""
    found = codes.industry(code)
    return found.name if found is not None else code


def industry_label(code: str | None) -> str:
    """The industry with its code and section: ``C3985 电子专用材料制造（制造业）``."""
    if not code:
        return "—"
    found = codes.industry(code)
    if found is None:
        return f"{code}（代码表中未找到）"
    section = codes.industry(found.section)
    if section is None or found.level == "section":
        return f"{found.full_code} {found.name}"
    return f"{found.full_code} {found.name}（{section.name}）"


def _ancestors(code: str) -> list[str]:
    chain: list[str] = []
    current = codes.region(code)
    while current is not None:
        chain.append(current.code)
        current = codes.region(current.parent) if current.parent else None
    return chain[::-1] or [code]


def region_options(region_codes: list[str]) -> list[tuple[str, str]]:
    """Filter options for the given codes and the divisions above them (province, city), indented
    by level and named: ``("330100", "　杭州市")``. Placeholder levels (市辖区) are left out."""
    wanted: set[str] = set()
    for code in region_codes:
        wanted.update(_ancestors(code))
    options = []
    for code in sorted(wanted):
        region = codes.region(code)
        if region is None:
            options.append((code, f"{code}（未知地区）"))
        elif region.name not in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
            depth = {"province": 0, "city": 1}.get(region.level, 2)
            options.append((code, "\u3000" * depth + region.name))
    return options
