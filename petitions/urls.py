from django.urls import path

from . import views, workflow_views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("export/<str:fmt>/", views.petition_export, name="export"),
    path("new/", views.intake, name="intake"),
    path("people/", views.person_lookup, name="person_lookup"),
    path("mine/", workflow_views.my_deadlines, name="my_deadlines"),
    path("overdue/", workflow_views.overdue, name="overdue"),
    path("approvals/", workflow_views.awaiting_approval, name="approvals"),
    path("reception-days/", views.reception_days, name="reception_days"),
    path("reception-days/new/", views.reception_day_create, name="reception_day_create"),
    path("reception-days/<int:pk>/", views.reception_day, name="reception_day"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/edit/", views.petition_edit, name="edit"),
    path("<int:pk>/void/", views.petition_void, name="void"),
    path("<int:pk>/attachments/", views.attachment_add, name="attach"),
    path("<int:pk>/attachments/<int:att>/", views.attachment_download, name="attachment"),
    path("<int:pk>/move/<str:name>/", workflow_views.move, name="move"),
]
