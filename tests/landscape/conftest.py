import importlib

import pytest
from django.apps import apps

from synergie.reference.models import BusinessDomain, Capability
from synergie.reference.seed import seed_domains

DEFAULT_MAP = importlib.import_module("synergie.reference.migrations.0004_seed_capabilities")


@pytest.fixture(autouse=True)
def default_capability_map(db):
    """The migrations' capability map, made again after a test that emptied the database (the
    transactional ones flush what the migrations wrote)."""
    if not Capability.objects.exists():
        seed_domains(BusinessDomain)
        DEFAULT_MAP.seed(apps, None)
