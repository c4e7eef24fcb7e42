from django.contrib import admin

from directory.admin import ScopedAdmin

from .models import DocumentProfile


@admin.register(DocumentProfile)
class DocumentProfileAdmin(ScopedAdmin):
    """Each unit's issuing authority and number prefix; the templates are edited on their own page."""

    list_display = ["org_unit", "issuer", "number_prefix"]
    autocomplete_fields = ["org_unit"]

    def has_delete_permission(self, request, obj=None):
        return False
