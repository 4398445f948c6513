"""The audit administrator's page."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.audit import views

app_name = "audit"

urlpatterns = [path("", views.audit_log, name="log")]
