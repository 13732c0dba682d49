from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from synergie.core.health import healthz
from synergie.core.views import favicon

handler400 = "synergie.core.error_views.bad_request"
handler403 = "synergie.core.error_views.permission_denied"
handler404 = "synergie.core.error_views.page_not_found"
handler500 = "synergie.core.error_views.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    # The data catalogue's DCAT-AP export: a stable address, the same in every language.
    path("data/", include("synergie.datasets.export_urls")),
    # The REST API: not language-prefixed, its errors follow Accept-Language.
    path("api/v1/", include("synergie.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("synergie.site.urls")),
    path("accounts/", include("synergie.accounts.urls")),
    path("needs/", include("synergie.needs.urls")),
    path("opportunities/", include("synergie.opportunities.urls")),
    path("opportunities/", include("synergie.business_case.urls")),
    path("decisions/", include("synergie.decisions.urls")),
    path("portfolio/", include("synergie.portfolio.urls")),
    path("innovation/", include("synergie.innovation.urls")),
    path("catalogue/", include("synergie.catalogue.urls")),
    path("service-levels/", include("synergie.service_levels.urls")),
    path("projects/", include("synergie.delivery.urls")),
    path("landscape/", include("synergie.landscape.urls")),
    path("data/", include("synergie.datasets.urls")),
    path("algorithms/", include("synergie.algorithms.urls")),
    path("observatory/", include("synergie.observatory.urls")),
    path("campaigns/", include("synergie.campaigns.urls")),
    path("data-office/", include("synergie.data_office.urls")),
    path("open-data/", include("synergie.opendata.urls")),
    path("api/", include("synergie.api.page_urls")),
    path("admin/", admin.site.urls),
)

# Single sign-on, only where it is configured (docs/settings.md).
if settings.SYNERGIE_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("synergie.accounts.oidc_urls")))
