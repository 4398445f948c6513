"""Pages of the assessments app (the 评价 tab itself lives on the enterprise profile)."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.assessments import views

app_name = "assessments"

urlpatterns = [
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/export/", views.candidates_export, name="candidates_export"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/export/", views.run_export, name="run_export"),
    path("enterprises/<str:uscc>/what-if/", views.what_if, name="what_if"),
    path("enterprises/<str:uscc>/save/", views.save, name="save"),
]
