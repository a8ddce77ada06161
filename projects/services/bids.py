"""The rules of bidding: submit, revise, withdraw, and consortium partners' confirmation.

Every write here first share-locks the project's row and then reads the clock: the closing
time is checked inside the very transaction that would write the bid, and closing the project
(the beat task, or the opening) updates that row, so it waits for the bids in flight and later
ones see it closed: no bid slips in after the closing time however the requests interleave.
Bids of different firms do not wait for each other; two submissions by one firm queue on the
firm's row, and the second finds the first.

The offer is sealed (encrypted) before it is written: the bid's row holds no plain offer until
the opening (`projects.services.opening`). Nothing here touches the project row itself, so a
bid changes neither the project's `updated_at` nor any listing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from firms.models import Firm
from firms.permissions import firm_of
from projects import notifications, permissions, sealing
from projects.models import Bid, BidDocument, BidParticipant, BidVersion, Project

from . import bid_documents, receipts
from .offers import Offer


def _share_project_row(project: Project) -> Project:
    """The project's row under a share lock (PostgreSQL `FOR SHARE`): bids on one project do
    not queue behind each other, but closing and opening (which update the row) wait until
    every bid in flight has committed, and a bid that starts after them reads the new status.
    SQLite has no row locks; it runs one writing transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return Project.objects.select_for_update().get(pk=project.pk)
    table = connection.ops.quote_name(Project._meta.db_table)
    rows = list(
        Project.objects.raw(
            f"SELECT * FROM {table} WHERE id = %s FOR SHARE",  # noqa: S608 - a model's table
            [project.pk],
        )
    )
    if not rows:
        raise Project.DoesNotExist
    return rows[0]


def _lock_open_project(project: Project) -> Project:
    """The project's row, share-locked, if bids may be written now; else a DomainError."""
    locked = _share_project_row(project)
    now = timezone.now()
    if locked.status != Project.Status.PUBLISHED or now >= locked.bid_closes_at:
        raise DomainError(
            _("Bidding on this project closed at %(closes)s; nothing was changed.")
            % {"closes": _when(locked.bid_closes_at)}
            if locked.is_public and locked.bid_closes_at <= now
            else _("This project is not open for bids."),
            code="bidding_closed",
        )
    if now < locked.bid_opens_at:
        raise DomainError(
            _("Bids on this project are accepted from %(opens)s.")
            % {"opens": _when(locked.bid_opens_at)},
            code="bidding_not_open",
        )
    return locked


def record_sealed_event(*, action: str, bid: Bid, data: dict[str, Any]) -> None:
    """An audit event of a bid still sealed: on the project, without the actor or the firm.

    The audit trail is read by administrators, who must learn no more than how many bids a
    project received until the opening. Who acted is kept on the bid's own rows (sealed from
    everyone but the bid's firms), and the opening records every bid with its submitter."""
    record_event(action=action, target=bid.project, data={"bid": bid.pk, **data})


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _bidding_firm(user: User) -> Firm:
    firm = firm_of(user)
    if firm is None or not permissions.may_bid(user):
        raise PermissionDenied(_("Only members of verified firms may bid."))
    return firm


def _check_partners(lead: Firm, partners: Sequence[Firm]) -> list[Firm]:
    unique = {firm.pk: firm for firm in partners if firm.pk != lead.pk}
    chosen = sorted(unique.values(), key=lambda firm: firm.pk)
    if any(not firm.is_verified for firm in chosen):
        raise DomainError({"partners": [_("Consortium partners must be verified firms.")]})
    if chosen and {lead.country, *(firm.country for firm in chosen)} != {
        Firm.Country.PAKISTAN,
        Firm.Country.CHINA,
    }:
        raise DomainError(
            {
                "partners": [
                    _(
                        "A consortium joins Chinese and Pakistani firms: include at least one "
                        "firm of each country."
                    )
                ]
            }
        )
    return chosen


def _refuse_second_bid(project: Project, firms: Sequence[Firm], *, except_bid: Bid | None):
    taken = BidParticipant.objects.filter(project=project, active=True, firm__in=firms)
    if except_bid is not None:
        taken = taken.exclude(bid=except_bid)
    names = sorted(firm.name for firm in Firm.objects.filter(pk__in=taken.values("firm")))
    if names:
        raise DomainError(
            {
                "partners": [
                    _(
                        "Already taking part in a bid for this project: %(firms)s. A firm "
                        "takes part in one bid per project; revise that bid instead."
                    )
                    % {"firms": ", ".join(names)}
                ]
            },
            code="one_bid_per_firm",
        )


