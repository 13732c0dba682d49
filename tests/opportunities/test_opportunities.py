"""The analyst groups twin needs into a pooling opportunity; member needs follow, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.needs.models import Need
from synergie.opportunities.actions import (
    do_add_needs_to_opportunity,
    do_create_opportunity,
    do_remove_need_from_opportunity,
)
from synergie.opportunities.models import Opportunity


def test_creating_an_opportunity_groups_its_needs_with_an_audit_trail(indexed_needs, analyst_user):
    needs, _ = indexed_needs
    opportunity = do_create_opportunity(
        title="Paie mutualisée des CPAS/OCMW", needs=[needs["payroll_fr"], needs["payroll_nl"]],
        acting_user=analyst_user,
    )
    for key in ("payroll_fr", "payroll_nl"):
        need = Need.objects.get(pk=needs[key].pk)
        assert need.status == "grouped"
        steps = [e.changes["status"]["after"] for e in history_of(need)
                 if e.action == "status_changed"]
        assert steps[:2] == ["grouped", "in_analysis"]
        assert history_of(need).first().actor == analyst_user
        assert "Paie mutualisée" in history_of(need).first().note
    created = history_of(opportunity).get()
    assert created.changes["needs"]["after"] == sorted([needs["payroll_fr"].pk,
                                                        needs["payroll_nl"].pk])
    assert opportunity.lead_analyst == analyst_user


def test_adding_and_removing_needs(indexed_needs, analyst_user):
    needs, _ = indexed_needs
    opportunity = do_create_opportunity(title="Environnement", needs=[needs["waste"]],
                                        acting_user=analyst_user)
    do_add_needs_to_opportunity(opportunity, [needs["greenspaces"]], acting_user=analyst_user)
    assert set(opportunity.needs.all()) == {needs["waste"], needs["greenspaces"]}
    do_remove_need_from_opportunity(opportunity, needs["waste"], acting_user=analyst_user)
    assert Need.objects.get(pk=needs["waste"].pk).status == "in_analysis"
    assert list(opportunity.needs.all()) == [needs["greenspaces"]]
    entries = list(history_of(opportunity).values_list("changes", flat=True))
    assert entries[0]["needs"] == {"before": sorted([needs["waste"].pk, needs["greenspaces"].pk]),
                                   "after": [needs["greenspaces"].pk]}


def test_a_decided_need_stays_in_its_opportunity_and_offers_no_take_out_button(
        client, indexed_needs, analyst_user):
    needs, _ = indexed_needs
    opportunity = do_create_opportunity(title="Environnement",
                                        needs=[needs["waste"], needs["greenspaces"]],
                                        acting_user=analyst_user)
    Need.objects.filter(pk=needs["waste"].pk).update(status="approved")
    client.force_login(analyst_user)
    html = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    remove = reverse("opportunities:remove_need", args=[opportunity.pk, needs["waste"].pk])
    assert remove not in html
    assert reverse("opportunities:remove_need",
                   args=[opportunity.pk, needs["greenspaces"].pk]) in html
    with pytest.raises(ValidationError) as error:
        do_remove_need_from_opportunity(opportunity, needs["waste"], acting_user=analyst_user)
    assert "stays in it" in str(error.value)
    assert set(opportunity.needs.all()) == {needs["waste"], needs["greenspaces"]}


def test_a_need_belongs_to_one_opportunity_only(indexed_needs, analyst_user):
    needs, _ = indexed_needs
    do_create_opportunity(title="A", needs=[needs["parking"]], acting_user=analyst_user)
    with pytest.raises(ValidationError) as error:
        do_create_opportunity(title="B", needs=[needs["parking"], needs["waste"]],
                              acting_user=analyst_user)
    assert "already belongs to the opportunity “A”" in str(error.value)
    assert Opportunity.objects.count() == 1
    assert Need.objects.get(pk=needs["waste"].pk).status == "submitted"  # nothing half-done


def test_only_the_purchasing_office_creates_opportunities(indexed_needs):
    needs, authors = indexed_needs
    with pytest.raises(PermissionDenied):
        do_create_opportunity(title="X", needs=[needs["waste"]], acting_user=authors["waste"])


def test_from_the_synergy_map_to_an_opportunity(client, mapped_needs, analyst_user):
    needs, _ = mapped_needs
    client.force_login(analyst_user)
    response = client.get(reverse("opportunities:map"))
    clusters = response.context["clusters"]
    payroll = {needs["payroll_fr"].pk, needs["payroll_nl"].pk}
    assert any(payroll <= {n.pk for n in group.needs} for group in clusters)
    assert all(group.institutions >= 2 for group in clusters)
    form = client.get(reverse("opportunities:create"),
                      {"need": sorted(payroll)}).content.decode()
    assert needs["payroll_nl"].title in form
    response = client.post(reverse("opportunities:create"), {
        "title": "Paie", "lead_analyst": analyst_user.pk, "notes": "",
        "needs": sorted(payroll),
    })
    opportunity = Opportunity.objects.get()
    assert response["Location"] == opportunity.get_absolute_url()
    detail = client.get(opportunity.get_absolute_url())
    assert detail.context["institutions"] == 2


def test_the_map_filters_by_institution_kind(client, mapped_needs, analyst_user):
    needs, _ = mapped_needs
    client.force_login(analyst_user)
    response = client.get(reverse("opportunities:map"), {"institution_kind": "police_zone"})
    assert response.context["clusters"] == []
    assert [n.pk for n in response.context["alone"]] == [needs["bodycam"].pk]


def test_creating_without_a_title_names_the_field(client, indexed_needs, analyst_user):
    needs, _ = indexed_needs
    client.force_login(analyst_user)
    response = client.post(reverse("opportunities:create"), {
        "title": "", "lead_analyst": analyst_user.pk, "needs": [needs["waste"].pk]})
    assert response.status_code == 200
    assert 'id="id_title_error"' in response.content.decode()
    assert not Opportunity.objects.exists()
