"""Records (mappings of flat field ids) to an Arrow table for a batch run.

Examples:
    >>> records_to_arrow([{"uscc": "A", "revenue_y1": 10}, {"uscc": "B", "main_product_field": ["other"]}]).to_pylist()
    [{'uscc': 'A', 'revenue_y1': 10.0, 'main_product_field': None}, {'uscc': 'B', 'revenue_y1': None, 'main_product_field': 'other'}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from littlegiant.batch.xlsx import rows_to_arrow

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["records_to_arrow"]


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(sorted(str(item) for item in value))
    return value


def records_to_arrow(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    """One column per key seen in any record; numbers → float64, booleans → bool, else text."""
    header: dict[str, None] = {}
    for record in records:
        header.update(dict.fromkeys(record))
    names = list(header)
    rows = [[_flat(record.get(name)) for name in names] for record in records]
    return rows_to_arrow(names, rows)
