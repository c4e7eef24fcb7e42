from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.attachments import validate_upload
from directory.forms import DateInput, unit_label
from directory.locking import VersionedFormMixin
from directory.models import Person
from directory.validators import normalize_id_number, normalize_phone, validate_id_number

from .models import Assistance, FundingSource, Household, HousingUnit, Programme, TrainingClass
from .services import ASSISTANCE_FIELDS, CLASS_FIELDS, HOUSEHOLD_FIELDS, HOUSING_FIELDS, PROGRAMME_FIELDS

MONEY_INPUT = {"step": "0.01", "min": "0", "inputmode": "decimal"}


class FundingFieldsMixin:
    """One amount field per funding source (`fund_<source>`), filled from and read into a dict."""

    def add_funding_fields(self, existing: dict):
        for source, label in FundingSource.choices:
            self.fields[f"fund_{source}"] = forms.DecimalField(
                label=_("Funding: %(source)s (yuan)") % {"source": label},
                max_digits=12,
                decimal_places=2,
                min_value=0,
                required=False,
                initial=existing.get(source),
                widget=forms.NumberInput(attrs=MONEY_INPUT),
            )

    def funding(self) -> dict:
        return {s: self.cleaned_data.get(f"fund_{s}") or Decimal("0") for s in FundingSource.values}


class ProgrammeForm(FundingFieldsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "budget": forms.NumberInput(attrs=MONEY_INPUT),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        self.fields["org_unit"].label_from_instance = unit_label
        existing = {}
        if self.instance.pk:
            existing = dict(self.instance.funding.values_list("source", "amount"))
        self.add_funding_fields(existing)
        self.fields["budget"].help_text = _("When funding sources are given, the budget is their sum.")

    def clean(self):
        data = super().clean()
        funded = sum(self.funding().values())
        if funded and data.get("budget") is not None and funded != data["budget"]:
            self.add_error(
                "budget",
                _("The funding sources add up to %(sum)s yuan; the budget must be the same.") % {"sum": funded},
            )
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class HeadForm(forms.Form):
    """The head of a new household, when she is not yet in the directory."""

    full_name = forms.CharField(label=_("Head's full name"), max_length=50)
    gender = forms.ChoiceField(label=_("gender"), choices=Person.Gender.choices, initial=Person.Gender.FEMALE)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False, validators=[validate_id_number])
    birth_date = forms.DateField(label=_("birth date"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        return normalize_id_number(value) if value else ""

    def clean_phone(self):
        from directory.validators import validate_phone

        value = normalize_phone(self.cleaned_data.get("phone", ""))
        if value:
            validate_phone(value)
        return value


class HouseholdForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = HOUSEHOLD_FIELDS
        widgets = {
            "income_notes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units
        self.fields["org_unit"].label_from_instance = unit_label


class AssistanceForm(forms.ModelForm):
    confirm_repeat = forms.BooleanField(
        label=_("I checked the earlier record above: this is a further, separate assistance."), required=False
    )

    class Meta:
        model = Assistance
        fields = ["household", *ASSISTANCE_FIELDS]
        widgets = {
            "given_on": DateInput(),
            "cash": forms.NumberInput(attrs=MONEY_INPUT),
            "goods_value": forms.NumberInput(attrs=MONEY_INPUT),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    receipt = forms.FileField(label=_("Signed receipt (scan)"), required=False)

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: f"{h.head.full_name} · {h.org_unit.name}"

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("cash") == 0 and data.get("goods_value") == 0 and not data.get("goods"):
            self.add_error("cash", _("Record the cash or the goods given."))
        if data.get("goods_value") and not data.get("goods"):
            self.add_error("goods", _("Say what goods were given."))
        return data


class HousingUnitForm(FundingFieldsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = HousingUnit
        fields = ["household", *HOUSING_FIELDS]
        widgets = {
            "planned_on": DateInput(),
            "planned_cost": forms.NumberInput(attrs=MONEY_INPUT),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: f"{h.head.full_name} · {h.org_unit.name}"
        if self.instance.pk:
            self.fields.pop("household")
        existing = dict(self.instance.funding.values_list("source", "amount")) if self.instance.pk else {}
        self.add_funding_fields(existing)


class AdvanceHousingForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    actual_cost = forms.DecimalField(
        label=_("actual cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=MONEY_INPUT),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TrainingClassForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = CLASS_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "cost": forms.NumberInput(attrs=MONEY_INPUT),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class EnrolForm(forms.Form):
    student_id_number = forms.CharField(
        label=_("Student's ID number"),
        max_length=18,
        help_text=_("She must be registered in People first."),
    )
    enrolled_on = forms.DateField(label=_("enrolled on"), widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_student_id_number(self):
        value = normalize_id_number(self.cleaned_data["student_id_number"])
        student = self.people.with_id_number(value).first()
        if student is None:
            raise forms.ValidationError(_("No one with this ID number is registered in your units."))
        self.cleaned_data["student"] = student
        return value


class EnrolmentStepForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    employer = forms.CharField(label=_("employer"), max_length=100, required=False)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MemberForm(forms.Form):
    id_number = forms.CharField(label=_("Member's ID number"), max_length=18)
    relation = forms.CharField(label=_("relation to the head"), max_length=20)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data["id_number"])
        person = self.people.with_id_number(value).first() if self.people is not None else None
        if person is None:
            raise forms.ValidationError(_("No one with this ID number is registered in your units."))
        self.cleaned_data["person"] = person
        return value
