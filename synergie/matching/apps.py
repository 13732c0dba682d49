from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "synergie.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from synergie.matching.engine import limit_blas_threads

        limit_blas_threads()
