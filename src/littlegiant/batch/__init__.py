"""Batch runs: compiled packs over tables (CSV, XLSX, Parquet, Arrow, DuckDB tables) on DuckDB."""

from __future__ import annotations

from littlegiant.batch.run import BatchError, batch_query, run

__all__ = ["BatchError", "batch_query", "run"]
