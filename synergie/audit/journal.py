"""Every audit entry is also a structured log line (core/logs.py), written once its
transaction commits (a change rolled back is not logged). The line names who, what and which
fields, never their values, which may be confidential."""

import logging

from django.db import transaction

logger = logging.getLogger("synergie.audit")


def log_audit_entry(sender, instance, created: bool, **kwargs) -> None:
    if not created:
        return
    fields = {
        "action": instance.action,
        "object_type": f"{instance.content_type.app_label}.{instance.content_type.model}",
        "object_id": instance.object_id,
        "actor_id": instance.actor_id,
        "fields": sorted(instance.changes or {}),
        "event": instance.event or None,
    }
    transaction.on_commit(lambda: logger.info("audited change", extra=fields))
