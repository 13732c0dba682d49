"""The site's URLconf as it is with single sign-on configured (synergie/urls.py adds /oidc/ only
when SYNERGIE_OIDC_CLIENT_ID is set at start-up)."""

from django.urls import include, path

from synergie.urls import handler400, handler403, handler404, handler500  # noqa: F401
from synergie.urls import urlpatterns as site_patterns

urlpatterns = [path("oidc/", include("synergie.accounts.oidc_urls")), *site_patterns]
