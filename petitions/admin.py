"""Admin: reference data is editable; petitions are read-only here (moves go through the services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, CalendarDay, CalendarYear, Category, Petition, ReceptionDay, Referral


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "parent", "order", "is_active"]
    list_filter = ["parent", "is_active"]
    list_editable = ["name_en", "order", "is_active"]
    search_fields = ["name", "name_en"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "is_working", "note"]
    list_filter = ["is_working"]
    date_hierarchy = "day"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "note"]


class ReadOnlyMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    pass


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "org_unit", "channel", "received_on", "status", "due_on", "voided_at"]
    list_filter = ["status", "channel", "nature"]
    search_fields = ["reference"]


# Actions are the petition's own history, kept without a history of their own:
# SimpleHistoryAdmin's history page would fail for them.
@admin.register(Action)
class ActionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["petition", "kind", "on", "by"]
    list_filter = ["kind"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["petition", "agency", "referred_on", "reply_due_on", "replied_on", "adequate"]


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ReadOnlyAdmin):
    list_display = ["on", "leader", "place", "org_unit"]
