"""Needs in the Django admin. Writes go through the actions layer; status only moves through the
workflow (on the need's page), and needs are withdrawn, never deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from synergie.audit.admin import texts_written_in
from synergie.core.admin_display import ObjectHeadingMixin, euros, in_language
from synergie.core.admin_writes import WritesThroughActions
from synergie.needs import actions
from synergie.needs.models import Need, NeedCost


class NeedCostInline(admin.TabularInline):
    model = NeedCost
    extra = 0
    can_delete = False
    fields = readonly_fields = ["year", "one_off_amount", "recurring_amount"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("one-off (EUR)"))
    def one_off_amount(self, cost: NeedCost) -> str:
        return euros(cost.one_off)

    @admin.display(description=_("recurring (EUR)"))
    def recurring_amount(self, cost: NeedCost) -> str:
        return euros(cost.recurring)


texts_written_in(Need, "language", ("title", "description"))


@admin.register(Need)
class NeedAdmin(WritesThroughActions, ObjectHeadingMixin, admin.ModelAdmin):
    list_display = ["title_in_its_language", "institution", "domain", "status", "confidentiality",
                    "total_cost_amount"]
    list_filter = ["status", "confidentiality", "institution__kind", "domain", "language"]
    search_fields = ["title", "description", "institution__name_fr", "institution__name_nl"]
    list_select_related = ["institution", "domain"]
    autocomplete_fields = ["institution", "cpv_code"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "submitted_at",
                       "one_off_amount", "recurring_amount", "total_cost_amount", "first_year",
                       "last_year"]
    fields = [*actions.EDITABLE_FIELDS, *readonly_fields]
    inlines = [NeedCostInline]

    @admin.display(description=_("title"), ordering="title")
    def title_in_its_language(self, need: Need):
        return in_language(need.title, need.language)

    @admin.display(description=_("one-off cost"), ordering="total_one_off")
    def one_off_amount(self, need: Need) -> str:
        return euros(need.total_one_off)

    @admin.display(description=_("recurring cost"), ordering="total_recurring")
    def recurring_amount(self, need: Need) -> str:
        return euros(need.total_recurring)

    @admin.display(description=_("total cost"), ordering="total_cost")
    def total_cost_amount(self, need: Need) -> str:
        return euros(need.total_cost)

    def object_heading(self, need: Need):
        return in_language(need.title, need.language)

    def has_add_permission(self, request):
        return False  # needs are filed through the product's form, with their cost estimate

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data
                   if name in actions.EDITABLE_FIELDS}
        saved = actions.do_update_need(obj, acting_user=request.user, **changes)
        obj.pk = saved.pk
