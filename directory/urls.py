from django.urls import path

from . import audit_views, security_views, twofactor_views, views

app_name = "directory"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("agencies/", views.agencies, name="agencies"),
    path("volunteers/", views.volunteers, name="volunteers"),
    path("service-points/", views.service_points, name="service_points"),
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("access-log/", audit_views.access_log, name="access_log"),
    path("access-log/export/", audit_views.access_log_export, name="access_log_export"),
    path("two-factor/", twofactor_views.devices, name="otp_devices"),
    path("two-factor/verify/", twofactor_views.verify, name="otp_verify"),
    path("two-factor/set-up/", twofactor_views.enrol, name="otp_enrol"),
    path("two-factor/remove/", twofactor_views.remove, name="otp_remove"),
    path("two-factor/recovery-codes/", twofactor_views.new_codes, name="otp_new_codes"),
    path("sign-in-security/", security_views.security, name="security"),
    path("sign-in-security/unlock/", security_views.unlock, name="security_unlock"),
    path("sign-in-security/reset-two-factor/", security_views.reset_second_factor, name="security_reset"),
]
