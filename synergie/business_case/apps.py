from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCaseConfig(AppConfig):
    name = "synergie.business_case"
    label = "business_case"
    verbose_name = _("Regional business case")
