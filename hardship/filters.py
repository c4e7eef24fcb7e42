import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.filters import SubtreeFilter, offer_units
from directory.forms import DateInput

from .figures import poor_woman_student
from .models import Assistance, Enrolment, Household, HousingUnit, Programme, single_poor_mother_q


class SearchInput(forms.TextInput):
    input_type = "search"


def _yes_no(label, **kwargs):
    choices = [("", "—"), ("true", _("Yes")), ("false", _("No"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)


def _search(label):
    return django_filters.CharFilter(label=label, method="filter_search", widget=SearchInput())


class UnitFilterSet(django_filters.FilterSet):
    """A list filtered by unit: its programme's unit and everything under it, as the figures count."""

    unit = SubtreeFilter(label=_("Unit"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            offer_units(self, units)


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains", widget=SearchInput())
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Programme.Kind.choices)
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = Programme
        fields = ["q", "kind", "year"]


class HouseholdFilter(django_filters.FilterSet):
    q = _search(_("Head: name, pinyin, phone or ID"))
    is_single_parent = _yes_no(_("single-parent"))
    is_extremely_poor = _yes_no(_("extremely poor (tekun)"))
    is_low_income = _yes_no(_("low-income (dibao)"))

    class Meta:
        model = Household
        fields = ["q", "is_single_parent", "is_extremely_poor", "is_low_income"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class AssistanceFilter(UnitFilterSet):
    q = _search(_("Head: name, pinyin, phone or ID"))
    programme__kind = django_filters.ChoiceFilter(label=_("programme kind"), choices=Programme.Kind.choices)
    programme = django_filters.NumberFilter(widget=forms.HiddenInput)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Assistance.Kind.choices)
    given_from = django_filters.DateFilter(
        label=_("from"), field_name="given_on", lookup_expr="gte", widget=DateInput()
    )
    given_to = django_filters.DateFilter(label=_("to"), field_name="given_on", lookup_expr="lte", widget=DateInput())
    single_poor_mother = _yes_no(_("single-parent, extremely poor mother"), method="filter_single_poor_mother")

    class Meta:
        model = Assistance
        fields = ["q", "programme__kind", "kind", "given_from", "given_to", "programme"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(household__in=Household.objects.search(value).values("pk"))

    def filter_single_poor_mother(self, queryset, name, value):
        return queryset.filter(single_poor_mother_q()) if value else queryset.exclude(single_poor_mother_q())


class HousingUnitFilter(UnitFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=HousingUnit.Status.choices)
    programme__year = django_filters.NumberFilter(label=_("year"))
    completed_from = django_filters.DateFilter(
        label=_("completed from"), field_name="completed_on", lookup_expr="gte", widget=DateInput()
    )
    completed_to = django_filters.DateFilter(
        label=_("to"), field_name="completed_on", lookup_expr="lte", widget=DateInput()
    )
    programme = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = HousingUnit
        fields = ["status", "programme__year", "programme"]


class EnrolmentFilter(UnitFilterSet):
    q = _search(_("Student: name, pinyin, phone or ID"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=Enrolment.Status.choices)
    employed = django_filters.BooleanFilter(
        label=_("employed"), field_name="employed_on", lookup_expr="isnull", exclude=True
    )
    training_class__programme__year = django_filters.NumberFilter(label=_("year"))
    enrolled_from = django_filters.DateFilter(
        label=_("enrolled from"), field_name="enrolled_on", lookup_expr="gte", widget=DateInput()
    )
    enrolled_to = django_filters.DateFilter(
        label=_("to"), field_name="enrolled_on", lookup_expr="lte", widget=DateInput()
    )
    poor_woman = _yes_no(_("poor woman (as the figures count students)"), method="filter_poor_woman")

    class Meta:
        model = Enrolment
        fields = ["q", "status", "employed", "training_class__programme__year"]

    def filter_poor_woman(self, queryset, name, value):
        return queryset.filter(poor_woman_student()) if value else queryset.exclude(poor_woman_student())

    def filter_search(self, queryset, name, value):
        from directory.models import Person

        return queryset.filter(student__in=Person.objects.search(value).values("pk"))
