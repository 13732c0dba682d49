from django.contrib import admin

from synergie.core.admin_display import field_in_language
from synergie.core.admin_writes import WritesThroughActions
from synergie.institutions import actions
from synergie.institutions.models import Institution


@admin.register(Institution)
class InstitutionAdmin(WritesThroughActions, admin.ModelAdmin):
    list_display = ["code", field_in_language(Institution, "name_fr", "fr"),
                    field_in_language(Institution, "name_nl", "nl"), "kind", "population",
                    "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_fr", "name_nl", "name_en", "enterprise_number"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: needs and the audit trail refer to institutions

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.fields}
        if change:
            actions.do_update_institution(obj, acting_user=request.user, **fields)
        else:
            obj.pk = actions.do_create_institution(acting_user=request.user, **fields).pk
