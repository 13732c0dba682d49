from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS


def create_default_roles(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After migrating, create the default roles that do not exist yet.

    A data migration on a fresh database could not see the permissions yet, so this runs on
    post_migrate and first makes sure every app's permissions exist. Existing roles are left as
    the administrator edited them.
    """
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    from synergie.accounts.models import Role
    from synergie.accounts.roles import DEFAULT_ROLES

    for definition in DEFAULT_ROLES:
        if Role.objects.using(using).filter(code=definition.code).exists():
            continue
        role = Role.objects.using(using).create(
            code=definition.code,
            name_fr=definition.name_fr,
            name_nl=definition.name_nl,
            name_en=definition.name_en,
            scope=definition.scope,
        )
        role.permissions.set(
            [
                Permission.objects.using(using).get(
                    content_type__app_label=perm.split(".")[0], codename=perm.split(".")[1]
                )
                for perm in definition.permissions
            ]
        )
