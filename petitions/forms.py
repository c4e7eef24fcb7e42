from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, staff_label, unit_label
from directory.locking import VersionedFormMixin
from directory.models import Agency, OrgUnit, Person
from directory.validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone

from . import deadlines
from .models import HEADCOUNT_MESSAGE, Category, Petition, PetitionParty, ReceptionDay


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SubcategoryField(forms.ModelChoiceField):
    """Sub-categories grouped under their category, so that the keyboard reaches them fast."""

    def label_from_instance(self, obj):
        return obj.local_name


def grouped_subcategories():
    groups = {}
    for sub in Category.objects.filter(parent__isnull=False, is_active=True).select_related("parent"):
        groups.setdefault(sub.parent.local_name, []).append((sub.pk, sub.local_name))
    return [("", "---------"), *groups.items()]


class PetitionFieldsMixin(forms.ModelForm):
    class Meta:
        model = Petition
        fields = [
            "org_unit",
            "channel",
            "received_on",
            "received_time",
            "headcount",
            "is_collective",
            "nature",
            "category",
            "subcategory",
            "facts",
            "request",
            "risk_level",
            "risk_reason",
            "is_major",
            "is_litigation",
            "handler",
            "reception_day",
        ]
        widgets = {
            "received_on": DateInput(),
            "received_time": TimeInput(),
            "facts": forms.Textarea(attrs={"rows": 5}),
            "request": forms.Textarea(attrs={"rows": 2}),
            "headcount": forms.NumberInput(attrs={"min": 1, "max": 999}),
        }

    def __init__(self, *args, units=None, staff_users=None, reception_days=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["org_unit"].queryset = units.exclude(level=OrgUnit.Level.VILLAGE)
        self.fields["org_unit"].label_from_instance = unit_label
        self.fields["category"].queryset = Category.objects.filter(parent__isnull=True, is_active=True)
        self.fields["category"].required = False
        self.fields["subcategory"].queryset = Category.objects.filter(parent__isnull=False, is_active=True)
        self.fields["subcategory"].choices = grouped_subcategories()
        handlers = staff_users if staff_users is not None else get_user_model().objects.none()
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = staff_label
        self.fields["reception_day"].queryset = (
            reception_days if reception_days is not None else ReceptionDay.objects.none()
        )
        # The form says it in words; the database constraint stays behind it.
        headcount = self.fields["headcount"]
        headcount.min_value = 1
        headcount.validators = [
            *(v for v in headcount.validators if not isinstance(v, MinValueValidator)),
            MinValueValidator(1, message=HEADCOUNT_MESSAGE),
        ]

    def clean(self):
        data = super().clean()
        for field, message in check_petition_fields(data, subcategory_invalid=self.has_error("subcategory")).items():
            self.add_error(field, message)
        return data


def check_petition_fields(data: dict, *, subcategory_invalid: bool = False) -> dict:
    """The rules across a petition's intake fields, shared by the forms and the API.

    Fills `category` from `subcategory` when only the latter is given; returns
    {field: message} for what breaks a rule.
    """
    errors = {}
    category, sub = data.get("category"), data.get("subcategory")
    if sub and not category:
        data["category"] = category = sub.parent
    if sub and category and sub.parent_id != category.pk:
        errors["subcategory"] = _("This sub-category belongs to another category.")
    if not category and not subcategory_invalid and "subcategory" not in errors:
        errors["category"] = _("Choose a category or a sub-category.")
    received = data.get("received_on")
    if received and received > localdate():
        errors["received_on"] = _("The date received cannot be in the future.")
    if data.get("risk_level") == Petition.Risk.HIGH and not data.get("risk_reason"):
        errors["risk_reason"] = _("Say why the risk is high.")
    if data.get("is_collective") and (data.get("headcount") or 1) < 2:
        errors["headcount"] = _("A collective petition has two or more people.")
    return errors


class IntakeForm(PetitionFieldsMixin):
    """The one intake page: the petition, and its petitioner found or created in place."""

    person = forms.ModelChoiceField(
        label=_("Petitioner"), queryset=Person.objects.none(), required=False, widget=forms.HiddenInput
    )
    role = forms.ChoiceField(label=_("Her role"), choices=PetitionParty.Role.choices[:2], initial="petitioner")
    other_people = forms.ModelMultipleChoiceField(
        label=_("Other petitioners"), queryset=Person.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    new_full_name = forms.CharField(label=_("New petitioner's name"), max_length=50, required=False)
    new_gender = forms.ChoiceField(label=_("Gender"), choices=Person.Gender.choices, initial="F", required=False)
    new_id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        validators=[validate_id_number],
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
    )
    new_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    new_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    confirm_new = forms.BooleanField(
        label=_("I checked the possible matches above: this is a different person."), required=False
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
            self.fields["other_people"].queryset = people
        self.fields["facts"].widget.attrs["placeholder"] = _("What happened, in her words: who, when, where.")

    def clean_new_id_number(self):
        value = self.cleaned_data.get("new_id_number", "")
        return normalize_id_number(value) if value else ""

    def clean_new_phone(self):
        return normalize_phone(self.cleaned_data.get("new_phone", ""))

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("new_full_name") and not self.has_error("new_full_name"):
            self.add_error("new_full_name", _("Find the petitioner, or enter a new petitioner's name."))
        return data


class PetitionEditForm(VersionedFormMixin, PetitionFieldsMixin):
    pass


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class ReceptionDayForm(forms.ModelForm):
    class Meta:
        model = ReceptionDay
        fields = ["org_unit", "on", "leader", "leader_title", "place", "note"]
        widgets = {"on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["org_unit"].queryset = units.exclude(level=OrgUnit.Level.VILLAGE)
        self.fields["org_unit"].label_from_instance = unit_label


# ---------------------------------------------------------------------------
# Workflow move forms (Petitions II)


class DatedForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", localdate())
        super().__init__(*args, **kwargs)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on


class NoteForm(DatedForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TextForm(DatedForm):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class NotAcceptForm(DatedForm):
    reason = forms.CharField(
        label=_("Why not accepted, and where to apply instead"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(NoteForm):
    to_unit = forms.ModelChoiceField(label=_("Forward to"), queryset=OrgUnit.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = OrgUnit.objects.exclude(level=OrgUnit.Level.VILLAGE)
        self.fields["to_unit"].label_from_instance = unit_label


class StepForm(TextForm):
    kind = forms.ChoiceField(
        label=_("Step"),
        choices=[("mediate", _("Mediation")), ("investigate", _("Investigation"))],
    )


class ReferForm(DatedForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    asked = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 2}))
    reply_due_on = forms.DateField(label=_("Reply due"), required=False, widget=DateInput())

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("reply_due_on") and data.get("on") and data["reply_due_on"] < data["on"]:
            self.add_error("reply_due_on", _("The reply cannot be due before the referral."))
        return data


class AgencyReplyForm(TextForm):
    adequate = forms.TypedChoiceField(
        label=_("Did the reply answer what was asked?"),
        choices=[("yes", _("Yes, adequate")), ("no", _("No, inadequate"))],
        coerce=lambda v: v == "yes",
    )


class ReplyForm(TextForm):
    method = forms.ChoiceField(label=_("Delivered"), choices=Petition.ReplyMethod.choices)


class ExtensionForm(DatedForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=deadlines.MAX_EXTENSION_DAYS, initial=30)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(NoteForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"), choices=[("yes", _("Approve")), ("no", _("Refuse"))], coerce=lambda v: v == "yes"
    )


class ConcludeForm(TextForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Petition.Outcome.choices)
    settled_level = forms.ChoiceField(label=_("Level settled at"), choices=Petition.Level.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False


class SatisfactionForm(DatedForm):
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Petition.Satisfaction.choices)
