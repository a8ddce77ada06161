"""Who may see or do what with mineral projects: the only place that decides.

Pages, API permission classes and services all ask these functions. A project the user may
not see answers 404 (its existence is not revealed); an action they may not take is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from emining.permissions import is_official, is_official_of
from firms.permissions import firm_of, is_verified_firm_member

from .models import Bid, BidParticipant, Clarification, Project, ProjectDocument
from .models.bids import SEALED_STATUSES

if TYPE_CHECKING:
    from emining.permissions import AnyUser

    from .models import AmendmentProposal


def public_projects_condition() -> Q:
    """Published at some point: drafts, projects in review and projects cancelled before
    publication never are."""
    return Q(published_at__isnull=False)


PUBLIC_SCOPE = "public"


def _agency_seen_unpublished(user: AnyUser) -> int | None:
    """The agency whose unpublished projects this user also sees: an official's own."""
    return user.agency_id if is_official(user) else None


def visible_projects_condition(user: AnyUser) -> Q:
    """Everyone sees public projects; the owning agency's officials also see the rest."""
    condition = public_projects_condition()
    agency_id = _agency_seen_unpublished(user)
    if agency_id is not None:
        condition |= Q(agency_id=agency_id)
    return condition


def visibility_scope(user: AnyUser) -> str:
    """What `visible_projects_condition(user)` lets this user see, as text for a cache key:
    users with equal scopes see the same projects, so they may share cached lists."""
    agency_id = _agency_seen_unpublished(user)
    return PUBLIC_SCOPE if agency_id is None else f"{PUBLIC_SCOPE}+agency:{agency_id}"


def projects_visible_to(user: AnyUser, queryset: QuerySet[Project] | None = None):
    queryset = Project.objects.all() if queryset is None else queryset
    return queryset.filter(visible_projects_condition(user))


def may_view_project(user: AnyUser, project: Project) -> bool:
    return project.is_public or is_official_of(user, project.agency)


def may_manage_project(user: AnyUser, project: Project) -> bool:
    """Edit drafts, submit, amend, close, evaluate, cancel, manage documents."""
    return is_official_of(user, project.agency)


def may_create_project(user: AnyUser) -> bool:
    return is_official(user)


def approval_conflict(user: AnyUser, project: Project) -> str:
    """Four eyes: why this official may not approve the project's publication (they created,
    last edited or submitted it), or "" if nothing stands in the way."""
    if project.submitted_by_id is not None and project.submitted_by_id == user.pk:
        return _(
            "Four eyes: you submitted this project, so another official of your agency must "
            "approve it."
        )
    if project.created_by_id == user.pk:
        return _(
            "Four eyes: you created this project, so another official of your agency must "
            "approve it."
        )
    if project.last_edited_by_id is not None and project.last_edited_by_id == user.pk:
        return _(
            "Four eyes: you made the last change to this project, so another official of "
            "your agency must approve it."
        )
    return ""


def may_approve_project(user: AnyUser, project: Project) -> bool:
    """Four eyes: an official of the owning agency other than the one who created, last
    edited or submitted it."""
    return may_manage_project(user, project) and not approval_conflict(user, project)


def may_decide_amendment(user: AnyUser, proposal: AmendmentProposal) -> bool:
    """Four eyes: an amendment waiting for approval is approved (or rejected) by an official of
    the owning agency other than the one who proposed it."""
    return may_manage_project(user, proposal.project) and proposal.created_by_id != user.pk


def may_download_document(user: AnyUser, document: ProjectDocument) -> bool:
    project = document.project
    if may_manage_project(user, project):
        return True
    if not project.is_public:
        return False
    if document.visibility == ProjectDocument.Visibility.PUBLIC:
        return True
    # Restricted documents: officials, and members of firms the portal has verified.
    return is_official(user) or is_verified_firm_member(user)


# --- Bids ------------------------------------------------------------------------------------
# Until the opening a bid exists only for the firms in it: officials (of any agency), other
# firms and administrators see at most how many bids a project received.


def may_bid(user: AnyUser) -> bool:
    """Members of verified firms bid and confirm consortium participation."""
    return is_verified_firm_member(user)


def bids_visible_to(user: AnyUser, queryset: QuerySet[Bid] | None = None) -> QuerySet[Bid]:
    """The bids of the user's firm (as lead or active partner, sealed or not), and for an
    official the opened bids of their agency's projects. Nothing for anyone else."""
    queryset = Bid.objects.all() if queryset is None else queryset
    firm = firm_of(user)
    if firm is not None:
        # A subquery rather than a join: no duplicate rows to remove (DISTINCT), and each
        # side reads its own index.
        partnered = BidParticipant.objects.filter(firm=firm, active=True).values("bid_id")
        return queryset.filter(Q(lead_firm=firm) | Q(pk__in=partnered))
    if is_official(user):
        return queryset.filter(project__agency_id=user.agency_id).exclude(
            status__in=SEALED_STATUSES
        )
    return queryset.none()


