from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.filters import SubtreeFilter, offer_units
from directory.forms import DateInput, unit_label
from directory.locking import VersionedFormMixin, VersionField
from directory.models import Agency, OrgUnit, Person, Volunteer

from .models import Assessor, AssessorHearing, FollowUpVisit, LegalAidCase, PoliceWarning, ProtectionOrder, aided_q
from .services import CASE_FIELDS

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ScopedChoicesMixin:
    """Limit every unit / person / agency / volunteer choice to what the user may see."""

    def scope_choices(self, user):
        for name, field in self.fields.items():
            qs = getattr(field, "queryset", None)
            if qs is None:
                continue
            model = qs.model
            if model in (OrgUnit, Person, Agency, Volunteer):
                field.queryset = model.objects.visible_to(user)
            if model is OrgUnit:
                field.label_from_instance = unit_label
            if model is LegalAidCase:
                field.queryset = LegalAidCase.objects.visible_to(user).active().select_related("client")
            if model is Person and name in ("client", "victim", "person"):
                field.queryset = Person.objects.visible_to(user).order_by("name_pinyin", "pk")


def parse_hearing_dates(raw: str) -> str:
    """ "2025-03-05，2025-02-01" → "2025-02-01, 2025-03-05" (the form and the API share it)."""
    parts = [p.strip() for p in (raw or "").replace("，", ",").split(",") if p.strip()]
    try:
        days = sorted(date.fromisoformat(p) for p in parts)
    except ValueError:
        raise forms.ValidationError(_("Write each hearing date as YYYY-MM-DD, separated by commas.")) from None
    return ", ".join(d.isoformat() for d in days)