def _write_version(
    bid: Bid,
    *,
    by: User,
    offer: Offer,
    lead: Firm,
    partners: Sequence[Firm],
    documents: Sequence[receipts.DocumentDigest],
    now,
) -> BidVersion:
    content = receipts.canonical_content(
        bid_id=bid.pk,
        version=bid.version,
        project_reference=bid.project.reference,
        lead_firm=receipts.firm_json(lead),
        partners=[receipts.firm_json(firm) for firm in partners],
        offer=offer.as_json(),
        documents=list(documents),
        nonce=receipts.new_nonce(),
    )
    version = BidVersion.objects.create(
        bid=bid,
        number=bid.version,
        submitted_at=now,
        submitted_by=by,
        sealed_content=sealing.seal(content),
        receipt_digest=receipts.receipt_digest(content),
    )
    # The trail names the version and its digest, never the offer nor the firm.
    record_sealed_event(
        action="bid.submitted" if bid.version == 1 else "bid.revised",
        bid=bid,
        data={"version": bid.version, "receipt_digest": version.receipt_digest},
    )
    _announce_receipt(version)
    return version


def _announce_receipt(version: BidVersion) -> None:
    """The receipt goes to the outbox in the bid's transaction (emailed after commit)."""
    notifications.bid_received(version, version.bid.project)


def _one_bid_per_firm_error() -> DomainError:
    return DomainError(
        {
            "partners": [
                _(
                    "This firm already takes part in a bid for this project, as its lead or as "
                    "a consortium partner."
                )
            ]
        },
        code="one_bid_per_firm",
    )


def submit_bid(
    project: Project,
    *,
    by: User,
    offer: Offer,
    partners: Sequence[Firm] = (),
    documents: Sequence[tuple[Any, str]] = (),
) -> BidVersion:
    """A verified firm's sealed bid, alone or leading a consortium; returns its receipt."""
    lead = _bidding_firm(by)
    chosen = _check_partners(lead, partners)
    bid_documents.check_document_count(len(documents))
    prepared = bid_documents.prepare_documents(documents)
    try:
        with bid_documents.stored_sealed(prepared) as stored, transaction.atomic():
            locked = _lock_open_project(project)
            # One firm's simultaneous submissions queue here (other firms' do not), and the
            # second finds the first; the unique constraint is the last word either way.
            Firm.objects.select_for_update(no_key=True).filter(pk=lead.pk).first()
            _refuse_second_bid(locked, [lead, *chosen], except_bid=None)
            now = timezone.now()
            bid = Bid.objects.create(
                project=locked, lead_firm=lead, created_by=by, created_at=now, submitted_at=now
            )
            BidParticipant.objects.bulk_create(
                [
                    BidParticipant(
                        bid=bid,
                        project=locked,
                        firm=lead,
                        role=BidParticipant.Role.LEAD,
                        confirmed_at=now,
                        confirmed_by=by,
                    ),
                    *(
                        BidParticipant(
                            bid=bid, project=locked, firm=firm, role=BidParticipant.Role.PARTNER
                        )
                        for firm in chosen
                    ),
                ]
            )
            _add_documents(bid, stored, by=by)
            return _write_version(
                bid,
                by=by,
                offer=offer,
                lead=lead,
                partners=chosen,
                documents=[item.digest for item in stored],
                now=now,
            )
    except IntegrityError as error:  # two requests raced past the check: the constraint held
        raise _one_bid_per_firm_error() from error


def _add_documents(bid: Bid, stored, *, by: User) -> None:
    BidDocument.objects.bulk_create(
        BidDocument(
            bid=bid,
            file=item.name,
            sealed_details=item.sealed_details,
            added_in=bid.version,
            uploaded_by=by,
        )
        for item in stored
    )


def _lock_bid_for_change(bid: Bid, *, by: User) -> tuple[Project, Bid]:
    if not permissions.may_change_bid(by, bid):
        raise PermissionDenied(_("Only members of the lead firm may change this bid."))
    locked_project = _lock_open_project(bid.project)
    # Only the bid row: the project row keeps its share lock (a FOR UPDATE on it through a
    # join would deadlock with the other firms holding theirs).
    locked = Bid.objects.select_for_update().get(pk=bid.pk)
    locked.project = locked_project
    if locked.status != Bid.Status.SUBMITTED:
        raise DomainError(
            _("This bid is “%(status)s” and can no longer change.")
            % {"status": locked.get_status_display()},
            code="invalid_transition",
        )
    return locked_project, locked


