"""Split firms into the archive tables' rows, keyed exactly by each table's column ids.

Only what the archive stores is written: the facts that follow from the rows on a date (title flags,
award ranks, certificates, standards) are the archive's to derive (:mod:`littlegiant.records.derive`).
"""

from __future__ import annotations

from datetime import date

from littlegiant.demo.model import YEARS, Firm
from littlegiant.records.tables import TABLES

__all__ = ["table_rows"]


def _firm_values(firm: Firm) -> dict[str, object]:
    return {
        "uscc": firm.uscc,
        "name": firm.name,
        "region_code": firm.region_code,
        "industry_code": firm.industry.code,
        "established_on": firm.established_on,
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
        values = _firm_values(firm)
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
