"""Login, logout, the second factor, password change and the security administrator's page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from littlegiant.web.accounts import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/setup/", views.mfa_setup, name="mfa_setup"),
    path("2fa/verify/", views.mfa_verify, name="mfa_verify"),
    path("2fa/disable/", views.mfa_disable, name="mfa_disable"),
    path("security/", views.my_security, name="my_security"),
    path("password/", views.password_change, name="password_change"),
    path("admin-security/", views.security_admin, name="security_admin"),
]
