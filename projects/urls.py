from django.urls import path, register_converter

from .views import browse, clarifications, documents, manage

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
]
