from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, Agency, OrgUnit, Person, ServicePoint, StaffProfile, Volunteer, VolunteerTeam, staff_of
from .privacy import mask_id_number, mask_phone


class ScopedAdmin(SimpleHistoryAdmin):
    """The admin obeys the same scoping as every page: rows and choices of the user's subtree only."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def _in_scope_or_404(self, request, object_id):
        # django-simple-history's history pages look the record up in its history
        # when get_queryset does not hold it (history_view), or never ask
        # get_queryset at all (history_form_view): another unit's record is 404 first.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.site_header = _("Rights Office administration")
admin.site.site_title = _("Rights Office")


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ["indented_name", "level", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        return "\u3000" * (obj.depth - 1) + obj.name


@admin.register(StaffProfile)
class StaffProfileAdmin(ScopedAdmin):
    list_display = ["user", "org_unit", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["org_unit"]

    def save_model(self, request, obj, form, change):
        from .services import assign_staff

        assign_staff(user=obj.user, org_unit=obj.org_unit, role=obj.role, title=obj.title, phone=obj.phone)


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    """Read-only here: people are registered and edited in the app, with duplicate checks."""

    list_display = ["full_name", "masked_id", "masked_phone", "org_unit"]
    search_fields = ["full_name", "name_pinyin"]
    list_select_related = ["org_unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    list_display = ["name", "kind", "org_unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["org_unit"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ScopedAdmin):
    list_display = ["name", "org_unit", "founded_on"]
    search_fields = ["name"]
    autocomplete_fields = ["org_unit"]


@admin.register(Volunteer)
class VolunteerAdmin(ScopedAdmin):
    list_display = ["full_name", "profession", "team", "org_unit", "is_active"]
    list_filter = ["profession", "is_active"]
    search_fields = ["full_name"]
    autocomplete_fields = ["org_unit", "team"]


@admin.register(ServicePoint)
class ServicePointAdmin(ScopedAdmin):
    list_display = ["name", "kind", "org_unit", "opened_on", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["name", "org_unit__name"]
    autocomplete_fields = ["org_unit", "host_agency"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "target_label", "ip_address"]
    list_filter = ["action"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AccessLog._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(UserAdmin):
    """Administrators manage the accounts of their own subtree; superusers all of them."""

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        staff = staff_of(request.user)
        if staff is None:
            return users.none()
        return users.filter(staff__org_unit__path__startswith=staff.org_unit.path, is_superuser=False)

    def has_delete_permission(self, request, obj=None):
        # An account that ever worked is deactivated, never deleted: the audit
        # trail must keep naming who did what (and refuses to be rewritten).
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions", "groups"]
        return fields
