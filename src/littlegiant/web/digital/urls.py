"""Pages of the digital-maturity assessment."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.digital import views

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
]
