from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "synergie.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from synergie.accounts.signals import sync_default_roles

        post_migrate.connect(sync_default_roles, sender=self)