def _firm_in_bid(user: AnyUser, bid: Bid) -> bool:
    firm = firm_of(user)
    if firm is None:
        return False
    if bid.lead_firm_id == firm.pk:
        return True
    return any(p.firm_id == firm.pk and p.active for p in bid.participants.all())


def may_view_bid(user: AnyUser, bid: Bid) -> bool:
    """Its firms always; the owning agency's officials once it is opened."""
    if _firm_in_bid(user, bid):
        return True
    return not bid.is_sealed and may_manage_project(user, bid.project)


def may_change_bid(user: AnyUser, bid: Bid) -> bool:
    """Revise or withdraw: members of the lead firm."""
    firm = firm_of(user)
    return firm is not None and firm.pk == bid.lead_firm_id and firm.is_verified


def may_evaluate_bids(user: AnyUser, project: Project) -> bool:
    """Open, score, shortlist and award: officials of the owning agency."""
    return may_manage_project(user, project)


# --- Clarifications ------------------------------------------------------------------------------
#
# Answered questions are public, without the asker; the asking firm also sees its own questions;
# the owning agency's officials see every question with the firm that asked it. Nobody else
# learns that a pending or withdrawn question exists (its URLs answer 404).


def visible_clarifications_condition(user: AnyUser, project: Project) -> Q:
    """The questions of `project` this user may see (ask `may_view_project` first)."""
    if may_manage_project(user, project):
        return Q()
    condition = Q(status=Clarification.Status.ANSWERED)
    firm = firm_of(user)
    if firm is not None:
        condition |= Q(asking_firm_id=firm.pk)
    return condition


def clarifications_visible_to(user: AnyUser, project: Project):
    return Clarification.objects.filter(project=project).filter(
        visible_clarifications_condition(user, project)
    )


def may_view_clarification(user: AnyUser, clarification: Clarification) -> bool:
    project = clarification.project
    if not may_view_project(user, project):
        return False
    if may_manage_project(user, project) or clarification.is_answered:
        return True
    firm = firm_of(user)
    return firm is not None and firm.pk == clarification.asking_firm_id


def may_see_asker(user: AnyUser, project: Project) -> bool:
    """Which firm asked: the owning agency's officials only (never the public, never other
    firms, not even other agencies' officials)."""
    return may_manage_project(user, project)


def is_own_clarification(user: AnyUser, clarification: Clarification) -> bool:
    """Asked by the user's firm (its members see it as theirs, pending or not)."""
    firm = firm_of(user)
    return firm is not None and firm.pk == clarification.asking_firm_id


def may_ask_question(user: AnyUser) -> bool:
    """Who may ask (whether the project takes questions now is the service's rule:
    `services.questions_closed_message`)."""
    return is_verified_firm_member(user)


def may_answer_question(user: AnyUser, clarification: Clarification) -> bool:
    return may_manage_project(user, clarification.project)


def may_withdraw_question(user: AnyUser, clarification: Clarification) -> bool:
    """The asking firm's members, while the question waits for its answer."""
    return clarification.is_pending and is_own_clarification(user, clarification)


def ask_refusal(user: AnyUser) -> str:
    """Why this user may not ask questions, or "" if they may: pages show it in place of the
    form, the service refuses with it."""
    if may_ask_question(user):
        return ""
    if is_official(user):
        return _("Officials answer questions; only members of verified firms ask them.")
    firm = firm_of(user)
    if firm is None:
        return _(
            "Only members of firms verified by the portal may ask questions. Register your "
            "firm, or ask its owner to invite you."
        )
    return _(
        "Your firm is not verified yet: questions can be asked once the portal has verified it."
    )


def is_bid_firm(user: AnyUser, bid: Bid) -> bool:
    """A member of one of the bid's firms (its lead, or an active partner): who reads the
    sealed content, the receipts and the proposal documents before the opening."""
    return _firm_in_bid(user, bid)


def may_read_bid_documents(user: AnyUser, bid: Bid) -> bool:
    """Proposal documents: the bid's firms; the owning agency's officials once it is opened."""
    return may_view_bid(user, bid)


def may_confirm_participation(user: AnyUser, bid: Bid) -> bool:
    """The button, not the rule (the service checks again under lock): a member of a verified
    firm that is an active, unconfirmed partner of a bid still sealed."""
    firm = firm_of(user)
    if firm is None or not firm.is_verified or bid.status != Bid.Status.SUBMITTED:
        return False
    return any(
        p.firm_id == firm.pk and p.active and p.role == "partner" and p.confirmed_at is None
        for p in bid.participants.all()
    )
