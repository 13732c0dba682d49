from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "synergie.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from synergie.matching.engine import limit_blas_threads

        limit_blas_threads()

        from synergie.core.signals import health_check, maintenance_due
        from synergie.matching.maintenance import on_health_check, on_maintenance

        maintenance_due.connect(on_maintenance, dispatch_uid="synergie.matching")
        health_check.connect(on_health_check, dispatch_uid="synergie.matching")

        from synergie.matching.tasks import on_maintenance as on_map_maintenance
        from synergie.matching.tasks import on_need_changed

        maintenance_due.connect(on_map_maintenance, dispatch_uid="synergie.matching.map")

        from synergie.needs.signals import need_changed

        need_changed.connect(on_need_changed, dispatch_uid="synergie.matching")

        from synergie.matching.need_pages import ANSWERS
        from synergie.needs import matching_port

        matching_port.provide(ANSWERS)