def revise_bid(
    bid: Bid,
    *,
    by: User,
    offer: Offer,
    partners: Sequence[Firm] | None = None,
    add_documents: Sequence[tuple[Any, str]] = (),
    remove_documents: Sequence[int] = (),
) -> BidVersion:
    """A new version of the bid before the closing time; earlier versions are kept. Partners
    confirm again, since what they agreed to has changed."""
    prepared = bid_documents.prepare_documents(add_documents)
    with bid_documents.stored_sealed(prepared) as stored, transaction.atomic():
        project, locked = _lock_bid_for_change(bid, by=by)
        current = list(locked.participants.select_related("firm").filter(active=True))
        lead = next(p.firm for p in current if p.role == BidParticipant.Role.LEAD)
        if partners is None:
            chosen = [p.firm for p in current if p.role == BidParticipant.Role.PARTNER]
        else:
            chosen = _check_partners(lead, partners)
            _refuse_second_bid(project, chosen, except_bid=locked)
        kept_documents = [
            document
            for document in locked.documents.filter(removed_in__isnull=True)
            if document.pk not in set(remove_documents)
        ]
        bid_documents.check_document_count(len(kept_documents) + len(stored))
        now = timezone.now()
        locked.version += 1
        locked.submitted_at = now
        locked.save(update_fields=["version", "submitted_at"])
        locked.documents.filter(pk__in=remove_documents, removed_in__isnull=True).update(
            removed_in=locked.version
        )
        _add_documents(locked, stored, by=by)
        chosen_ids = {firm.pk for firm in chosen}
        if len(current) > 1:  # a consortium: partners dropped, and the others confirm again
            locked.participants.filter(role=BidParticipant.Role.PARTNER).exclude(
                firm_id__in=chosen_ids
            ).update(active=False)
            locked.participants.filter(role=BidParticipant.Role.PARTNER, active=True).update(
                confirmed_at=None, confirmed_by=None
            )
        existing = {p.firm_id for p in current}
        BidParticipant.objects.bulk_create(
            BidParticipant(bid=locked, project=project, firm=firm, role=BidParticipant.Role.PARTNER)
            for firm in chosen
            if firm.pk not in existing
        )
        documents = [bid_documents.document_digest(d) for d in kept_documents]
        version = _write_version(
            locked,
            by=by,
            offer=offer,
            lead=lead,
            partners=chosen,
            documents=[*documents, *(item.digest for item in stored)],
            now=now,
        )
    bid.version, bid.submitted_at = locked.version, locked.submitted_at
    return version


@transaction.atomic
def withdraw_bid(bid: Bid, *, by: User) -> Bid:
    """Withdrawn before the closing time, the bid is never opened; the firm may bid again."""
    _project, locked = _lock_bid_for_change(bid, by=by)
    now = timezone.now()
    locked.status = Bid.Status.WITHDRAWN
    locked.withdrawn_at = now
    locked.save(update_fields=["status", "withdrawn_at"])
    locked.participants.update(active=False)
    record_sealed_event(action="bid.withdrawn", bid=locked, data={"version": locked.version})
    bid.status, bid.withdrawn_at = locked.status, locked.withdrawn_at
    return bid


@transaction.atomic
def confirm_participation(bid: Bid, *, by: User) -> BidParticipant:
    """A partner firm's member confirms the firm takes part in the consortium's bid (in the
    version they can read now); needed before the closing time for the bid to be complete."""
    firm = _bidding_firm(by)
    _lock_open_project(bid.project)
    participant = (
        BidParticipant.objects.select_for_update()
        .filter(bid=bid, firm=firm, role=BidParticipant.Role.PARTNER, active=True)
        .first()
    )
    if participant is None or bid.status != Bid.Status.SUBMITTED:
        raise PermissionDenied(_("Your firm is not a partner in this bid."))
    if participant.confirmed_at is None:
        participant.confirmed_at = timezone.now()
        participant.confirmed_by = by
        participant.save(update_fields=["confirmed_at", "confirmed_by"])
        record_sealed_event(action="bid.partner_confirmed", bid=bid, data={"version": bid.version})
    return participant


def unsealed_content(version: BidVersion) -> bytes:
    """The canonical content of a version (for its firms, and for the opening)."""
    return sealing.unseal(version.sealed_content)
