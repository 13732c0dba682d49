from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from synergie.core.admin_display import field_in_language, in_language
from synergie.core.admin_writes import WritesThroughActions
from synergie.reference import actions
from synergie.reference.models import BusinessDomain, CpvCode


@admin.register(BusinessDomain)
class BusinessDomainAdmin(WritesThroughActions, admin.ModelAdmin):
    list_display = ["code", field_in_language(BusinessDomain, "name_fr", "fr"),
                    field_in_language(BusinessDomain, "name_nl", "nl"),
                    field_in_language(BusinessDomain, "name_en", "en"), "position"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.fields
                  if name in actions.DOMAIN_FIELDS}
        if change:
            actions.do_update_business_domain(obj, acting_user=request.user, **fields)
        else:
            obj.pk = actions.do_create_business_domain(acting_user=request.user, **fields).pk
            obj._state.adding = False

    def delete_model(self, request, obj):
        actions.do_delete_business_domain(obj, acting_user=request.user)


@admin.register(CpvCode)
class CpvCodeAdmin(WritesThroughActions, admin.ModelAdmin):
    """The official vocabulary, read-only: listed with its label in the reader's language,
    found by any of its three labels."""

    list_display = ["code", "label"]
    search_fields = ["code", "label_fr", "label_nl", "label_en"]
    fields = readonly_fields = ["code", "french_label", "dutch_label", "english_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # needs refer to their code

    @admin.display(description=_("label"))
    def label(self, code: CpvCode) -> str:
        return code.label

    @admin.display(description=_("label (French)"))
    def french_label(self, code: CpvCode):
        return in_language(code.label_fr, "fr")

    @admin.display(description=_("label (Dutch)"))
    def dutch_label(self, code: CpvCode):
        return in_language(code.label_nl, "nl")

    @admin.display(description=_("label (English)"))
    def english_label(self, code: CpvCode):
        return in_language(code.label_en, "en")
