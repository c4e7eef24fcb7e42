from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog, set_language

from directory import views as directory_views
from directory.health import healthz
from rights_office import api

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("i18n/js/", cache_control(max_age=3600)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("directory/", include("directory.urls")),
    path("api/v1/", include(api.urlpatterns())),
    path("outreach/", include("outreach.urls")),
    path("hardship/", include("hardship.urls")),
    path("petitions/", include("petitions.urls")),
    path("legal-aid/", include("legal_aid.urls")),
    path("reports/", include("reporting.urls")),
    path("documents/", include("documents.urls")),
    path("jobs/", include("jobs.urls")),
    path("ledger/", include("ledger.urls")),
    path("admin/", admin.site.urls),
]

urlpatterns.append(path("healthz", healthz, name="healthz"))
handler500 = "directory.unavailable.server_error"
