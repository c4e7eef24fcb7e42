from django.urls import path

from . import views

app_name = "legal_aid"

urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/export.<str:fmt>", views.cases_export, name="cases_export"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/void/", views.case_void, name="case_void"),
    path("orders/", views.orders, name="orders"),
    path("orders/new/", views.order_create, name="order_create"),
    path("orders/export.<str:fmt>", views.orders_export, name="orders_export"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("orders/<int:pk>/decide/", views.order_decide, name="order_decide"),
    path("orders/<int:pk>/extend/", views.order_extend, name="order_extend"),
    path("orders/<int:pk>/void/", views.order_void, name="order_void"),
    path("warnings/", views.warnings, name="warnings"),
    path("warnings/new/", views.warning_create, name="warning_create"),
    path("warnings/export.<str:fmt>", views.warnings_export, name="warnings_export"),
    path("warnings/<int:pk>/", views.warning, name="warning"),
    path("warnings/<int:pk>/visits/", views.warning_visit, name="warning_visit"),
    path("warnings/<int:pk>/void/", views.warning_void, name="warning_void"),
    path("assessors/", views.assessors, name="assessors"),
    path("assessors/new/", views.assessor_create, name="assessor_create"),
    path("assessors/<int:pk>/", views.assessor, name="assessor"),
    path("assessors/<int:pk>/hearings/", views.hearing_create, name="hearing_create"),
    path("assessors/<int:pk>/void/", views.assessor_void, name="assessor_void"),
    path("hearings/", views.hearings, name="hearings"),
    path("hearings/export.<str:fmt>", views.hearings_export, name="hearings_export"),
]
