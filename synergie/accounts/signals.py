from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS


def sync_default_roles(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After migrating, create the default roles and give them their new permissions.

    A data migration on a fresh database could not see the permissions yet, so this runs on
    post_migrate and first makes sure every app's permissions exist. A default role receives
    each permission of its definition once (see DefaultGrant): an administrator's later edits
    stand.
    """
    from synergie.accounts.models import DefaultGrant, Role
    from synergie.accounts.roles import DEFAULT_ROLES

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for definition in DEFAULT_ROLES:
        role, _ = Role.objects.using(using).get_or_create(
            code=definition.code,
            defaults={"name_fr": definition.name_fr, "name_nl": definition.name_nl,
                      "name_en": definition.name_en, "scope": definition.scope},
        )
        for perm in definition.permissions:
            app_label, codename = perm.split(".")
            permission = Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
            _, new = DefaultGrant.objects.using(using).get_or_create(role=role,
                                                                   permission=permission)
            if new:
                role.permissions.add(permission)
