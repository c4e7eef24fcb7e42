from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("drafts/new/", views.draft_create, name="draft_create"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/issue/", views.draft_issue, name="draft_issue"),
    path("drafts/<int:pk>/download/<str:fmt>/", views.draft_download, name="draft_download"),
    path("issued/<int:pk>/", views.issued, name="issued"),
    path("issued/<int:pk>/download/<str:fmt>/", views.issued_download, name="issued_download"),
]
