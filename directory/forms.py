from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .locking import VersionedFormMixin
from .models import OrgUnit, Person, UnitLookupError
from .services import PERSON_FIELDS
from .validators import birth_date_from_id, normalize_id_number, normalize_phone


def unit_label(unit: OrgUnit) -> str:
    """A unit's name indented by its depth, with its code as people write it (440282), for select boxes."""
    label = "\u3000" * (unit.depth - 1) + unit.name
    return f"{label} · {unit.short_code}" if unit.code else label


class ResolvesUnit:
    """A unit field that also takes a division code or a name (`OrgUnit.objects.resolve`), not only an id.

    The choices stay the select box's; a link or query string may say
    `?unit=440282100` instead of an id. Only units of the field's queryset
    (the user's) are found.
    """

    resolved = None  # (raw value, unit) of the last value cleaned, to show it chosen in the select box

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, OrgUnit):
            value = value.pk
        raw = str(value)
        try:
            unit = self.queryset.resolve(raw, ids=True)
        except UnitLookupError as error:
            # The message quotes what was typed: passed as a parameter, a "%" in it is never a format directive.
            raise ValidationError("%(message)s", params={"message": error.message}, code="invalid_choice") from None
        self.resolved = (raw, unit)
        return unit

    def prepare_value(self, value):
        if self.resolved is not None and isinstance(value, str) and value == self.resolved[0]:
            return self.resolved[1].pk
        return super().prepare_value(value)


class UnitChoiceField(ResolvesUnit, forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_from_instance = unit_label


def staff_label(user) -> str:
    """A staff member's name and unit, for select boxes (load `staff__org_unit` with the users)."""
    name = user.get_full_name() or user.get_username()
    staff = getattr(user, "staff", None)
    return f"{name} · {staff.org_unit.name}" if staff else name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(VersionedFormMixin, forms.ModelForm):
    confirm_new = forms.BooleanField(
        label=_("I checked the possible matches above: this is a different person."), required=False
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "address": forms.TextInput(attrs={"size": 40}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["org_unit"].queryset = units
        self.fields["org_unit"].label_from_instance = unit_label
        self.fields["id_number"].widget.attrs.update(autocomplete="off", inputmode="text", maxlength=18)
        self.fields["phone"].widget.attrs.update(autocomplete="off", inputmode="tel")

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        value = normalize_id_number(value) if value else ""
        # The same number registered anywhere, also in units this user cannot
        # see: say so without revealing who or where.
        others = Person.objects.with_id_number(value).exclude(pk=self.instance.pk) if value else Person.objects.none()
        if others.exists():
            raise forms.ValidationError(
                _("This ID number is already registered. Search for her record, or ask the unit that registered her."),
                code="duplicate",
            )
        return value

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        id_number, birth_date = data.get("id_number"), data.get("birth_date")
        if id_number and birth_date and birth_date_from_id(id_number) not in (None, birth_date):
            self.add_error("birth_date", _("The birth date differs from the one in the ID number."))
        return data


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, pinyin, phone or ID number"),
                "autofocus": True,
                "type": "search",
                "size": 28,
            }
        ),
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All my units")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units.exclude(level=OrgUnit.Level.VILLAGE)


class TokenForm(forms.Form):
    user = forms.ModelChoiceField(label=_("For user"), queryset=None)
    name = forms.CharField(
        label=_("Purpose"), max_length=100, help_text=_("What the token is for, e.g. 12338 hotline platform.")
    )

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"
