from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "synergie.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue of regional solutions")

    def ready(self):
        from synergie.catalogue.related import connect

        connect()