class CaseForm(ScopedChoicesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LegalAidCase
        fields = CASE_FIELDS
        widgets = {
            "applied_on": DateInput(),
            "filed_on": DateInput(),
            "facts": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)
        self.fields["lawyer"].queryset = self.fields["lawyer"].queryset.filter(is_active=True)

    def clean_hearing_dates(self):
        return parse_hearing_dates(self.cleaned_data.get("hearing_dates", ""))

    def clean(self):
        data = super().clean()
        if (
            data.get("eligibility") == LegalAidCase.Eligibility.HARDSHIP
            and not (data.get("hardship_proof") or "").strip()
        ):
            self.add_error("hardship_proof", _("Say which proof of financial hardship was seen."))
        return data


class StepForm(forms.Form):
    """A step on an existing record: carries the version the user saw."""

    seen_version = VersionField()


class DecideForm(StepForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reasons = forms.CharField(label=_("Reasons for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons for refusing legal aid."))
        return data


class AssignForm(StepForm):
    lawyer = forms.ModelChoiceField(label=_("Volunteer lawyer"), queryset=Volunteer.objects.none(), required=False)
    lawyer_name = forms.CharField(label=_("or another lawyer (name and firm)"), required=False, max_length=50)
    on = forms.DateField(label=_("Assigned on"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = Volunteer.objects.visible_to(user).filter(is_active=True)

    def clean(self):
        data = super().clean()
        if not data.get("lawyer") and not (data.get("lawyer_name") or "").strip():
            self.add_error("lawyer", _("Choose a volunteer or type the lawyer's name."))
        return data


class CloseForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in LegalAidCase.Outcome.choices if c[0] != "withdrawn"]
    )
    on = forms.DateField(label=_("Closed on"), widget=DateInput())
    money_recovered = forms.DecimalField(
        label=_("Money recovered (yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )


class WithdrawForm(StepForm):
    on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LegalAidCase.Status.choices)
    aid_form = django_filters.ChoiceFilter(label=_("Aid form"), choices=LegalAidCase.AidForm.choices)
    cause = django_filters.ChoiceFilter(label=_("Cause"), choices=LegalAidCase.Cause.choices)
    provider = django_filters.ChoiceFilter(label=_("Represented by"), choices=LegalAidCase.Provider.choices)
    aided = django_filters.ChoiceFilter(label=_("Legal aid granted"), choices=YES_NO, method="filter_aided")
    unit = SubtreeFilter(label=_("Unit"))
    applied_from = django_filters.DateFilter(
        label=_("Applied from"), field_name="applied_on", lookup_expr="gte", widget=DateInput()
    )
    applied_to = django_filters.DateFilter(
        label=_("to"), field_name="applied_on", lookup_expr="lte", widget=DateInput()
    )
    due = django_filters.ChoiceFilter(
        label=_("Time limit"),
        choices=[("overdue", _("Overdue")), ("soon", _("Due within 2 days"))],
        method="filter_due",
    )

    class Meta:
        model = LegalAidCase
        fields = ["q", "status", "aid_form", "cause", "provider"]

    def __init__(self, *args, today: date, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["q"].field.widget.attrs.update(
            type="search", placeholder=_("Reference, client, court case number")
        )
        if units is not None:
            offer_units(self, units)

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_aided(self, queryset, name, value):
        if value == "yes":
            return queryset.aided()
        if value == "no":
            return queryset.exclude(aided_q())
        return queryset

    def filter_due(self, queryset, name, value):
        from datetime import timedelta

        from .deadlines import DUE_SOON_DAYS

        if value == "overdue":
            return queryset.open_step_due_by(self.today - timedelta(days=1))
        return queryset.open_step_due_by(self.today + timedelta(days=DUE_SOON_DAYS)).exclude(
            pk__in=queryset.open_step_due_by(self.today - timedelta(days=1)).values("pk")
        )


class PoliceWarningForm(ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = PoliceWarning
        fields = [
            "org_unit",
            "victim",
            "abuser_name",
            "police_station",
            "issued_on",
            "federation_helped",
            "legal_aid_case",
            "notes",
        ]
        widgets = {"issued_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)
        self.fields["police_station"].queryset = Agency.objects.visible_to(user).filter(kind=Agency.Kind.POLICE)


class VisitForm(forms.ModelForm):
    class Meta:
        model = FollowUpVisit
        fields = ["visited_on", "by", "notes"]
        widgets = {"visited_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class ProtectionOrderForm(ScopedChoicesMixin, forms.ModelForm):
    filed_at = forms.DateTimeField(
        label=_("Filed at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    class Meta:
        model = ProtectionOrder
        fields = [
            "org_unit",
            "victim",
            "respondent_name",
            "applicant",
            "court",
            "court_case_number",
            "filed_at",
            "urgent",
            "legal_aid_case",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)


class OrderDecisionForm(StepForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("granted", _("Granted")), ("refused", _("Refused"))],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Decided on"), widget=DateInput())
    ban_violence = forms.BooleanField(label=_("ban on violence"), required=False)
    ban_contact = forms.BooleanField(label=_("ban on harassing, stalking or contacting"), required=False)
    move_out = forms.BooleanField(label=_("order to move out"), required=False)
    other_measures = forms.CharField(label=_("other measures"), required=False, max_length=200)
    effective_from = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())


class ExtendForm(StepForm):
    new_expiry = forms.DateField(label=_("New expiry date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class OrderFilter(django_filters.FilterSet):
    decision = django_filters.ChoiceFilter(label=_("Decision"), choices=ProtectionOrder.Decision.choices)
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within 30 days"), method="filter_expiring", widget=forms.CheckboxInput
    )
    unit = SubtreeFilter(label=_("Unit"))
    filed_from = django_filters.DateFilter(
        label=_("Filed from"), field_name="filed_at__date", lookup_expr="gte", widget=DateInput()
    )
    filed_to = django_filters.DateFilter(
        label=_("to"), field_name="filed_at__date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = ProtectionOrder
        fields = ["decision"]

    def __init__(self, *args, today: date, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if units is not None:
            offer_units(self, units)

    def filter_expiring(self, queryset, name, value):
        return queryset.expiring_within(self.today) if value else queryset


class WarningFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Victim, abuser or police station")}),
    )
    issued_from = django_filters.DateFilter(
        label=_("Issued from"), field_name="issued_on", lookup_expr="gte", widget=DateInput()
    )
    issued_to = django_filters.DateFilter(
        label=_("Issued to"), field_name="issued_on", lookup_expr="lte", widget=DateInput()
    )
    federation_helped = django_filters.BooleanFilter(
        label=_("The federation helped obtain it"), widget=forms.NullBooleanSelect
    )
    unit = SubtreeFilter(label=_("Unit"))

    class Meta:
        model = PoliceWarning
        fields = []

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            offer_units(self, units)

    def search(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return (
            queryset.filter(
                Q(victim__full_name__icontains=value)
                | Q(abuser_name__icontains=value)
                | Q(police_station__name__icontains=value)
            )
            if value
            else queryset
        )


class AssessorForm(ScopedChoicesMixin, forms.ModelForm):
    term_ends_on = forms.DateField(
        label=_("Term ends on"), required=False, widget=DateInput(), help_text=_("Leave empty for five years.")
    )

    class Meta:
        model = Assessor
        fields = ["org_unit", "full_name", "person", "court", "appointed_on", "term_ends_on"]
        widgets = {"appointed_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices(user)


class HearingForm(forms.ModelForm):
    class Meta:
        model = AssessorHearing
        fields = [
            "court_case_number",
            "case_type",
            "cause",
            "heard_on",
            "women_involved",
            "children_involved",
            "panel_size",
            "court",
            "outcome",
        ]
        widgets = {"heard_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].required = False
        self.fields["court"].help_text = _("Leave empty for the assessor's court.")


class HearingFilter(django_filters.FilterSet):
    case_type = django_filters.ChoiceFilter(label=_("Case type"), choices=AssessorHearing.CaseType.choices)
    heard_from = django_filters.DateFilter(
        label=_("Heard from"), field_name="heard_on", lookup_expr="gte", widget=DateInput()
    )
    heard_to = django_filters.DateFilter(label=_("to"), field_name="heard_on", lookup_expr="lte", widget=DateInput())
    women_involved = django_filters.BooleanFilter(label=_("women's rights involved"))
    unit = SubtreeFilter(label=_("Unit"))

    class Meta:
        model = AssessorHearing
        fields = ["case_type"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            offer_units(self, units)
