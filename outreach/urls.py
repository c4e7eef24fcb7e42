from django.urls import path

from .views import campaigns, events, figures, network, teams, training

app_name = "outreach"

urlpatterns = [
    path("", events.events, name="events"),
    path("events/export/", events.events_export, name="events_export"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/void/", events.event_void, name="event_void"),
    path("events/<int:pk>/photos/", events.event_photo_add, name="event_photo_add"),
    path("events/<int:pk>/photos/<int:photo_pk>/", events.event_photo, name="event_photo"),
    path("campaigns/", campaigns.campaigns, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign, name="campaign"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/void/", campaigns.campaign_void, name="campaign_void"),
    path("training/", training.trainings, name="trainings"),
    path("training/export/", training.trainings_export, name="trainings_export"),
    path("training/new/", training.training_create, name="training_create"),
    path("training/<int:pk>/", training.training, name="training"),
    path("training/<int:pk>/edit/", training.training_edit, name="training_edit"),
    path("training/<int:pk>/void/", training.training_void, name="training_void"),
    path("training/<int:pk>/trainees/", training.trainees_add, name="trainees_add"),
    path("training/<int:pk>/trainees/<int:trainee_pk>/remove/", training.trainee_remove, name="trainee_remove"),
    path("teams/", teams.teams, name="teams"),
    path("teams/<int:pk>/", teams.team, name="team"),
    path("network/", network.network, name="network"),
    path("network/<int:pk>/", network.network, name="network_unit"),
    path("network/points/open/", network.point_open, name="point_open"),
    path("network/points/<int:pk>/close/", network.point_close, name="point_close"),
    path("figures/", figures.figures, name="figures"),
]
