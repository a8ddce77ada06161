"""Administrators look leads up; leads change only through `matchmaking.services.leads` (the
officials' pages and the API), with their audit events: read-only here."""

from __future__ import annotations

from django.contrib import admin

from .models import Lead, LeadActivity, LeadStageChange


class NoWritesMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StageChangeInline(NoWritesMixin, admin.TabularInline):
    model = LeadStageChange
    extra = 0


class ActivityInline(NoWritesMixin, admin.TabularInline):
    model = LeadActivity
    extra = 0


@admin.register(Lead)
class LeadAdmin(NoWritesMixin, admin.ModelAdmin):
    list_display = ["reference", "firm", "contact_organisation", "stage", "owner"]
    list_filter = ["stage"]
    search_fields = ["reference", "firm__name", "contact_name", "contact_organisation"]
    list_select_related = ["firm", "owner"]
    inlines = [StageChangeInline, ActivityInline]
