from django.urls import path, register_converter

from .views import bid_downloads, bids, browse, clarifications, documents, evaluation, manage

app_name = "projects"


class ReferenceConverter:
    """Project references look like PMP-2026-0001."""

    regex = r"PMP-[0-9]{4}-[0-9]{4,6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "reference")

urlpatterns = [
    path("projects/", browse.project_list, name="project-list"),
    path("projects/map/", browse.project_map, name="project-map"),
    path("projects/workspace/", manage.workspace, name="workspace"),
    path("projects/new/", manage.project_create, name="project-create"),
    path("projects/<reference:reference>/", browse.project_detail, name="project-detail"),
    path("projects/<reference:reference>/edit/", manage.project_edit, name="project-edit"),
    path("projects/<reference:reference>/amend/", manage.project_amend, name="project-amend"),
    path(
        "projects/<reference:reference>/actions/<slug:action>/",
        manage.project_transition,
        name="project-transition",
    ),
    path(
        "projects/<reference:reference>/documents/new/",
        documents.document_upload,
        name="document-upload",
    ),
    path(
        "projects/<reference:reference>/documents/<int:pk>/",
        documents.document_download,
        name="document-download",
    ),
    path(
        "projects/<reference:reference>/documents/pending/<int:index>/",
        documents.pending_document_download,
        name="pending-document-download",
    ),
    path(
        "projects/<reference:reference>/documents/<int:pk>/delete/",
        documents.document_delete,
        name="document-delete",
    ),
    path(
        "projects/<reference:reference>/questions/ask/",
        clarifications.clarification_ask,
        name="clarification-ask",
    ),
    path(
        "projects/<reference:reference>/questions/<int:pk>/answer/",
        clarifications.clarification_answer,
        name="clarification-answer",
    ),
    path(
        "projects/<reference:reference>/questions/<int:pk>/withdraw/",
        clarifications.clarification_withdraw,
        name="clarification-withdraw",
    ),
    # Bidding: the firms' side.
    path("projects/<reference:reference>/bid/", bids.bid_submit, name="bid-submit"),
    path("bids/", bids.bid_list, name="bid-list"),
    path("bids/<int:pk>/", bids.bid_detail, name="bid-detail"),
    path("bids/<int:pk>/revise/", bids.bid_revise, name="bid-revise"),
    path("bids/<int:pk>/withdraw/", bids.bid_withdraw, name="bid-withdraw"),
    path("bids/<int:pk>/confirm/", bids.bid_confirm, name="bid-confirm"),
    path(
        "bids/<int:pk>/versions/<int:number>/receipt.json",
        bid_downloads.bid_receipt,
        name="bid-receipt",
    ),
    path(
        "bids/<int:pk>/documents/<int:document>/",
        bid_downloads.bid_document_download,
        name="bid-document-download",
    ),
    # Bidding: the owning agency's officials.
    path("projects/<reference:reference>/bids/", evaluation.bid_evaluation, name="bid-evaluation"),
    path("projects/<reference:reference>/bids/open/", evaluation.bids_open, name="bids-open"),
    path("bids/<int:pk>/score/", evaluation.bid_score, name="bid-score"),
    path("bids/<int:pk>/reconcile/", evaluation.bid_reconcile, name="bid-reconcile"),
    path("bids/<int:pk>/shortlist/", evaluation.bid_shortlist, name="bid-shortlist"),
    path("bids/<int:pk>/award/", evaluation.bid_award, name="bid-award"),
]
