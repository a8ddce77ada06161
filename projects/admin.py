"""Administrators look projects up in the admin, read-only: every change to a project goes
through the services (permissions, four eyes, audit trail), which the admin would bypass."""

from __future__ import annotations

from django.contrib import admin

from .models import Amendment, EvaluationCriterion, Project, ProjectDocument


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EvaluationCriterionInline(admin.TabularInline):
    model = EvaluationCriterion
    fields = ["name", "weight"]
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "agency", "status", "stage", "bid_closes_at"]
    list_filter = ["status", "stage", "investment_model", "agency"]
    search_fields = ["reference", "title", "title_zh", "title_ur"]
    list_select_related = ["agency"]
    exclude = ["search_vector"]
    inlines = [EvaluationCriterionInline]
    date_hierarchy = "created_at"


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["project", "created_at", "created_by"]
    list_select_related = ["project", "created_by"]
    search_fields = ["project__reference", "reason"]


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "content_type", "size", "visibility", "uploaded_at"]
    list_filter = ["visibility", "content_type"]
    list_select_related = ["project"]
    search_fields = ["title", "original_name", "project__reference"]
    exclude = ["file"]  # downloads go through the permission-checked view
