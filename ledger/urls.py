from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.batches, name="batches"),
    path("upload/", views.upload, name="upload"),
    path("template/<slug:kind>.<str:fmt>", views.template, name="template"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/undo/", views.undo, name="undo"),
]
