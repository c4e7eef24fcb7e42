from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Campaign, Event, Law, TrainingSession


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "sort_order", "is_active"]
    list_editable = ["name_en", "sort_order", "is_active"]
    search_fields = ["name", "name_en"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "year", "org_unit"]
    list_filter = ["kind", "year"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # writes go through the services (history, locking)


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "held_on", "org_unit"]
    list_filter = ["kind"]
    search_fields = ["title"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # writes go through the services (history, locking)


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_on", "org_unit"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
