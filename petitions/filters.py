import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from directory.filters import SubtreeFilter, offer_units
from directory.forms import DateInput, staff_label

from .deadlines import ClockState
from .figures import concluded_by, overdue_at
from .models import Category, Petition

YES_NO = [("", "---------"), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(queryset, field, value, lookup):
    if value == "yes":
        return queryset.filter(**{lookup: True})
    if value == "no":
        return queryset.filter(**{lookup: False})
    return queryset


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Reference, name, pinyin, phone, ID number or words")}
        ),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Petition.Status.choices)
    clock = django_filters.ChoiceFilter(label=_("Time limit"), choices=ClockState.choices, method="filter_clock")
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Petition.Channel.choices)
    nature = django_filters.ChoiceFilter(label=_("Nature"), choices=Petition.Nature.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=Category.objects.none())
    unit = SubtreeFilter(label=_("Unit"))
    handler = django_filters.ModelChoiceFilter(label=_("Handler"), queryset=get_user_model().objects.none())
    received_from = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte", widget=DateInput()
    )
    received_to = django_filters.DateFilter(
        label=_("Received to"), field_name="received_on", lookup_expr="lte", widget=DateInput()
    )
    concluded_to = django_filters.DateFilter(label=_("Concluded by"), method="filter_concluded_to", widget=DateInput())
    overdue_on = django_filters.DateFilter(label=_("Overdue on"), method="filter_overdue_on", widget=DateInput())
    still_open = django_filters.ChoiceFilter(label=_("Still open"), choices=YES_NO[1:], method="filter_open")
    collective = django_filters.ChoiceFilter(label=_("Collective"), choices=YES_NO[1:], method="filter_collective")
    repeat = django_filters.ChoiceFilter(label=_("Repeat"), choices=YES_NO[1:], method="filter_repeat")
    major = django_filters.ChoiceFilter(label=_("Major"), choices=YES_NO[1:], method="filter_major")
    risk = django_filters.ChoiceFilter(label=_("Risk"), field_name="risk_level", choices=Petition.Risk.choices)
    voided = django_filters.BooleanFilter(
        label=_("Voided petitions only"), method="filter_voided", widget=forms.CheckboxInput
    )

    class Meta:
        model = Petition
        fields = []

    def __init__(self, *args, units=None, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = Category.objects.filter(parent__isnull=True)
        if units is not None:
            offer_units(self, units)
        if handlers is not None:
            self.filters["handler"].queryset = handlers
        self.form.fields["handler"].label_from_instance = staff_label

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("voided")):
            queryset = queryset.active()
        return queryset

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_clock(self, queryset, name, value):
        return queryset.with_clock(value, localdate())

    def filter_concluded_to(self, queryset, name, value):
        return queryset.filter(concluded_by(value))

    def filter_overdue_on(self, queryset, name, value):
        return queryset.filter(overdue_at(value))

    def filter_open(self, queryset, name, value):
        if value == "yes":
            return queryset.open()
        if value == "no":
            return queryset.exclude(status__in=Petition.OPEN_STATUSES)
        return queryset

    def filter_collective(self, queryset, name, value):
        return _yes_no(queryset, name, value, "is_collective")

    def filter_major(self, queryset, name, value):
        return _yes_no(queryset, name, value, "is_major")

    def filter_repeat(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(repeat_of__isnull=False)
        if value == "no":
            return queryset.filter(repeat_of__isnull=True)
        return queryset

    def filter_voided(self, queryset, name, value):
        return queryset.voided() if value else queryset
