"""The firms' pages: directory, registration, verification, and (team_urls.py) the team."""

from django.urls import path

from . import team_urls
from .views import directory, documents, registry, verification

app_name = "firms"

urlpatterns = [
    path("firms/", directory.firm_list, name="firm-list"),
    path("firms/register/", registry.firm_register, name="firm-register"),
    path("firms/mine/", registry.firm_mine, name="firm-mine"),
    path("firms/mine/edit/", registry.firm_edit, name="firm-edit"),
    path("firms/mine/submit/", registry.firm_submit, name="firm-submit"),
    path("firms/mine/documents/new/", documents.firm_document_upload, name="document-upload"),
    path(
        "firms/mine/documents/<int:pk>/delete/",
        documents.firm_document_delete,
        name="document-delete",
    ),
    path("firms/verification/", verification.verification_queue, name="verification-queue"),
    path(
        "firms/verification/<int:pk>/",
        verification.verification_decision,
        name="verification-decision",
    ),
    path("firms/<int:pk>/", directory.firm_detail, name="firm-detail"),
    path(
        "firms/<int:firm_pk>/documents/<int:pk>/",
        documents.firm_document_download,
        name="document-download",
    ),
    *team_urls.urlpatterns,
]
