from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "synergie.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.db.models.signals import post_save

        from synergie.audit.journal import log_audit_entry

        post_save.connect(log_audit_entry, sender="audit.AuditEntry",
                          dispatch_uid="synergie.audit.journal")
