"""One date style and thousands-grouped money in both languages; years, codes and form values never grouped."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from directory.forms import DateInput

LANGUAGES = ["en", "zh-hans"]


def render(source, **context):
    return Template("{% load humanize %}" + source).render(Context(context))


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_times_print_as_iso_in_every_language(language):
    with translation.override(language):
        at = datetime(2026, 12, 4, 15, 7, tzinfo=ZoneInfo("Asia/Shanghai"))
        assert render("{{ d }}|{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}", d=date(2026, 12, 4)) == (
            "2026-12-04|2026-12-04|2026-12-04"
        )
        assert render("{{ at }}|{{ at|date:'DATETIME_FORMAT' }}", at=at) == "2026-12-04 15:07|2026-12-04 15:07"


@pytest.mark.parametrize("language", LANGUAGES)
def test_money_is_grouped_by_thousands_but_years_and_codes_are_not(language):
    with translation.override(language):
        assert render('{{ m|floatformat:"2g" }}', m=Decimal("12345")) == "12,345.00"
        assert render('{{ m|floatformat:"2g" }}', m=Decimal("1234567.5")) == "1,234,567.50"
        assert render("{{ n|intcomma }}", n=48210) == "48,210"
        assert render("{{ year }} {{ code }} {{ pk }}", year=2025, code=440282001000, pk=12345) == (
            "2025 440282001000 12345"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_inputs_keep_values_a_form_can_read_back(language):
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())
        amount = forms.DecimalField(decimal_places=2)
        year = forms.IntegerField()

    with translation.override(language):
        html = str(Form(initial={"on": date(2026, 12, 4), "amount": Decimal("12345.00"), "year": 2025}))
        assert 'value="2026-12-04"' in html and 'value="12345.00"' in html and 'value="2025"' in html
        bound = Form(data={"on": "2026-12-04", "amount": "12345.00", "year": "2025"})
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data == {"on": date(2026, 12, 4), "amount": Decimal("12345.00"), "year": 2025}
