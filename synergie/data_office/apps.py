from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataOfficeConfig(AppConfig):
    name = "synergie.data_office"
    label = "data_office"
    verbose_name = _("Data office")

    def ready(self) -> None:
        from synergie.data_office.section import need_section
        from synergie.needs.page_sections import register

        register("data_office", need_section)
