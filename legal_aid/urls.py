from django.urls import path

from .views import assessors, cases, exports, orders, police_warnings

app_name = "legal_aid"

urlpatterns = [
    path("", cases.cases, name="cases"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/export.<str:fmt>", exports.cases_export, name="cases_export"),
    path("cases/<int:pk>/", cases.case, name="case"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="case_decide"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/<int:pk>/withdraw/", cases.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/void/", cases.case_void, name="case_void"),
    path("orders/", orders.orders, name="orders"),
    path("orders/new/", orders.order_create, name="order_create"),
    path("orders/export.<str:fmt>", exports.orders_export, name="orders_export"),
    path("orders/<int:pk>/", orders.order, name="order"),
    path("orders/<int:pk>/decide/", orders.order_decide, name="order_decide"),
    path("orders/<int:pk>/extend/", orders.order_extend, name="order_extend"),
    path("orders/<int:pk>/void/", orders.order_void, name="order_void"),
    path("warnings/", police_warnings.warnings, name="warnings"),
    path("warnings/new/", police_warnings.warning_create, name="warning_create"),
    path("warnings/export.<str:fmt>", exports.warnings_export, name="warnings_export"),
    path("warnings/<int:pk>/", police_warnings.warning, name="warning"),
    path("warnings/<int:pk>/visits/", police_warnings.warning_visit, name="warning_visit"),
    path("warnings/<int:pk>/void/", police_warnings.warning_void, name="warning_void"),
    path("assessors/", assessors.assessors, name="assessors"),
    path("assessors/new/", assessors.assessor_create, name="assessor_create"),
    path("assessors/<int:pk>/", assessors.assessor, name="assessor"),
    path("assessors/<int:pk>/hearings/", assessors.hearing_create, name="hearing_create"),
    path("assessors/<int:pk>/void/", assessors.assessor_void, name="assessor_void"),
    path("hearings/", assessors.hearings, name="hearings"),
    path("hearings/export.<str:fmt>", exports.hearings_export, name="hearings_export"),
]
