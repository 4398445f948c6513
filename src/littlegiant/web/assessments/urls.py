"""Pages of the assessments app (the 评价 tab itself lives on the enterprise profile)."""

from __future__ import annotations

from django.urls import path

from littlegiant.web import inputs  # noqa: F401 - registers the <pk:…> converter
from littlegiant.web.assessments.views import candidates, evaluation, runs

app_name = "assessments"

urlpatterns = [
    path("candidates/", candidates.candidates, name="candidates"),
    path("candidates/export/", candidates.candidates_export, name="candidates_export"),
    path("runs/", runs.runs, name="runs"),
    path("runs/<pk:pk>/", runs.run_detail, name="run"),
    path("runs/<pk:pk>/progress/", runs.run_progress, name="run_progress"),
    path("runs/<pk:pk>/export/", runs.run_export, name="run_export"),
    path("enterprises/<str:uscc>/what-if/", evaluation.what_if, name="what_if"),
    path("enterprises/<str:uscc>/save/", evaluation.save, name="save"),
]
