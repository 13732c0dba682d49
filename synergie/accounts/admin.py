from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from synergie.accounts import actions
from synergie.accounts.models import Membership, Role, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["institution"]
    fk_name = "user"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]

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


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_nl", "name_en", "scope"]
    filter_horizontal = ["permissions"]

    def has_delete_permission(self, request, obj=None):
        return False  # memberships refer to roles; take the permissions away instead

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        fields = {name: form.cleaned_data[name] for name in ("name_fr", "name_nl", "name_en",
                                                              "scope")}
        actions.do_update_role(form.instance, acting_user=request.user,
                               permissions=form.cleaned_data["permissions"], **fields)
