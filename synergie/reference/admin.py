from django.contrib import admin

from synergie.reference.models import BusinessDomain, CpvCode


@admin.register(BusinessDomain)
class BusinessDomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_nl", "name_en", "position"]


@admin.register(CpvCode)
class CpvCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "label_nl", "label_en"]
    search_fields = ["code", "label_fr", "label_nl", "label_en"]

    def has_change_permission(self, request, obj=None):
        return False  # the official vocabulary is read-only
