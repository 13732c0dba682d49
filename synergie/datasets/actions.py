"""Every hand edit of the data catalogue, audited (the harvest writes in bulk and records one
audit entry per run on its source: synergie.datasets.harvest)."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import apply_audited_changes, diff, locked, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.datasets import permissions
from synergie.datasets.models import Dataset, DatasetStatus, Distribution

EDITABLE_FIELDS = [
    "identifier", "title_fr", "title_nl", "title_en", "description_fr", "description_nl",
    "description_en", "publisher", "publisher_name", "publisher_uri", "themes", "keywords",
    "licence", "access_rights", "contact_name", "contact_email", "contact_url",
    "update_frequency", "hvd_category", "issued", "modified", "landing_page",
]
DISTRIBUTION_FIELDS = ["title", "access_url", "download_url", "format", "media_type", "licence"]


def _require_manager(user) -> None:
    if user is not None and not permissions.can_manage(user):
        raise PermissionDenied(_("Only the data office describes the region's datasets."))


def new_identifier() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


@transaction.atomic
def do_create_dataset(*, acting_user, **fields) -> Dataset:
    """`acting_user` None: Synergie itself (the demo loader)."""
    _require_manager(acting_user)
    if not fields.get("identifier"):
        fields["identifier"] = new_identifier()
    dataset = Dataset(**fields)
    dataset.full_clean()
    dataset.save()
    record_change(dataset, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(dataset, EDITABLE_FIELDS)))
    return dataset


@transaction.atomic
def do_change_dataset(dataset: Dataset, changes: dict, *, acting_user) -> Dataset:
    _require_manager(acting_user)
    return apply_audited_changes(dataset, changes, EDITABLE_FIELDS, acting_user=acting_user)


@transaction.atomic
def do_set_dataset_status(dataset: Dataset, status: str, *, acting_user) -> Dataset:
    """Withdraw a dataset or bring it back (a harvest brings back one its source lists again)."""
    _require_manager(acting_user)
    dataset = locked(dataset)
    if status not in DatasetStatus.values or status == dataset.status:
        return dataset
    before = dataset.status
    dataset.status = status
    dataset.save(update_fields=["status", "updated_at"])
    record_change(dataset, action=AuditAction.STATUS_CHANGED, acting_user=acting_user,
                  changes={"status": {"before": before, "after": status}})
    return dataset


@transaction.atomic
def do_add_distribution(dataset: Dataset, *, acting_user, **fields) -> Distribution:
    _require_manager(acting_user)
    dataset = locked(dataset)
    distribution = Distribution(dataset=dataset, **fields)
    distribution.full_clean()
    distribution.save()
    record_change(dataset, action=AuditAction.UPDATED, acting_user=acting_user, changes={
        "distributions": {"before": None,
                          "after": snapshot(distribution, DISTRIBUTION_FIELDS)}})
    return distribution


@transaction.atomic
def do_remove_distribution(distribution: Distribution, *, acting_user) -> None:
    _require_manager(acting_user)
    dataset = locked(distribution.dataset)
    before = snapshot(distribution, DISTRIBUTION_FIELDS)
    distribution.delete()
    record_change(dataset, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"distributions": {"before": before, "after": None}})
