"""Every write of the assessments app, each with its acting ``user`` and permission check.

``save_assessment`` stores one verdict; ``start_evaluation_run`` re-evaluates a user's pool under two
versions of a programme as a background job (and refreshes the size classes it computes).
"""

from __future__ import annotations

from littlegiant.web.assessments.services.assessments import save_assessment
from littlegiant.web.assessments.services.runs import RunInputError, start_evaluation_run

__all__ = ["RunInputError", "save_assessment", "start_evaluation_run"]
