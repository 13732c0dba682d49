"""Recording applications and keeping the capability map: who may, and what the history
keeps."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from synergie.audit.log import history_of
from synergie.landscape.actions import (
    do_add_capability,
    do_change_application,
    do_change_capability,
    do_move_capability,
    do_record_application,
    do_remove_application,
)
from synergie.landscape.models import Application
from synergie.reference.models import Capability
from tests.factories import user_with_role


@pytest.fixture
def contributor(institution):
    return user_with_role("contributor", institution)


@pytest.fixture
def application(institution, contributor):
    return do_record_application(acting_user=contributor, institution=institution, name="Paie",
                                 product="Persée",
                                 capabilities=[Capability.objects.get(code="payroll")])


def test_a_contributor_records_changes_and_removes_its_institutions_application(
        application, contributor):
    created = history_of(application).get()
    assert created.changes["product"] == {"before": None, "after": "Persée"}
    assert created.changes["capabilities"]["after"] == [
        Capability.objects.get(code="payroll").pk]
    # The caller's object may be stale or already edited (a bound form): the action reads the
    # stored row again, so the history shows the real "before".
    application.product = "already typed"
    do_change_application(application, acting_user=contributor, product="SAP HR",
                          contract_end=date(2027, 12, 31))
    change = history_of(application).filter(action="updated").get()
    assert change.changes["product"] == {"before": "Persée", "after": "SAP HR"}
    assert change.changes["contract_end"] == {"before": None, "after": "2027-12-31"}
    do_remove_application(application, acting_user=contributor)
    assert not Application.objects.exists()
    assert history_of(application).filter(action="deleted").get().changes["name"] == {
        "before": "Paie", "after": None}


def test_no_one_records_for_another_institution(institution, other_institution, application):
    neighbour = user_with_role("contributor", other_institution)
    with pytest.raises(PermissionDenied):
        do_record_application(acting_user=neighbour, institution=institution, name="X",
                              product="Y")
    with pytest.raises(PermissionDenied):
        do_change_application(application, acting_user=neighbour, product="Y")
    with pytest.raises(PermissionDenied):
        do_remove_application(application, acting_user=neighbour)
    owner = user_with_role("contributor", institution, username="owner")
    with pytest.raises(PermissionDenied):  # nor gives its application away
        do_change_application(application, acting_user=owner, institution=other_institution)
    for role in ("analyst", "architecture_board", "steering_committee"):
        with pytest.raises(PermissionDenied):
            do_record_application(acting_user=user_with_role(role), institution=institution,
                                  name="X", product="Y")
    assert Application.objects.get().product == "Persée"


def test_a_negative_cost_is_refused(institution, contributor):
    with pytest.raises(ValidationError) as error:
        do_record_application(acting_user=contributor, institution=institution, name="X",
                              product="Y", yearly_cost=-1)
    assert "yearly_cost" in error.value.message_dict


def test_the_architecture_board_adds_renames_and_reorders_capabilities(db):
    board = user_with_role("architecture_board")
    added = do_add_capability(acting_user=board, code="cemeteries", name_fr="Cimetières",
                              name_nl="Begraafplaatsen", name_en="Cemeteries")
    assert list(Capability.objects.all())[-1] == added
    do_change_capability(added, acting_user=board, name_nl="Kerkhoven")
    assert history_of(added).filter(action="updated").get().changes == {
        "name_nl": {"before": "Begraafplaatsen", "after": "Kerkhoven"}}
    before = list(Capability.objects.values_list("code", flat=True))
    do_move_capability(added, up=True, acting_user=board)
    after = list(Capability.objects.values_list("code", flat=True))
    assert after == [*before[:-2], "cemeteries", before[-2]]
    first = Capability.objects.first()
    do_move_capability(first, up=True, acting_user=board)  # already first: nothing moves
    assert list(Capability.objects.values_list("code", flat=True)) == after


def test_only_the_architecture_board_keeps_the_map(institution):
    payroll = Capability.objects.get(code="payroll")
    for user in (user_with_role("analyst"), user_with_role("contributor", institution)):
        with pytest.raises(PermissionDenied):
            do_add_capability(acting_user=user, code="x", name_fr="x", name_nl="x")
        with pytest.raises(PermissionDenied):
            do_change_capability(payroll, acting_user=user, name_fr="x")
        with pytest.raises(PermissionDenied):
            do_move_capability(payroll, up=True, acting_user=user)
    assert Capability.objects.get(code="payroll").name_fr == "Paie"


def test_the_default_map_covers_local_authorities_in_three_languages(db):
    capabilities = Capability.objects.all()
    assert capabilities.count() >= 25
    assert all(c.name_fr and c.name_nl and c.name_en and c.domain_id for c in capabilities)
    codes = set(capabilities.values_list("code", flat=True))
    assert {"civil_status", "population_register", "social_aid_case_management", "payroll",
            "accounting", "public_procurement", "document_management", "service_desk", "gis",
            "urban_planning_permits", "citizen_e_counter", "police_records",
            "fleet_management"} <= codes
