from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandscapeConfig(AppConfig):
    name = "synergie.landscape"
    label = "landscape"
    verbose_name = _("Application landscape")

    def ready(self):
        from synergie.landscape.related import connect

        connect()
