"""The REST API's router: every app's viewsets under /api/v1/."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from emining.dashboard.api import StatsView
from emining.rest.auth import CurrentUserView, ObtainTokenView, RevokeTokenView
from firms.api.views import FirmViewSet
from matchmaking.api.lead_views import LeadViewSet
from matchmaking.api.match_views import MatchListView
from matchmaking.api.mou_views import MoUViewSet
from minerals.api.views import MineralViewSet, RegionViewSet
from projects.api.bids import AwardViewSet, BidViewSet
from projects.api.clarifications import ClarificationViewSet, ProjectClarificationViewSet
from projects.api.views import REFERENCE_PATTERN, ProjectViewSet

router = DefaultRouter()
router.register("minerals", MineralViewSet, basename="mineral")
router.register("regions", RegionViewSet, basename="region")
router.register("projects", ProjectViewSet, basename="project")
router.register("bids", BidViewSet, basename="bid")
router.register("awards", AwardViewSet, basename="award")
router.register(
    rf"projects/(?P<reference>{REFERENCE_PATTERN})/clarifications",
    ProjectClarificationViewSet,
    basename="project-clarification",
)
router.register("clarifications", ClarificationViewSet, basename="clarification")
router.register("firms", FirmViewSet, basename="firm")
router.register("mous", MoUViewSet, basename="mou")
router.register("leads", LeadViewSet, basename="lead")

urlpatterns = [
    path("v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("v1/auth/logout/", RevokeTokenView.as_view(), name="api-logout"),
    path("v1/me/", CurrentUserView.as_view(), name="api-me"),
    path("v1/matches/", MatchListView.as_view(), name="api-matches"),
    path("v1/stats/", StatsView.as_view(), name="api-stats"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the CSP needs no inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
