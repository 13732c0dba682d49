"""The reference lists a fresh database starts with come from data frozen in the migration
package, and are exactly those the migration gave before they were frozen."""

import hashlib
import json

import pytest

from synergie.reference.models import BusinessDomain, CpvCode


def _fingerprint(rows) -> str:
    # Sorted here, not by the database: PostgreSQL's collation may order "_" differently.
    return hashlib.sha256(json.dumps(sorted(rows), ensure_ascii=False).encode()).hexdigest()


@pytest.mark.django_db
def test_a_fresh_migrate_gives_the_business_domains_it_always_gave():
    rows = list(BusinessDomain.objects.values_list(
        "code", "name_fr", "name_nl", "name_en", "position"))
    assert len(rows) == 18
    # Measured on a database migrated by the migration that still read the live seed module.
    assert _fingerprint(rows) == \
        "e8eb13d9579f88b4772bbd9939a52799b8ce8b46e60b318af44d2a5c32950302"


@pytest.mark.django_db
def test_a_fresh_migrate_gives_the_cpv_vocabulary_it_always_gave():
    rows = list(CpvCode.objects.values_list("code", "label_fr", "label_nl", "label_en"))
    assert len(rows) == 9454
    assert _fingerprint(rows) == \
        "c0347d5719ce0987629d64312045dea8180a0c3331e2685596630468059a69eb"
