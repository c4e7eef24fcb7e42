from django.urls import path

from . import views

app_name = "hardship"

urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_form, name="programme_create"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_form, name="programme_edit"),
    path("programmes/<int:pk>/assistance/new/", views.assistance_create, name="assistance_create"),
    path("programmes/<int:programme_pk>/housing/new/", views.housing_unit_form, name="housing_unit_create"),
    path("programmes/<int:programme_pk>/classes/new/", views.training_class_form, name="training_class_create"),
    path("households/", views.households, name="households"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household, name="household"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/members/", views.household_member_add, name="household_member_add"),
    path("assistance/", views.assistance_list, name="assistance_list"),
    path("assistance/<int:pk>/", views.assistance, name="assistance"),
    path("assistance/<int:pk>/receipts/", views.receipt_upload, name="receipt_upload"),
    path("receipts/<int:pk>/", views.receipt_download, name="receipt"),
    path("housing/", views.housing_units, name="housing_units"),
    path("housing/<int:pk>/", views.housing_unit, name="housing_unit"),
    path("housing/<int:pk>/edit/", views.housing_unit_form, name="housing_unit_edit"),
    path("housing/<int:pk>/advance/", views.housing_unit_advance, name="housing_unit_advance"),
    path("classes/<int:pk>/", views.training_class, name="training_class"),
    path("classes/<int:pk>/edit/", views.training_class_form, name="training_class_edit"),
    path("classes/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/", views.enrolments, name="enrolments"),
    path("enrolments/<int:pk>/<slug:step>/", views.enrolment_step, name="enrolment_step"),
    path("<slug:kind>/<int:pk>/void/", views.void, name="void"),
]
