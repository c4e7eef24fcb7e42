from django.urls import path

from . import audit_views, views

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
]
