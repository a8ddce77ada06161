from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, AuditEvent, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "level", "jurisdiction"]
    list_filter = ["level"]
    search_fields = ["name", "acronym", "name_zh", "name_ur"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "agency", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    list_select_related = ["agency"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("role", "agency", "preferred_language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ("email", "role", "agency")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail is append-only: readable here, never edited or deleted."""

    list_display = ["created_at", "actor_repr", "action", "target_repr", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_repr", "target_repr", "action"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
