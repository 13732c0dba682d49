"""The product's URLs plus one page that fails, to see the 500 page a person would get."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from synergie.urls import handler400, handler403, handler404, handler500  # noqa: F401
from synergie.urls import urlpatterns as product_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [*product_urlpatterns, *i18n_patterns(path("failing/", failing_view))]
