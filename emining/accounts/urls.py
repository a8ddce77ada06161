"""Account pages, included under the language prefix by `emining/urls.py`."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/email/", views.signup_done, name="signup-done"),
    path(
        "accounts/email/confirm/<str:uidb64>/<str:token>/",
        views.email_confirm,
        name="email-confirm",
    ),
    path("accounts/email/resend/", views.email_confirm_resend, name="email-confirm-resend"),
    path(
        "accounts/password/reset/",
        views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<str:uidb64>/<str:token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
