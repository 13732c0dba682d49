from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top layer: the home page, the dashboard, the main menu and the demo, which read
    across every app below."""

    name = "synergie.site"
    label = "site"
    verbose_name = _("Site")
