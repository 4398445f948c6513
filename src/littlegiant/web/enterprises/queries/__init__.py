"""Read models of the growth archive for pages, the API and exports, scoped by the permission layer.

``listing`` (the filtered list), ``profile`` (what the profile shows), ``history`` (who changed what),
``records`` (the flat records the rules engine reads), ``archive_rows`` (rows for the Excel export).
"""
