from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessor, AssessorHearing, LegalAidCase, PoliceWarning, ProtectionOrder

# Read-mostly: writes belong to the services behind the pages.


@admin.register(LegalAidCase)
class LegalAidCaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "org_unit", "client", "aid_form", "cause", "status", "applied_on"]
    list_filter = ["status", "aid_form", "cause", "provider"]
    search_fields = ["reference", "client__full_name"]
    raw_id_fields = ["client", "org_unit", "lawyer", "partner_agency"]
    # Workflow fields move only through the services (deadlines, history, locking).
    readonly_fields = [
        "status",
        "decision_due_on",
        "decided_on",
        "refusal_reason",
        "assignment_due_on",
        "lawyer_assigned_on",
        "closed_on",
        "outcome",
        "money_recovered",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ProtectionOrder)
class ProtectionOrderAdmin(SimpleHistoryAdmin):
    list_display = ["victim", "court", "filed_at", "decision", "expires_on"]
    list_filter = ["decision", "applicant"]
    raw_id_fields = ["victim", "org_unit", "legal_aid_case"]
    readonly_fields = [
        "decision_due_at",
        "decision",
        "decided_on",
        "ban_violence",
        "ban_contact",
        "move_out",
        "other_measures",
        "effective_from",
        "expires_on",
        "reminder_on",
        "extensions",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(PoliceWarning)
class PoliceWarningAdmin(SimpleHistoryAdmin):
    list_display = ["victim", "issued_on", "police_station", "org_unit"]
    raw_id_fields = ["victim", "org_unit", "legal_aid_case", "police_station"]


@admin.register(Assessor)
class AssessorAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "court", "appointed_on", "term_ends_on", "org_unit"]
    raw_id_fields = ["person", "staff_user", "org_unit"]


@admin.register(AssessorHearing)
class AssessorHearingAdmin(SimpleHistoryAdmin):
    list_display = ["court_case_number", "assessor", "case_type", "heard_on", "women_involved", "children_involved"]
    list_filter = ["case_type", "women_involved", "children_involved"]
