from django.urls import path

from .views import assistance, households, housing, programmes, training, voiding

app_name = "hardship"

urlpatterns = [
    path("", programmes.programmes, name="programmes"),
    path("programmes/new/", programmes.programme_form, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme, name="programme"),
    path("programmes/<int:pk>/edit/", programmes.programme_form, name="programme_edit"),
    path("programmes/<int:pk>/assistance/new/", assistance.assistance_create, name="assistance_create"),
    path("programmes/<int:programme_pk>/housing/new/", housing.housing_unit_form, name="housing_unit_create"),
    path("programmes/<int:programme_pk>/classes/new/", training.training_class_form, name="training_class_create"),
    path("households/", households.households, name="households"),
    path("households/new/", households.household_create, name="household_create"),
    path("households/<int:pk>/", households.household, name="household"),
    path("households/<int:pk>/edit/", households.household_edit, name="household_edit"),
    path("households/<int:pk>/members/", households.household_member_add, name="household_member_add"),
    path("assistance/", assistance.assistance_list, name="assistance_list"),
    path("assistance/<int:pk>/", assistance.assistance, name="assistance"),
    path("assistance/<int:pk>/receipts/", assistance.receipt_upload, name="receipt_upload"),
    path("receipts/<int:pk>/", assistance.receipt_download, name="receipt"),
    path("housing/", housing.housing_units, name="housing_units"),
    path("housing/<int:pk>/", housing.housing_unit, name="housing_unit"),
    path("housing/<int:pk>/edit/", housing.housing_unit_form, name="housing_unit_edit"),
    path("housing/<int:pk>/advance/", housing.housing_unit_advance, name="housing_unit_advance"),
    path("classes/<int:pk>/", training.training_class, name="training_class"),
    path("classes/<int:pk>/edit/", training.training_class_form, name="training_class_edit"),
    path("classes/<int:pk>/enrol/", training.enrol, name="enrol"),
    path("enrolments/", training.enrolments, name="enrolments"),
    path("enrolments/<int:pk>/<slug:step>/", training.enrolment_step, name="enrolment_step"),
    path("<slug:kind>/<int:pk>/void/", voiding.void, name="void"),
]
