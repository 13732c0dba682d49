from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceLevelsConfig(AppConfig):
    name = "synergie.service_levels"
    label = "service_levels"
    verbose_name = _("Service levels")
