"""The admin writes only through the actions layer, like the product's pages.

Django's `ModelAdmin` saves forms, inlines and many-to-many fields itself and deletes rows
directly: nothing checked, nothing audited. `WritesThroughActions` takes those paths away, so an
admin that forgets to call its actions fails loudly instead of writing silently; each admin then
says which action creates, changes and deletes its objects (`save_model`, `delete_model`,
`delete_queryset`, and `save_formset` for inlines it lets people edit).
`tests/core/test_admin_writes.py` checks every registered admin against this."""

from django.core.exceptions import ImproperlyConfigured


class WritesThroughActions:
    def save_model(self, request, obj, form, change):
        raise ImproperlyConfigured(f"{type(self).__name__} saves without an action")

    def delete_model(self, request, obj):
        raise ImproperlyConfigured(f"{type(self).__name__} deletes without an action")

    def delete_queryset(self, request, queryset):
        # The changelist's "delete selected": one audited action per object, never a bulk delete.
        for obj in queryset:
            self.delete_model(request, obj)

    def save_related(self, request, form, formsets, change):
        # Not `form.save_m2m()`: many-to-many fields are the action's to write, with the rest.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.has_changed():
            raise ImproperlyConfigured(
                f"{type(self).__name__} saves {formset.model.__name__} rows without an action")
        formset.save(commit=False)  # writes nothing: sets the lists the admin's history reads

