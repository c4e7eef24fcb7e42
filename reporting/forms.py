from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, UnitChoiceField
from directory.models import OrgUnit
from directory.periods import Period

from .models import LANGUAGES

# What belongs in the sections no figure can write, shown to the writer while the section is empty
# (as in the work reports offices send up). An empty section is left out of the issued report.
LEFT_OUT_WHEN_EMPTY = _("Left empty, this section is left out of the report, and the headings after it are renumbered.")
GUIDANCE = {
    "problems": _(
        "What held the work back, one point per paragraph numbered (一)(二)(三): for example, the federation "
        "depends on other departments and its results do not show; village women cadres and mediators lack "
        "legal knowledge and mediation skills; women, rural women above all, know too little of their rights "
        "to gather evidence in time; marriage and family petitions (domestic violence, cohabitation, an "
        "unfaithful spouse) stay high."
    ),
    "next_steps": _(
        "What the federation will do next, one measure per paragraph numbered (一)(二)(三): for example, raise "
        "women's awareness and ability to defend their rights through publicity, mediation, consultation and "
        "legal aid; improve the mechanisms (early warning of domestic violence with the police, settling "
        "disputes with the departments concerned); train the cadres who do rights work."
    ),
}


class PeriodForm(forms.Form):
    """Pick a unit and a period: month, quarter, half-year, year to date, year or a custom range."""

    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Period"), choices=list(Period.KINDS.items()), initial="ytd")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month (or up to month)"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4, required=False)
    half = forms.IntegerField(label=_("Half-year"), min_value=1, max_value=2, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="zh-hans", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            units.exclude(level=OrgUnit.Level.VILLAGE) if units is not None else OrgUnit.objects.none()
        )
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month

    def clean(self):
        data = super().clean()
        kind, year = data.get("kind"), data.get("year")
        if not kind or not year:
            return data
        needed = {"month": "month", "ytd": "month", "quarter": "quarter", "half": "half"}.get(kind)
        if needed and not data.get(needed):
            self.add_error(needed, _("Choose which one."))
            return data
        try:
            data["period"] = {
                "month": lambda: Period.month(year, data["month"]),
                "ytd": lambda: Period.year_to(year, data["month"]),
                "quarter": lambda: Period.quarter(year, data["quarter"]),
                "half": lambda: Period.half(year, data["half"]),
                "year": lambda: Period.year(year),
                "custom": lambda: self._custom(data),
            }[kind]()
        except ValueError as error:
            self.add_error("end", str(error))
        return data

    def _custom(self, data) -> Period:
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            raise ValueError(_("Give both dates of a custom range."))
        if end < start:
            raise ValueError(_("The range ends before it starts."))
        if end > date(2100, 1, 1):
            raise ValueError(_("The range ends too far in the future."))
        return Period(start, end, "custom")
