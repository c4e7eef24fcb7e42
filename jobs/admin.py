from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Job


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "kind", "status", "rows_done", "rows_total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False
