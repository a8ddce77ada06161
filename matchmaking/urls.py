from __future__ import annotations

from django.urls import path

from . import match_views, mou_views

app_name = "matchmaking"

urlpatterns = [
    path("matches/", match_views.recommendations, name="recommendations"),
    path("matches/<str:reference>/feedback/", match_views.feedback, name="match-feedback"),
    path(
        "projects/<str:reference>/investors/",
        match_views.likely_investors,
        name="likely-investors",
    ),
    path(
        "projects/<str:reference>/investors/<int:firm_id>/invite/",
        match_views.invite,
        name="invite-to-bid",
    ),
    path("mous/", mou_views.mou_list, name="mou-list"),
    path("mous/new/", mou_views.mou_create, name="mou-create"),
    path("mous/<str:reference>/", mou_views.mou_detail, name="mou-detail"),
    path("mous/<str:reference>/edit/", mou_views.mou_edit, name="mou-edit"),
    path("mous/<str:reference>/status/", mou_views.mou_transition, name="mou-transition"),
    path("mous/<str:reference>/milestones/", mou_views.milestone_add, name="mou-milestone-add"),
    path(
        "mous/<str:reference>/milestones/<int:pk>/complete/",
        mou_views.milestone_complete,
        name="mou-milestone-complete",
    ),
    path(
        "mous/<str:reference>/documents/new/",
        mou_views.document_upload,
        name="mou-document-upload",
    ),
    path(
        "mous/<str:reference>/documents/<int:pk>/",
        mou_views.document_download,
        name="mou-document-download",
    ),
]
