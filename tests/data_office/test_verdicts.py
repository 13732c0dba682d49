"""Dependencies listed by the need's author, verdicts by the data office, shown on the need and
counted for the business case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from synergie.audit.log import history_of
from synergie.data_office import actions
from synergie.data_office.models import NeedDataDependency, Verdict
from synergie.data_office.risks import data_risks_for_needs
from synergie.datasets.models import Dataset
from synergie.needs.models import NeedStatus
from tests.factories import NeedFactory, user_with_role


@pytest.fixture
def data_officer(db):
    return user_with_role("data_office", username="eva")


@pytest.fixture
def dataset(db):
    return Dataset.objects.create(identifier="https://data.example.be/ds/cadastre",
                                  title_fr="Cadastre", title_nl="Kadaster",
                                  title_en="Land register")


@pytest.fixture
def draft(contributor, institution):
    return NeedFactory(institution=institution, status=NeedStatus.DRAFT, created_by=contributor)


def test_author_lists_data_and_the_office_judges_it(client, contributor, draft, dataset,
                                                    data_officer):
    client.force_login(contributor)
    url = reverse("data_office:add", args=[draft.pk])
    assert "Land register" in client.get(url, {"dataset_search": "cadas"}).content.decode()
    response = client.post(url, {"dataset": dataset.pk, "description": "",
                                 "purpose": "Localiser les parcelles"})
    assert response.status_code == 302
    client.post(url, {"dataset": "", "description": "Registre des permis",
                      "purpose": "Suivre les permis"})
    assert NeedDataDependency.objects.filter(need=draft).count() == 2
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Land register" in page and "Registre des permis" in page
    assert "Waiting for the data office" in page

    draft.status = NeedStatus.SUBMITTED
    draft.save()
    dependency = NeedDataDependency.objects.get(dataset=dataset)
    client.force_login(data_officer)
    queue = client.get(reverse("data_office:queue")).content.decode()
    assert "Registre des permis" in queue
    client.post(reverse("data_office:detail", args=[dependency.pk]),
                {"verdict": "conditions", "reason": "Convention avec le SPF Finances"})
    client.post(reverse("data_office:detail", args=[dependency.pk]),
                {"verdict": "personal", "reason": "Noms des propriétaires: base légale"})
    dependency.refresh_from_db()
    assert dependency.verdict == Verdict.PERSONAL and dependency.verdict_by == data_officer
    assert dependency.verdict_at is not None
    # The earlier verdict stays in the history.
    detail = client.get(reverse("data_office:detail", args=[dependency.pk])).content.decode()
    assert "Convention avec le SPF Finances" in detail and "base légale" in detail
    assert history_of(dependency).count() == 3
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Personal data: legal basis needed" in page


def test_bad_input_is_named(client, contributor, draft, data_officer):
    client.force_login(contributor)
    response = client.post(reverse("data_office:add", args=[draft.pk]),
                           {"dataset": "", "description": " ", "purpose": "x"})
    assert response.status_code == 200
    assert "describe the data" in response.content.decode()
    with pytest.raises(ValidationError):
        actions.do_add_dependency(draft, description="x", purpose=" ", acting_user=contributor)
    dependency = actions.do_add_dependency(draft, description="x", purpose="y",
                                           acting_user=contributor)
    with pytest.raises(ValidationError):
        actions.do_give_verdict(dependency, verdict="missing", reason="",
                                acting_user=data_officer)
    with pytest.raises(ValidationError):
        actions.do_give_verdict(dependency, verdict="maybe", reason="r",
                                acting_user=data_officer)
    with pytest.raises(PermissionDenied):
        actions.do_give_verdict(dependency, verdict="missing", reason="r",
                                acting_user=contributor)


def test_only_drafts_authors_change_the_list(contributor, institution, data_officer):
    submitted = NeedFactory(institution=institution, created_by=contributor)
    with pytest.raises(PermissionDenied):
        actions.do_add_dependency(submitted, description="x", purpose="y",
                                  acting_user=contributor)
    with pytest.raises(PermissionDenied):
        actions.do_add_dependency(submitted, description="x", purpose="y",
                                  acting_user=data_officer)


def test_removal_is_audited(contributor, draft):
    dependency = actions.do_add_dependency(draft, description="x", purpose="y",
                                           acting_user=contributor)
    actions.do_remove_dependency(dependency, acting_user=contributor)
    assert not NeedDataDependency.objects.exists()
    assert history_of(dependency).filter(action="deleted").exists()


def test_risks_for_the_business_case(contributor, institution, data_officer, dataset):
    needs = [NeedFactory(institution=institution, created_by=contributor) for _ in range(2)]
    for need, verdict in zip([*needs, needs[0], needs[1]],
                             ["missing", "missing", "personal", ""], strict=True):
        dependency = NeedDataDependency.objects.create(need=need, description="d", purpose="p",
                                                       created_by=contributor)
        if verdict:
            actions.do_give_verdict(dependency, verdict=verdict, reason="r",
                                    acting_user=data_officer)
    risks = data_risks_for_needs(needs)
    assert (risks.total, risks.missing, risks.personal, risks.waiting) == (4, 2, 1, 1)
    assert len(risks.blocking) == 3
    assert data_risks_for_needs([]).total == 0
