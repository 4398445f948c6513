"""The enterprise record: fields, archive tables, codes (USCC, GB/T 2260, GB/T 4754) and validation."""
