from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "synergie.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from synergie.core.signals import task_abandoned
        from synergie.portfolio.tasks import on_task_abandoned

        task_abandoned.connect(on_task_abandoned, dispatch_uid="synergie.portfolio")
