from django.contrib import admin

from .models import Mineral, Region


@admin.register(Mineral)
class MineralAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "name_ur", "category", "is_critical"]
    list_filter = ["category", "is_critical"]
    search_fields = ["name", "name_zh", "name_ur", "slug"]
    filter_horizontal = ["regions"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "name_ur", "kind", "parent"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "name_zh", "name_ur", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
