"""Every write of the digital-maturity app, each with its acting ``user`` and permission check.

``assessments``: start, save and submit a questionnaire (the level goes into the archive);
``campaigns``: officials' rounds and their firms; ``uploads``: answer sheets checked as a background
job and stored on confirmation.
"""

from __future__ import annotations

from littlegiant.web.digital.services.assessments import (
    save_draft,
    start_assessment,
    submit_assessment,
    submit_open_assessment,
)
from littlegiant.web.digital.services.campaigns import assign_enterprises, create_campaign
from littlegiant.web.digital.services.uploads import (
    SHOWN_ROWS,
    UPLOAD_JOB,
    SheetStoreOutcome,
    confirm_sheet,
    start_sheet_check,
    store_sheet_rows,
)

__all__ = [
    "SHOWN_ROWS",
    "UPLOAD_JOB",
    "SheetStoreOutcome",
    "assign_enterprises",
    "confirm_sheet",
    "create_campaign",
    "save_draft",
    "start_assessment",
    "start_sheet_check",
    "store_sheet_rows",
    "submit_assessment",
    "submit_open_assessment",
]
