"""Split firms into the archive tables' rows, keyed exactly by each table's column ids."""

from __future__ import annotations

from datetime import date

from littlegiant.io.demo.model import YEARS, Firm
from littlegiant.records.tables import TABLES, TITLE_KINDS

__all__ = ["derived_facts", "table_rows"]

_AWARD_RANK_FACTS = {
    "national_sci_tech": "national_award_rank",
    "provincial_sci_tech": "provincial_award_rank",
    "makers_china": "makers_china_rank",
}


def _in_force(row: dict[str, object], as_of: date) -> bool:
    issued, expires = row["issued_on"], row["expires_on"]
    return isinstance(issued, date) and isinstance(expires, date) and issued <= as_of <= expires


def derived_facts(firm: Firm, as_of: date) -> dict[str, object]:
    """Record facts that follow from the firm's rows: title flags, award ranks, certificates."""
    held = {str(row["title"]) for row in firm.titles if _in_force(row, as_of)}
    derived: dict[str, object] = {kind: kind in held for kind, _ in TITLE_KINDS}
    recent = [row for row in firm.awards if as_of.year - 3 <= int(row["year"]) < as_of.year]  # type: ignore[call-overload]
    for kind, fact in _AWARD_RANK_FACTS.items():
        ranks = [int(row["rank"]) for row in recent if row["award"] == kind]  # type: ignore[call-overload]
        derived[fact] = min(ranks) if ranks else None
    certificates = {
        str(row["certification"]) for row in firm.certifications if _in_force(row, as_of)
    }
    derived["quality_award_provincial"] = any(row["award"] == "quality_award" for row in recent)
    derived["quality_cert"] = "quality_management" in certificates
    derived["foreign_product_cert"] = "foreign_product" in certificates
    derived["standards_count"] = len(firm.standards)
    derived["led_standard_setting"] = any(
        row["role"] == "lead"
        and row["standard_level"] in {"international", "national", "industry"}
        and as_of.year - 5 <= int(row["year"])  # type: ignore[call-overload]
        for row in firm.standards
    )
    return derived


def _firm_values(firm: Firm, as_of: date) -> dict[str, object]:
    return {
        "uscc": firm.uscc,
        "name": firm.name,
        "region_code": firm.region_code,
        "industry_code": firm.industry.code,
        "established_on": firm.established_on,
        **derived_facts(firm, as_of),
        **firm.facts,
    }


def _yearly_rows(firm: Firm, as_of: date) -> list[dict[str, object]]:
    rows = []
    for k in reversed(range(YEARS)):
        if firm.present[k]:
            row: dict[str, object] = {"uscc": firm.uscc, "fiscal_year": as_of.year - 1 - k}
            row.update((field_id, values[k]) for field_id, values in firm.yearly.items())
            rows.append(row)
    return rows


def table_rows(firms: list[Firm], as_of: date) -> dict[str, list[dict[str, object]]]:
    """Rows per table id; every row has exactly the table's column ids (unknown values are None)."""
    columns = {table.id: table.column_ids for table in TABLES}
    tables: dict[str, list[dict[str, object]]] = {table.id: [] for table in TABLES}

    def add(table_id: str, values: dict[str, object]) -> None:
        if table_id in tables:
            tables[table_id].append({column: values.get(column) for column in columns[table_id]})

    for firm in firms:
        values = _firm_values(firm, as_of)
        add("enterprise", values)
        add("ip", values)
        for row in _yearly_rows(firm, as_of):
            add("yearly", row)
        for table_id, rows in (
            ("titles", firm.titles),
            ("awards", firm.awards),
            ("certifications", firm.certifications),
            ("standards", firm.standards),
            ("contacts", firm.contacts),
        ):
            for row in rows:
                add(table_id, row)
    return tables
