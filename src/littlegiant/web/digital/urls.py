"""Pages of the digital-maturity assessment."""

from __future__ import annotations

from django.urls import path

from littlegiant.web import inputs  # noqa: F401 - registers the <pk:…> converter
from littlegiant.web.digital.views import campaigns, questionnaire, uploads

app_name = "digital"

urlpatterns = [
    path("", questionnaire.index, name="index"),
    path("start/<str:uscc>/", questionnaire.start, name="start"),
    path("assessments/<pk:pk>/", questionnaire.questionnaire, name="questionnaire"),
    path("assessments/<pk:pk>/result/", questionnaire.result, name="result"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<pk:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<pk:pk>/compare/", campaigns.campaign_compare, name="compare"),
    path("campaigns/<pk:pk>/export.xlsx", campaigns.campaign_export, name="export"),
    path("upload/", uploads.upload, name="upload"),
    path("upload/template.xlsx", uploads.upload_template, name="upload_template"),
    path("upload/<str:job_id>/", uploads.upload_preview, name="upload_preview"),
    path("upload/<str:job_id>/results.xlsx", uploads.upload_results, name="upload_results"),
    path("upload/<str:job_id>/confirm/", uploads.upload_confirm, name="upload_confirm"),
]
