"""Users, roles and memberships.

A role is data: a named set of Django permissions with a scope. An institution-scoped role
(contributor) grants its permissions only on objects of the member's institution; a
region-scoped role (analyst, PMO, ...) grants them on every object. Which role may do what is
edited in the admin, not in code; code only ever asks `user.has_perm(codename, obj)`.
"""

from django.contrib.auth.models import AbstractUser, Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from synergie.core.i18n import TranslatedNameMixin


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleScope(models.TextChoices):
    INSTITUTION = "institution", _("On the objects of the member's institution")
    REGION = "region", _("On every object of the region")


class Role(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    scope = models.CharField(_("scope"), max_length=20, choices=RoleScope.choices)
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("permissions"))

    class Meta:
        ordering = ["scope", "code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("role")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("institution"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"], name="unique_membership"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(institution__isnull=True),
                name="unique_regional_membership",
            ),
        ]

    def clean(self) -> None:
        if self.role_id is None:
            return
        if self.role.scope == RoleScope.INSTITUTION and self.institution_id is None:
            raise ValidationError({"institution": _("This role needs an institution.")})
        if self.role.scope == RoleScope.REGION and self.institution_id is not None:
            raise ValidationError({"institution": _("A regional role has no institution.")})

    def __str__(self) -> str:
        if self.institution_id:
            return f"{self.user} · {self.role} · {self.institution}"
        return f"{self.user} · {self.role}"


class DefaultGrant(models.Model):
    """A permission the code once gave a default role. New releases add the permissions they
    introduce to the default roles once; what an administrator took away stays away."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    permission = models.ForeignKey(Permission, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("default grant")
        verbose_name_plural = _("default grants")
        constraints = [
            models.UniqueConstraint(fields=["role", "permission"], name="unique_default_grant")
        ]
