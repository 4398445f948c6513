"""The 数字化水平评测 (digital-maturity assessment) domain, framework-free.

- :mod:`~littlegiant.digital.questionnaire`: dimensions, questions and scenes of the 2024 indicator set;
- :mod:`~littlegiant.digital.answers`: reading and checking answers (JSON, a form, a sheet row);
- :mod:`~littlegiant.digital.scoring`: score, level, dimension subtotals and scene ratings with the
  ``digital_level`` pack;
- :mod:`~littlegiant.digital.path`: the fewest answer changes to the next level;
- :mod:`~littlegiant.digital.rows`: scoring many firms' answers at once, with located problems.

The answers rules read are record fields (:mod:`littlegiant.records.questionnaires`); answer sheets
are read and written by :mod:`littlegiant.io.digital_sheets`.
"""
