"""Validating a whole table of flat records at once, with the outcome of the per-row path.

:func:`validate_table` (:mod:`~littlegiant.batch.validation.table`) reads every column with
vectorised kernels (``_values``: numbers, booleans, dates; ``_codes``: text, choices and the USCC,
region and industry codes) over cell states (``_cells``, ``_text``), and hands the cells they cannot
decide to :func:`littlegiant.records.values.parse_value`; ``_problems`` words each problem, when read,
with the record's own error class. Only public names of :mod:`littlegiant.records` are used, so the
record stays the one definition of every rule.
"""

from littlegiant.batch.validation.table import RowProblems, read_table, validate_table

__all__ = ["RowProblems", "read_table", "validate_table"]
