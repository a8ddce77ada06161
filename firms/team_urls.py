"""The firm's team: members and invitations. Part of the `firms` namespace (firms/urls.py
includes these patterns)."""

from __future__ import annotations

from django.urls import path

from .views import team

urlpatterns = [
    path("firms/<int:pk>/team/", team.firm_team, name="firm-team"),
    path("firms/<int:pk>/team/invite/", team.firm_team_invite, name="firm-team-invite"),
    path(
        "firms/<int:pk>/team/invitations/<int:invitation_pk>/withdraw/",
        team.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path(
        "firms/<int:pk>/team/members/<int:membership_pk>/remove/",
        team.firm_member_remove,
        name="firm-member-remove",
    ),
    path(
        "firms/<int:pk>/team/members/<int:membership_pk>/make-owner/",
        team.firm_ownership_transfer,
        name="firm-ownership-transfer",
    ),
    path("firms/<int:pk>/team/leave/", team.firm_leave, name="firm-leave"),
    path("firms/invitations/<str:token>/", team.invitation_accept, name="invitation-accept"),
]
