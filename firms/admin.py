"""Administrators look firms up and correct descriptive details. Who a firm is (legal name,
country, registration number) and its verification change only through `firms.services`
(members' pages and the officials' verification pages), with their audit events: read-only
here. Memberships and documents are read-only too (team pages and members' uploads)."""

from __future__ import annotations

from django.contrib import admin

from .models import Firm, FirmCapability, FirmDocument, Membership


class NoWritesMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CapabilityInline(NoWritesMixin, admin.TabularInline):
    model = FirmCapability
    extra = 0


class MembershipInline(NoWritesMixin, admin.TabularInline):
    model = Membership
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    extra = 0


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "registration_number", "kind", "verification_status"]
    list_filter = ["verification_status", "country", "kind"]
    search_fields = ["name", "name_zh", "name_ur", "registration_number"]
    readonly_fields = [
        "name",
        "country",
        "registration_number",
        "verification_status",
        "submitted_at",
        "verified_at",
        "rejected_at",
        "decided_by",
        "rejection_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["minerals", "regions"]
    inlines = [CapabilityInline, MembershipInline]

    def has_add_permission(self, request) -> bool:
        return False  # firms register through the portal (firms.services.register_firm)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(NoWritesMixin, admin.ModelAdmin):
    list_display = ["user", "firm", "role", "joined_at"]
    list_filter = ["role"]
    list_select_related = ["user", "firm"]
    search_fields = ["user__username", "user__email", "firm__name"]


@admin.register(FirmDocument)
class FirmDocumentAdmin(NoWritesMixin, admin.ModelAdmin):
    list_display = ["title", "firm", "content_type", "size", "uploaded_at"]
    list_select_related = ["firm"]
    search_fields = ["title", "original_name", "firm__name"]
    exclude = ["file"]  # downloads go through the permission-checked view
