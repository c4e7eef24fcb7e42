from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.filters import SubtreeFilter, offer_units
from directory.forms import DateInput, unit_label
from directory.locking import VersionedFormMixin
from directory.models import Agency, OrgUnit, ServicePoint, Volunteer

from .models import Campaign, Event, Law, TrainingSession
from .scope import usable_by
from .services import CAMPAIGN_FIELDS, EVENT_FIELDS, TRAINING_FIELDS


def _label_units(field):
    field.label_from_instance = unit_label


def agencies_for(user):
    return usable_by(Agency.objects.filter(is_active=True), user).order_by("name")


def campaigns_for(user):
    return usable_by(Campaign.objects.active(), user).select_related("org_unit").order_by("-year", "kind", "name")


def volunteers_for(user):
    return usable_by(Volunteer.objects.filter(is_active=True), user).select_related("team").order_by("full_name")


class CampaignForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units.exclude(level=OrgUnit.Level.VILLAGE)
        _label_units(self.fields["org_unit"])


class EventForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [*EVENT_FIELDS, "partners", "laws", "covered_units", "volunteers"]
        widgets = {
            "held_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.CheckboxSelectMultiple,
            "laws": forms.CheckboxSelectMultiple,
            "volunteers": forms.CheckboxSelectMultiple,
            "covered_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        self.fields["covered_units"].queryset = units.exclude(level=OrgUnit.Level.CITY)
        _label_units(self.fields["org_unit"])
        _label_units(self.fields["covered_units"])
        self.fields["campaign"].queryset = campaigns_for(user)
        self.fields["partners"].queryset = agencies_for(user)
        self.fields["laws"].queryset = Law.objects.filter(is_active=True)
        self.fields["volunteers"].queryset = volunteers_for(user)
        self.fields["volunteers"].label_from_instance = lambda v: (
            f"{v.full_name}（{v.team.name}）" if v.team else v.full_name
        )

    def clean(self):
        data = super().clean()
        campaign, held_on = data.get("campaign"), data.get("held_on")
        if campaign and held_on and campaign.year != held_on.year:
            self.add_error("held_on", _("The date is not in the campaign's year (%(year)s).") % {"year": campaign.year})
        return data


class TrainingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [*TRAINING_FIELDS, "laws"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "laws": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units.exclude(level=OrgUnit.Level.VILLAGE)
        _label_units(self.fields["org_unit"])
        self.fields["laws"].queryset = Law.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data


class TraineesForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("Staff members"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    names = forms.CharField(
        label=_("Other cadres, one name per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    org_unit = forms.ModelChoiceField(label=_("Their unit"), queryset=None, required=False)

    def __init__(self, *args, staff_users=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = staff_users
        self.fields["users"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()}（{u.staff.org_unit.name}）"
        )
        self.fields["org_unit"].queryset = units
        _label_units(self.fields["org_unit"])

    def clean(self):
        data = super().clean()
        names = [n.strip() for n in (data.get("names") or "").splitlines() if n.strip()]
        if any(len(n) > 50 for n in names):
            self.add_error("names", _("A name is longer than 50 characters: put one name per line."))
        data["name_list"] = names
        if not names and not data.get("users"):
            raise forms.ValidationError(_("Choose staff members or type at least one name."))
        return data


class OpenPointForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ServicePoint.Kind.choices, initial=ServicePoint.Kind.DV_COMPLAINT)
    name = forms.CharField(label=pgettext_lazy("of a body or place", "Name"), max_length=100)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        _label_units(self.fields["org_unit"])


class ClosePointForm(forms.Form):
    closed_on = forms.DateField(label=pgettext_lazy("service point", "Closed on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)


class DayForm(forms.Form):
    on = forms.DateField(label=_("On"), required=False, widget=DateInput())

    def day(self) -> date:
        if self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return date.today()


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=Campaign.objects.none())
    campaign_kind = django_filters.ChoiceFilter(
        label=_("Campaign kind"), field_name="campaign__kind", choices=Campaign.Kind.choices
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices)
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner agency"), field_name="partners", queryset=Agency.objects.none()
    )
    law = django_filters.ModelChoiceFilter(label=_("Law"), field_name="laws", queryset=Law.objects.all())
    unit = SubtreeFilter(label=_("Unit"))
    start = django_filters.DateFilter(label=_("From"), field_name="held_on", lookup_expr="gte", widget=DateInput())
    end = django_filters.DateFilter(label=_("To"), field_name="held_on", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Event
        fields = []

    def __init__(self, *args, user=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["campaign"].queryset = campaigns_for(user)
        self.filters["partner"].queryset = agencies_for(user)
        offer_units(self, units)

    def search(self, queryset, name, value):
        return queryset.search(value)


class TrainingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    law = django_filters.ModelChoiceFilter(label=_("Law"), field_name="laws", queryset=Law.objects.all())
    unit = SubtreeFilter(label=_("Unit"))
    start = django_filters.DateFilter(label=_("From"), field_name="starts_on", lookup_expr="gte", widget=DateInput())
    end = django_filters.DateFilter(label=_("To"), field_name="starts_on", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = TrainingSession
        fields = []

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units(self, units)

    def search(self, queryset, name, value):
        return queryset.search(value)
