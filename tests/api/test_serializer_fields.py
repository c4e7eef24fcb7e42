"""The project's ModelSerializer builds a class's fields from the model once; each use gets its own.

A choice's label is read from the model field's choices, in the language of the request."""

import pytest
from django.utils import translation

from directory.models import Agency
from directory.rest import ChoiceLabelField, ModelSerializer


def agency_serializer():
    class AgencySerializer(ModelSerializer):
        kind_display = ChoiceLabelField(source="kind")

        class Meta:
            model = Agency
            fields = ["id", "name", "kind", "kind_display"]

    return AgencySerializer


def test_the_fields_are_built_from_the_model_once_per_class(monkeypatch):
    built = []
    build_field = ModelSerializer.build_field

    def counting(self, field_name, *args):
        built.append(field_name)
        return build_field(self, field_name, *args)

    monkeypatch.setattr(ModelSerializer, "build_field", counting)
    serializer_class = agency_serializer()
    for _ in range(3):
        assert list(serializer_class().fields) == ["id", "name", "kind", "kind_display"]
    assert built == ["id", "name", "kind"]


def test_each_use_gets_fields_of_its_own():
    serializer_class = agency_serializer()
    first, second = serializer_class(), serializer_class()
    first.fields["name"].read_only = True
    first.fields["name"].label = "changed for one use"
    assert first.fields["name"] is not second.fields["name"]
    assert second.fields["name"].read_only is False
    assert serializer_class().fields["name"].label != "changed for one use"
    assert second.fields["name"].parent is second


def test_a_subclass_builds_its_own_fields():
    parent = agency_serializer()
    assert "address" not in parent().fields  # the parent's are kept first

    class WithAddress(parent):
        class Meta(parent.Meta):
            fields = [*parent.Meta.fields, "address"]

    assert "address" in WithAddress().fields
    assert "address" not in parent().fields


@pytest.mark.parametrize("language, label", [("zh-hans", "司法局"), ("en", "Justice bureau")])
def test_a_choice_label_is_the_one_django_shows_in_the_request_language(language, label):
    agency = Agency(name="县司法局", kind=Agency.Kind.JUSTICE)
    with translation.override(language):
        assert agency_serializer()(agency).data["kind_display"] == agency.get_kind_display() == label


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert agency_serializer()(Agency(name="x", kind="retired_kind")).data["kind_display"] == "retired_kind"


def test_a_serializer_validates_as_drf_does(db):
    invalid = agency_serializer()(data={"name": "", "kind": "nonsense"})
    assert not invalid.is_valid()
    assert set(invalid.errors) == {"name", "kind"}
