"""The Excel download of a catalog: Chinese labels on row 1, column ids on a muted row 2, choices as labels.

The catalog importer reads this file back as is (``matching.catalog_files.read_catalog_file``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from littlegiant.matching.catalog_files import export_table
from littlegiant.matching.catalogs import Catalog

__all__ = ["catalog_workbook"]


def catalog_workbook(catalog: Catalog, rows: Sequence[dict[str, Any]]) -> bytes:
    """One sheet named after the catalog, re-importable."""
    from openpyxl import Workbook

    from littlegiant.io.table_sheet import add_table_sheet

    labels, ids, cells = export_table(catalog, rows)
    workbook = Workbook()
    add_table_sheet(workbook, catalog.label, labels, cells, ids=ids)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
