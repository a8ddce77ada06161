"""Administrators look leads and meetings up; they change only through their services
(`matchmaking.services.leads`, `.meetings`), with their audit events: read-only here."""

from __future__ import annotations

from django.contrib import admin

from .models import Lead, LeadActivity, LeadStageChange, MeetingRequest, MeetingSlot


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


class MeetingSlotInline(NoWritesMixin, admin.TabularInline):
    model = MeetingSlot
    extra = 0


@admin.register(MeetingRequest)
class MeetingRequestAdmin(NoWritesMixin, admin.ModelAdmin):
    list_display = ["subject", "requester_firm", "invitee_firm", "invitee_agency", "status"]
    list_filter = ["status"]
    search_fields = ["subject", "requester_firm__name", "invitee_firm__name"]
    list_select_related = ["requester_firm", "invitee_firm", "invitee_agency"]
    inlines = [MeetingSlotInline]
