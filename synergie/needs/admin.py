"""Needs in the Django admin. Writes go through the actions layer; status only moves through the
workflow (on the need's page), and needs are withdrawn, never deleted."""

from django.contrib import admin

from synergie.needs import actions
from synergie.needs.models import Need, NeedCost


class NeedCostInline(admin.TabularInline):
    model = NeedCost
    extra = 0
    can_delete = False
    readonly_fields = ["year", "one_off", "recurring"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "domain", "status", "confidentiality", "total_cost"]
    list_filter = ["status", "confidentiality", "institution__kind", "domain", "language"]
    search_fields = ["title", "description", "institution__name_fr", "institution__name_nl"]
    list_select_related = ["institution", "domain"]
    autocomplete_fields = ["institution", "cpv_code"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "submitted_at",
                       "total_one_off", "total_recurring", "total_cost", "first_year", "last_year"]
    fields = [*actions.EDITABLE_FIELDS, *readonly_fields]
    inlines = [NeedCostInline]

    def has_add_permission(self, request):
        return False  # needs are filed through the product's form, with their cost estimate

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data
                   if name in actions.EDITABLE_FIELDS}
        saved = actions.do_update_need(obj, acting_user=request.user, **changes)
        obj.pk = saved.pk
