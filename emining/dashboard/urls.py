from __future__ import annotations

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.public_dashboard, name="public"),
    path("dashboard/internal/", views.internal_dashboard, name="internal"),
]
