"""A role scoped to one institution reads, through the API, nothing of another institution's
confidential need: the world of tests/core/test_permission_matrix.py's scoped tour, every list
and the objects that hold the secret need."""

import pytest

from tests.core.test_permission_matrix import (
    SECRET,
    VIEW_ALL_PERMISSIONS,
    scoped_reader,
    scoped_world,
)

LISTS = ["needs", "opportunities", "decisions", "solutions", "adoptions", "projects",
         "applications", "algorithms", "datasets"]


@pytest.mark.parametrize("permission", VIEW_ALL_PERMISSIONS)
def test_a_scoped_token_never_reads_another_institutions_confidential_need(
        client, db, token_for, permission):
    world = scoped_world()
    headers = token_for(scoped_reader(permission, world["a"]))
    addresses = [f"/api/v1/{name}/" for name in LISTS] + [
        f"/api/v1/needs/{world['secret'].pk}/", f"/api/v1/opportunities/{world['mixed'].pk}/",
        f"/api/v1/projects/{world['project'].pk}/",
        f"/api/v1/needs/?q={SECRET.split()[0]}"]
    for address in addresses:
        response = client.get(address, **headers)
        assert response.status_code in (200, 403, 404), address
        assert SECRET not in response.content.decode(), f"{permission}: {address} shows it"
