"""Reads of the firm registry: each query already loads what its page or endpoint shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from minerals.models import Mineral, Region

from . import permissions
from .listing import firm_rows
from .models import Firm, FirmCapability, FirmDocument

if TYPE_CHECKING:
    from emining.permissions import AnyUser

    from .directory_index import DirectoryIndex


def _with_profile(queryset: QuerySet[Firm]) -> QuerySet[Firm]:
    """Capabilities, minerals and provinces: one query each, whatever the number of firms."""
    return queryset.prefetch_related(
        Prefetch("capabilities", queryset=FirmCapability.objects.order_by("stage")),
        Prefetch(
            "minerals",
            queryset=Mineral.objects.only("id", "slug", "name", "name_zh", "name_ur").order_by(
                "name"
            ),
        ),
        Prefetch(
            "regions",
            queryset=Region.objects.only("id", "slug", "name", "name_zh", "name_ur").order_by(
                "name"
            ),
        ),
    )


def directory_firms() -> QuerySet[Firm]:
    """The public directory: verified firms (read as rows by `firms.listing`)."""
    return Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)


def directory_rows(index: DirectoryIndex, ids: list[int]) -> list[dict]:
    """The rows (`firms.listing`) of these verified firms, in the order given, with their
    lists from the directory index: one query."""
    rows = {row["id"]: row for row in firm_rows(directory_firms().filter(pk__in=ids))}
    lists = index.lists_of(ids)
    return [rows[pk] | lists[pk] for pk in ids if pk in rows and pk in lists]


def firms_for_listing(user: AnyUser) -> QuerySet[Firm]:
    """What the API lists for this caller: verified firms, plus the caller's own (whatever
    its status), plus every firm for officials (read as rows by `firms.listing`)."""
    return permissions.firms_visible_to(user)


def firms_with_profiles(user: AnyUser) -> QuerySet[Firm]:
    """The firms this caller may see, each with its capabilities, minerals and provinces."""
    return _with_profile(permissions.firms_visible_to(user))


def verification_queue() -> QuerySet[Firm]:
    """Firms waiting for a decision, the longest-waiting first."""
    return (
        Firm.objects.filter(verification_status=Firm.VerificationStatus.PENDING)
        .select_related("created_by")
        .annotate(document_count=Count("documents"))
        .order_by("submitted_at", "id")
    )


def firm_for_user(user: AnyUser, pk: int) -> Firm:
    """The one fetch of "the firm this user may see", for pages, downloads and the API;
    404 otherwise, so that its existence is not revealed."""
    firm = firms_with_profiles(user).filter(pk=pk).first()
    if firm is None:
        raise Http404(_("No firm is listed under this number."))
    return firm


def firm_documents(firm: Firm) -> list[FirmDocument]:
    documents = list(firm.documents.select_related("uploaded_by").order_by("uploaded_at", "id"))
    for document in documents:
        document.firm = firm
    return documents
