from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.events, name="events"),
    path("events/export/", views.events_export, name="events_export"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/void/", views.event_void, name="event_void"),
    path("events/<int:pk>/photos/", views.event_photo_add, name="event_photo_add"),
    path("events/<int:pk>/photos/<int:photo_pk>/", views.event_photo, name="event_photo"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/void/", views.campaign_void, name="campaign_void"),
    path("training/", views.trainings, name="trainings"),
    path("training/export/", views.trainings_export, name="trainings_export"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/<int:pk>/", views.training, name="training"),
    path("training/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("training/<int:pk>/void/", views.training_void, name="training_void"),
    path("training/<int:pk>/trainees/", views.trainees_add, name="trainees_add"),
    path("training/<int:pk>/trainees/<int:trainee_pk>/remove/", views.trainee_remove, name="trainee_remove"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("network/", views.network, name="network"),
    path("network/<int:pk>/", views.network, name="network_unit"),
    path("network/points/open/", views.point_open, name="point_open"),
    path("network/points/<int:pk>/close/", views.point_close, name="point_close"),
    path("figures/", views.figures, name="figures"),
]
