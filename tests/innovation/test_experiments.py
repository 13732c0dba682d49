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
        budget=Decimal("25000"), start_date=date(2027, 1, 1), end_date=date(2027, 3, 31))


def test_a_stopped_experiment_is_a_recorded_result(client, experiment, lab):
    do_conclude_experiment(experiment, go=False, acting_user=lab,
                           reason="Seulement 22 % des dépôts prédits.")
    experiment.refresh_from_db()
    assert experiment.status == "no_go"
    entry = history_of(experiment).first()
    assert entry.changes["status"] == {"before": "running", "after": "no_go"}
    client.force_login(lab)
    page = client.get(reverse("innovation:list"))
    assert page.context["not_risked"] == Decimal("425000")  # 450,000 at stake − 25,000 spent
    assert "425" in page.content.decode()


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
        "budget": "1000", "start_date": "2027-05-01", "end_date": "2027-04-01"})
    assert response.status_code == 200
    assert 'id="id_end_date_error"' in response.content.decode()


def test_concluded_experiments_show_in_the_portfolio(client, experiment, lab):
    do_conclude_experiment(experiment, go=False, acting_user=lab, reason="Trop peu précis.")
    client.force_login(user_with_role("steering_committee", username="chair"))
    page = client.get(reverse("portfolio:list"))
    assert page.context["not_risked"] == Decimal("425000")
    assert "Caméras sur trois sites pilotes" in page.content.decode()
