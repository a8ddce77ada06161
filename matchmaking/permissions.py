"""Who may see or do what in matchmaking: the only place that decides.

Pages, downloads, the API and the services all ask these functions. An MoU the user may not
see answers 404 (its existence is not revealed); an action they may not take is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from emining.permissions import is_official, is_official_of, is_partner_system
from firms.permissions import is_verified_firm_member, membership_of

from .models import Lead, MeetingRequest, MoU, MoUParty

if TYPE_CHECKING:
    from emining.permissions import AnyUser


# --- MoUs ------------------------------------------------------------------------------------


def visible_mous_condition(user: AnyUser) -> Q:
    """Officials see every MoU (drafts too: the registry is national). Everyone else sees the
    public MoUs once signed, and members of a party firm also the confidential ones of their
    firm (not drafts)."""
    if is_official(user):
        return Q()
    condition = Q(is_public=True)
    membership = membership_of(user)
    if membership is not None:
        condition |= Exists(
            MoUParty.objects.filter(mou_id=OuterRef("pk"), firm_id=membership.firm_id)
        )
    return condition & ~Q(status=MoU.Status.DRAFT)


def mous_visible_to(user: AnyUser, queryset: QuerySet[MoU] | None = None) -> QuerySet[MoU]:
    queryset = MoU.objects.all() if queryset is None else queryset
    return queryset.filter(visible_mous_condition(user))


def may_create_mou(user: AnyUser) -> bool:
    return is_official(user)


def may_manage_mou(user: AnyUser, mou: MoU) -> bool:
    """Edit, change the status, add milestones and documents: officials of the agency that
    recorded the MoU."""
    return is_official_of(user, mou.agency)


# --- Investment leads ------------------------------------------------------------------------
#
# The pipeline is national, like the MoU registry: every official sees and works every lead
# (the owner is whom the lead is assigned to, not a lock). The members of a lead's firm see it
# without what is internal (internal activities, the next action, the estimated value, the
# reason it was lost) and change nothing. Everyone else: a 404.


def visible_leads_condition(user: AnyUser) -> Q | None:
    """The leads this user may see as a `Q`, or None for none at all."""
    if is_official(user):
        return Q()
    membership = membership_of(user)
    if membership is not None:
        return Q(firm_id=membership.firm_id)
    return None


def leads_visible_to(user: AnyUser, queryset: QuerySet[Lead] | None = None) -> QuerySet[Lead]:
    queryset = Lead.objects.all() if queryset is None else queryset
    condition = visible_leads_condition(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def may_see_internal_lead_details(user: AnyUser) -> bool:
    """Internal activities, the next action, the estimated value and the lost reason."""
    return is_official(user)


def may_manage_leads(user: AnyUser) -> bool:
    """Record, edit, move, annotate and convert leads: officials."""
    return is_official(user)


def may_create_lead(user: AnyUser) -> bool:
    """Officials, and partner systems holding `matchmaking.add_lead` (the `leads:write` scope
    until partner keys carry scopes): a forum's registration system may pass on leads."""
    if is_official(user):
        return True
    return is_partner_system(user) and user.has_perm("matchmaking.add_lead")


def may_own_leads(user: AnyUser) -> bool:
    return is_official(user)


# --- B2B meetings ----------------------------------------------------------------------------
#
# A meeting request is seen by its two sides only: the members of the requesting firm, and
# the members of the invited firm or the officials of the invited agency. Everyone else
# (other officials too: a meeting is the parties' business) gets a 404.


def visible_meetings_condition(user: AnyUser) -> Q | None:
    """The meeting requests this user may see as a `Q`, or None for none at all."""
    if is_official(user):
        return Q(invitee_agency_id=user.agency_id)
    membership = membership_of(user)
    if membership is not None:
        return Q(requester_firm_id=membership.firm_id) | Q(invitee_firm_id=membership.firm_id)
    return None


def meetings_visible_to(
    user: AnyUser, queryset: QuerySet[MeetingRequest] | None = None
) -> QuerySet[MeetingRequest]:
    queryset = MeetingRequest.objects.all() if queryset is None else queryset
    condition = visible_meetings_condition(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def may_use_meetings(user: AnyUser) -> bool:
    """Who has a meetings calendar: firm members (of any firm) and officials."""
    return is_official(user) or membership_of(user) is not None


def may_request_meeting(user: AnyUser) -> bool:
    """Members of a verified firm ask for meetings; officials are asked, they do not ask."""
    return is_verified_firm_member(user)


def is_requester_side(user: AnyUser, meeting: MeetingRequest) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.firm_id == meeting.requester_firm_id


def is_invitee_side(user: AnyUser, meeting: MeetingRequest) -> bool:
    if meeting.invitee_agency_id is not None:
        return is_official(user) and user.agency_id == meeting.invitee_agency_id
    membership = membership_of(user)
    return membership is not None and membership.firm_id == meeting.invitee_firm_id


def may_answer_meeting(user: AnyUser, meeting: MeetingRequest) -> bool:
    """Accept a slot or decline: the invited side, while the request waits for an answer."""
    return meeting.status == MeetingRequest.Status.REQUESTED and is_invitee_side(user, meeting)


def may_cancel_meeting(user: AnyUser, meeting: MeetingRequest) -> bool:
    """Either side, before or after acceptance."""
    return meeting.may_become(MeetingRequest.Status.CANCELLED) and (
        is_requester_side(user, meeting) or is_invitee_side(user, meeting)
    )
