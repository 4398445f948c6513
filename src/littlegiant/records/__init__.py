"""The enterprise record: fields, archive tables, codes (USCC, GB/T 2260, GB/T 4754), value reading,
validation, labels and the flat record derived from the archive at a date."""
