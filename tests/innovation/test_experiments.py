"""The innovation lab: an experiment with hypothesis, budget and criteria, then go / no-go with
its reason; a stopped experiment is a recorded result."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.innovation.actions import do_conclude_experiment, do_start_experiment
from tests.factories import NeedFactory, user_with_role


@pytest.fixture
def lab(db):
    return user_with_role("analyst", username="lab")


@pytest.fixture
def experiment(lab, institution):
    need = NeedFactory(institution=institution, title="Détection des dépôts clandestins",
                       costs=[(2027, "400000", "50000")])
    return do_start_experiment(
        acting_user=lab, need=need, title="Caméras sur trois sites pilotes",
        hypothesis="Les données historiques prédisent 60 % des dépôts.",
        success_criteria="Au moins 60 % des dépôts prédits sur trois mois.",
        budget=Decimal("25000"), rollout_cost_at_stake=Decimal("120000"),
        start_date=date(2027, 1, 1), end_date=date(2027, 3, 31))


def test_a_stopped_experiment_is_a_recorded_result(client, experiment, lab):
    do_conclude_experiment(experiment, go=False, acting_user=lab,
                           reason="Seulement 22 % des dépôts prédits.")
    experiment.refresh_from_db()
    assert experiment.status == "no_go"
    entry = history_of(experiment).first()
    assert entry.changes["status"] == {"before": "running", "after": "no_go"}
    client.force_login(lab)
    page = client.get(reverse("innovation:list"))
    # The roll-out cost stated at the start, not the need's whole cost (450,000).
    assert page.context["not_committed"] == Decimal("120000")
    assert "120,000 EUR, from 1 stopped experiment." in page.content.decode()


def test_the_reason_is_required_and_a_conclusion_is_final(experiment, lab):
    with pytest.raises(ValidationError):
        do_conclude_experiment(experiment, go=True, reason=" ", acting_user=lab)
    do_conclude_experiment(experiment, go=True, reason="Objectif atteint.", acting_user=lab)
    with pytest.raises(ValidationError):
        do_conclude_experiment(experiment, go=False, reason="Changement d'avis.",
                               acting_user=lab)


def test_only_the_lab_runs_experiments(experiment, contributor):
    with pytest.raises(PermissionDenied):
        do_conclude_experiment(experiment, go=True, reason="x", acting_user=contributor)


def test_the_form_names_a_bad_date(client, lab, institution):
    need = NeedFactory(institution=institution)
    client.force_login(lab)
    response = client.post(reverse("innovation:create"), {
        "need": need.pk, "title": "Essai", "hypothesis": "h", "success_criteria": "c",
        "budget": "1000", "rollout_cost_at_stake": "50000", "start_date": "2027-05-01",
        "end_date": "2027-04-01"})
    assert response.status_code == 200
    assert 'id="id_end_date_error"' in response.content.decode()


def test_concluded_experiments_show_in_the_portfolio(client, experiment, lab):
    do_conclude_experiment(experiment, go=False, acting_user=lab, reason="Trop peu précis.")
    client.force_login(user_with_role("steering_committee", username="chair"))
    page = client.get(reverse("portfolio:list"))
    assert page.context["not_committed"] == Decimal("120000")
    html = page.content.decode()
    assert "Roll-out costs not committed thanks to stopped experiments" in html
    assert "Caméras sur trois sites pilotes" in html


def test_a_no_go_counts_the_rollout_cost_it_put_at_stake_not_the_opportunitys(client, lab,
                                                                              institution):
    """A 12,000 EUR sub-test of a large opportunity, stopped: the figure grows by the roll-out
    cost that sub-test decided (245,000), not by the opportunity's whole cost."""
    from synergie.opportunities.actions import do_create_opportunity

    needs = [NeedFactory(institution=institution, status="in_analysis", title=title,
                         costs=[(2027, "600000", "120000")])
             for title in ("Registre des candidatures", "Kandidatenregister")]
    opportunity = do_create_opportunity(title="Registre régional des candidatures",
                                        needs=needs, acting_user=lab)
    earlier = do_start_experiment(
        acting_user=lab, need=needs[0], title="Signature électronique", hypothesis="h",
        success_criteria="c", budget=Decimal("9000"), rollout_cost_at_stake=Decimal("80000"),
        start_date=date(2026, 1, 1), end_date=date(2026, 2, 1))
    do_conclude_experiment(earlier, go=False, reason="Pas prêt.", acting_user=lab)
    client.force_login(lab)
    before = client.get(reverse("innovation:list")).context["not_committed"]
    sub_test = do_start_experiment(
        acting_user=lab, opportunity=opportunity, title="Pré-remplissage par la BCSS",
        hypothesis="80 % des champs pré-remplis.", success_criteria="80 % sur 200 dossiers.",
        budget=Decimal("12000"), rollout_cost_at_stake=Decimal("245000"),
        start_date=date(2026, 9, 1), end_date=date(2026, 11, 30))
    do_conclude_experiment(sub_test, go=False, reason="45 % seulement.", acting_user=lab)
    page = client.get(reverse("innovation:list"))
    assert page.context["not_committed"] - before == Decimal("245000")
    html = page.content.decode()
    assert "325,000 EUR, from 2 stopped experiments." in html
    assert "Roll-out costs not committed thanks to stopped experiments" in html
    assert "not the whole cost of its opportunity" in html
    listed = html.split("<caption>The stopped experiments behind this figure")[1].split(
        "</table>")[0]
    assert "Pré-remplissage par la BCSS" in listed and "Signature électronique" in listed
    assert "245,000" in listed
    detail = client.get(sub_test.get_absolute_url()).content.decode()
    assert "not committed thanks to this no-go" in detail


def test_the_rollout_cost_at_stake_is_asked_when_the_experiment_is_set_up(client, lab,
                                                                          institution):
    need = NeedFactory(institution=institution, status="in_analysis")
    client.force_login(lab)
    form_page = client.get(reverse("innovation:create")).content.decode()
    assert 'name="rollout_cost_at_stake"' in form_page
    assert "A no-go keeps exactly this amount from being committed" in form_page
    fields = {"need": need.pk, "title": "Essai", "hypothesis": "h", "success_criteria": "c",
              "budget": "1000", "start_date": "2027-04-01", "end_date": "2027-05-01"}
    response = client.post(reverse("innovation:create"), fields)
    assert response.status_code == 200
    assert 'id="id_rollout_cost_at_stake_error"' in response.content.decode()
    response = client.post(reverse("innovation:create"),
                           {**fields, "rollout_cost_at_stake": "60000"})
    assert response.status_code == 302
    entry = history_of(need.experiments.get()).first()
    assert entry.changes["rollout_cost_at_stake"] == {"before": None, "after": "60000"}
