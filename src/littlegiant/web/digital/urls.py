"""Pages of the digital-maturity assessment."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.digital import uploading, views

app_name = "digital"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/<str:uscc>/", views.start, name="start"),
    path("assessments/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("assessments/<int:pk>/result/", views.result, name="result"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/compare/", views.campaign_compare, name="compare"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="export"),
    path("upload/", uploading.upload, name="upload"),
    path("upload/template.xlsx", uploading.upload_template, name="upload_template"),
    path("upload/<str:job_id>/", uploading.upload_preview, name="upload_preview"),
    path("upload/<str:job_id>/results.xlsx", uploading.upload_results, name="upload_results"),
    path("upload/<str:job_id>/confirm/", uploading.upload_confirm, name="upload_confirm"),
]
