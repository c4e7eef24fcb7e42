from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("templates/", views.templates, name="templates"),
    path("templates/<str:kind>/", views.template_edit, name="template"),
    path("issue/<str:kind>/<int:pk>/", views.issue, name="issue"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
