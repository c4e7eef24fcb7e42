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


def test_a_validator_added_for_one_use_is_not_added_to_the_next():
    serializer_class = agency_serializer()
    first = serializer_class()
    before = len(first.fields["name"].validators)
    first.fields["name"].validators.append(lambda value: None)
    first.fields["name"].error_messages["blank"] = "changed for one use"
    second = serializer_class()
    assert len(second.fields["name"].validators) == before
    assert second.fields["name"].error_messages["blank"] != "changed for one use"


def test_a_nested_serializer_is_bound_to_the_use_that_holds_it():
    inner = agency_serializer()

    class Outer(ModelSerializer):
        agencies = inner(many=True, read_only=True, source="children")

        class Meta:
            model = Agency
            fields = ["id", "agencies"]

    first, second = Outer(context={"who": 1}), Outer(context={"who": 2})
    assert first.fields["agencies"] is not second.fields["agencies"]
    assert first.fields["agencies"].child.context == {"who": 1}
    assert second.fields["agencies"].child.context == {"who": 2}
