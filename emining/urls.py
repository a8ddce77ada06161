"""URLs: pages under a language prefix (/en/, /zh-hans/, /ur/); API, probes and admin without."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emining import language_switch, views
from emining.opendata import views as opendata_views
from projects.opendata import views as projects_opendata_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/setlang/", language_switch.set_language, name="set_language"),
    path("api/", include("emining.api")),
    # Open-data files: the same bytes in every language, so outside the language prefix.
    path("opendata/ocds.json", projects_opendata_views.ocds_bulk, name="opendata-ocds"),
    path("opendata/audit-head.json", opendata_views.audit_head, name="opendata-audit-head"),
    path("opendata/<slug:name>.<str:fmt>", opendata_views.export, name="opendata-export"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        views.PortalPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("emining.accounts.urls")),
    path("", include("emining.notifications.urls")),
    path("", include("minerals.urls")),
    path("", include("projects.urls")),
    path("", include("firms.urls")),
    path("", include("matchmaking.urls")),
    path("admin/", admin.site.urls),
    path("opendata/", opendata_views.index, name="opendata"),
    path("", include("emining.dashboard.urls")),
    prefix_default_language=True,
)

handler400 = "emining.views.bad_request"
handler403 = "emining.views.permission_denied"
handler404 = "emining.views.page_not_found"
handler500 = "emining.views.server_error"
