"""Every allowed and every forbidden status change, by the roles allowed to make it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from synergie.audit.models import AuditEntry
from synergie.needs.actions import do_change_need_status
from synergie.needs.models import Need, NeedStatus
from synergie.needs.workflow import TRANSITIONS
from tests.factories import NeedFactory

# The workflow as the product promises it: (step, from, to, who may do it).
EXPECTED = {
    ("submit", "draft", "submitted", "contributor"),
    ("withdraw", "draft", "withdrawn", "contributor"),
    ("withdraw", "submitted", "withdrawn", "contributor"),
    ("withdraw", "in_analysis", "withdrawn", "contributor"),
    ("withdraw", "deferred", "withdrawn", "contributor"),
    ("start_analysis", "submitted", "in_analysis", "analyst"),
    ("return_to_author", "submitted", "draft", "analyst"),
    ("return_to_author", "in_analysis", "draft", "analyst"),
    ("group", "in_analysis", "grouped", "analyst"),
    ("ungroup", "grouped", "in_analysis", "analyst"),
    ("approve", "in_analysis", "approved", "steering_committee"),
    ("approve", "grouped", "approved", "steering_committee"),
    ("reject", "in_analysis", "rejected", "steering_committee"),
    ("reject", "grouped", "rejected", "steering_committee"),
    ("defer", "in_analysis", "deferred", "steering_committee"),
    ("defer", "grouped", "deferred", "steering_committee"),
    ("reopen", "deferred", "in_analysis", "analyst"),
    ("start_delivery", "approved", "in_delivery", "pmo"),
    ("deliver", "in_delivery", "delivered", "pmo"),
}
ROLES = ["contributor", "analyst", "data_office", "architecture_board", "pmo",
         "steering_committee", "administrator"]
STEPS = sorted({t.name for t in TRANSITIONS})


def test_the_workflow_table_is_the_promised_one():
    actual = {(t.name, source, t.target, None) for t in TRANSITIONS for source in t.sources}
    assert {(s, a, b, None) for s, a, b, _ in EXPECTED} == actual


@pytest.fixture
def actors(institution):
    from tests.factories import user_with_role

    return {
        role: user_with_role(role, institution if role == "contributor" else None,
                             username=f"actor-{role}")
        for role in ROLES
    }


@pytest.mark.parametrize("step,source,target,allowed_role", sorted(EXPECTED))
def test_allowed_step_moves_the_need_and_is_audited(
    actors, institution, step, source, target, allowed_role
):
    need = NeedFactory(institution=institution, status=source)
    do_change_need_status(need, step, acting_user=actors[allowed_role], comment="Parce que.")
    need.refresh_from_db()
    assert need.status == target
    entry = AuditEntry.objects.filter(object_id=str(need.pk), action="status_changed").get()
    assert entry.changes == {"status": {"before": source, "after": target}}
    assert entry.actor == actors[allowed_role]
    assert entry.comment == "Parce que."


@pytest.mark.parametrize(
    "step,source,role",
    sorted(
        (step, source, role)
        for step, source, _, allowed in EXPECTED
        for role in ROLES
        if role != allowed
    ),
)
def test_other_roles_cannot_make_the_step(actors, institution, step, source, role):
    need = NeedFactory(institution=institution, status=source)
    with pytest.raises(PermissionDenied):
        do_change_need_status(need, step, acting_user=actors[role], comment="Parce que.")
    need.refresh_from_db()
    assert need.status == source
    assert not AuditEntry.objects.filter(object_id=str(need.pk), action="status_changed").exists()


@pytest.mark.parametrize(
    "step,source",
    sorted(
        (step, status)
        for step in STEPS
        for status in NeedStatus.values
        if not any(s == step and a == status for s, a, _, _ in EXPECTED)
    ),
)
def test_step_from_a_status_it_does_not_start_from_is_refused(actors, institution, step, source):
    need = NeedFactory(institution=institution, status=source)
    allowed_role = next(role for s, _, _, role in EXPECTED if s == step)
    with pytest.raises(PermissionDenied):
        do_change_need_status(need, step, acting_user=actors[allowed_role], comment="x")
    need.refresh_from_db()
    assert need.status == source


def test_contributor_of_another_institution_cannot_submit_or_withdraw(other_contributor,
                                                                       institution):
    draft = NeedFactory(institution=institution, status="draft")
    for step in ("submit", "withdraw"):
        with pytest.raises(PermissionDenied):
            do_change_need_status(draft, step, acting_user=other_contributor, comment="x")
    assert Need.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize("step,source,role", [
    ("withdraw", "submitted", "contributor"),
    ("return_to_author", "submitted", "analyst"),
    ("approve", "in_analysis", "steering_committee"),
    ("reject", "in_analysis", "steering_committee"),
    ("defer", "in_analysis", "steering_committee"),
])
def test_steps_that_must_say_why_require_a_comment(actors, institution, step, source, role):
    need = NeedFactory(institution=institution, status=source)
    with pytest.raises(ValidationError) as error:
        do_change_need_status(need, step, acting_user=actors[role], comment="   ")
    assert "comment" in error.value.message_dict
    need.refresh_from_db()
    assert need.status == source


def test_an_incomplete_draft_cannot_be_submitted(actors, institution):
    need = NeedFactory(institution=institution, status="draft", description="", domain=None,
                       desired_start=None, costs=[])
    with pytest.raises(ValidationError) as error:
        do_change_need_status(need, "submit", acting_user=actors["contributor"])
    assert set(error.value.message_dict) == {"description", "domain", "desired_start", "costs"}
    need.refresh_from_db()
    assert need.status == "draft"
    assert need.submitted_at is None


def test_submitting_records_the_submission_time(actors, institution):
    need = NeedFactory(institution=institution, status="draft")
    do_change_need_status(need, "submit", acting_user=actors["contributor"])
    need.refresh_from_db()
    assert need.status == "submitted"
    assert need.submitted_at is not None
