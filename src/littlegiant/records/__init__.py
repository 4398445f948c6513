"""The enterprise record: fields, archive tables, codes (USCC, GB/T 2260, GB/T 4754) and validation."""

# fields must load before questionnaires: fields.py reads the questionnaire inputs at its end.
from littlegiant.records import fields as fields
