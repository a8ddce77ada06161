from __future__ import annotations

from django.urls import path

from . import lead_views, match_views, meeting_views, mou_views

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
    path("leads/", lead_views.lead_list, name="lead-list"),
    path("leads/board/", lead_views.lead_board, name="lead-board"),
    path("leads/overdue/", lead_views.lead_overdue, name="lead-overdue"),
    path("leads/new/", lead_views.lead_create, name="lead-create"),
    path("leads/<str:reference>/", lead_views.lead_detail, name="lead-detail"),
    path("leads/<str:reference>/edit/", lead_views.lead_edit, name="lead-edit"),
    path("leads/<str:reference>/move/", lead_views.lead_move, name="lead-move"),
    path("leads/<str:reference>/activities/", lead_views.activity_add, name="lead-activity-add"),
    path("leads/<str:reference>/convert/", lead_views.lead_convert, name="lead-convert"),
    path("meetings/", meeting_views.meeting_list, name="meeting-list"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("meetings/calendar.ics", meeting_views.calendar_ics_download, name="meeting-calendar"),
    path("meetings/time-zone/", meeting_views.time_zone_set, name="meeting-time-zone"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/accept/", meeting_views.meeting_accept, name="meeting-accept"),
    path("meetings/<int:pk>/decline/", meeting_views.meeting_decline, name="meeting-decline"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/meeting.ics", meeting_views.meeting_ics_download, name="meeting-ics"),
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
