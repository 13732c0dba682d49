"""Users, roles and memberships in the admin, written through the actions layer.

Permissions come only from roles (`accounts.backends.RoleBackend`): Django's groups and a user's
own permissions would grant nothing, so they are not offered."""

from contextvars import ContextVar

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group, Permission
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from synergie.accounts import actions
from synergie.accounts.models import Membership, Role, User
from synergie.accounts.permission_labels import PermissionsField, permission_label
from synergie.audit.admin import read_values_with
from synergie.core.admin_display import field_in_language
from synergie.core.admin_writes import WritesThroughActions

admin.site.unregister(Group)


def _permission_labels(codes: list[str]) -> list[str]:
    """A role's permissions as the trail stores them ("needs.file_need"), named for a person."""
    permissions = {f"{p.content_type.app_label}.{p.codename}": p
                   for p in Permission.objects.select_related("content_type")}
    return [permission_label(permissions[code]) if code in permissions else code
            for code in codes]


read_values_with(Role, "permissions", _permission_labels)


class MembershipInline(admin.StackedInline):
    """Each membership with its labelled role and institution (a plain list: some 65
    institutions, named in the reader's language)."""

    model = Membership
    extra = 0
    fk_name = "user"
    fields = ["role", "institution"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Roles and institutions are edited on their own pages, not from a user's.
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget = field.widget.widget
        return field


# Who is setting a password, for the password form's save: Django's password view builds the form
# itself, without the request, and the admin object is shared by every request (so not there).
_acting_user: ContextVar = ContextVar("acting_user")


class PasswordForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        user = super().save(commit=False)  # the new hash (or an unusable one), not yet saved
        self.user = actions.do_set_user_password(user, password_hash=user.password,
                                                 acting_user=_acting_user.get())
        return self.user


@admin.register(User)
class UserAdmin(WritesThroughActions, DjangoUserAdmin):
    inlines = [MembershipInline]
    change_password_form = PasswordForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {
            "fields": ("is_active", "is_staff", "is_superuser"),
            "description": _("What the person may do comes from their roles, below."),
        }),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    filter_horizontal = []

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit trail and the needs name their authors

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data
                       if name in actions.USER_AUDITED_FIELDS}
            actions.do_update_user(obj, acting_user=request.user, **changes)
            return
        created = actions.do_create_user(
            obj.username, acting_user=request.user, password_hash=obj.password,
            first_name=obj.first_name, last_name=obj.last_name, email=obj.email,
        )
        obj.pk = created.pk
        obj._state.adding = False

    def user_change_password(self, request, id, form_url=""):
        token = _acting_user.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_user.reset(token)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            actions.do_revoke_role(membership, acting_user=request.user)
        for membership in memberships:
            if membership.pk:
                actions.do_revoke_role(Membership.objects.get(pk=membership.pk),
                                       acting_user=request.user)
            actions.do_grant_role(form.instance, membership.role, membership.institution,
                                  acting_user=request.user)


class RoleForm(forms.ModelForm):
    permissions = PermissionsField(required=False,
                                   label=capfirst(Role._meta.get_field("permissions").verbose_name))

    class Meta:
        model = Role
        fields = ["code", "name_fr", "name_nl", "name_en", "scope", "permissions"]


@admin.register(Role)
class RoleAdmin(WritesThroughActions, admin.ModelAdmin):
    form = RoleForm
    list_display = ["code", field_in_language(Role, "name_fr", "fr"),
                    field_in_language(Role, "name_nl", "nl"),
                    field_in_language(Role, "name_en", "en"), "scope"]

    def get_readonly_fields(self, request, obj=None):
        # Settings and other systems name a role by its code: it stays as created (said below).
        return ["code"] if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        return [(None, {
            "fields": RoleForm.Meta.fields,
            "description": _("A role's code cannot be changed once the role exists: settings and "
                             "other systems name the role by it."),
        })]

    def has_delete_permission(self, request, obj=None):
        return False  # memberships refer to roles; take the permissions away instead

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.fields
                  if name in actions.ROLE_FIELDS}
        if change:
            fields.pop("code", None)
            actions.do_update_role(obj, acting_user=request.user,
                                   permissions=form.cleaned_data["permissions"], **fields)
        else:
            created = actions.do_create_role(acting_user=request.user,
                                             permissions=form.cleaned_data["permissions"],
                                             **fields)
            obj.pk = created.pk
            obj._state.adding = False
