"""The `/api/v1/` URLs: every app's `api.py` registers its viewsets on `directory.rest.router`."""

from django.urls import path
from django.utils.module_loading import autodiscover_modules
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from directory.rest import router


def _exempt_from_login_middleware(patterns):
    # The API answers 401 itself (token or session); the page middleware
    # must not redirect API clients to the sign-in page.
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns


def urlpatterns():
    autodiscover_modules("api")
    return _exempt_from_login_middleware(
        [
            *router.urls,
            path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
            path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
        ]
    ) + [
        # Redoc injects <style> elements as it draws, which the Content-Security-Policy
        # blocks (the page stays blank): its old address leads to the Swagger UI.
        path("redoc/", RedirectView.as_view(pattern_name="api-docs"), name="api-redoc"),
    ]
