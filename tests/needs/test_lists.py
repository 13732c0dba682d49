"""Finding needs: the regional inbox's search, filters and sorting, and who sees what."""

from datetime import date

import pytest
from django.urls import reverse

from synergie.reference.models import BusinessDomain
from tests.factories import InstitutionFactory, NeedFactory, user_with_role


@pytest.fixture
def region(db):
    commune = InstitutionFactory(code="COM-1", kind="municipality", name_fr="Commune d'Ixelles")
    cpas = InstitutionFactory(code="CPAS-1", kind="social_welfare_centre", name_fr="CPAS d'Evere")
    police = InstitutionFactory(code="PZ-1", kind="police_zone", name_fr="Zone de police Midi")
    hr = BusinessDomain.objects.get(code="hr")
    safety = BusinessDomain.objects.get(code="public_safety")
    social = BusinessDomain.objects.get(code="social_action")
    needs = {
        "payroll": NeedFactory(institution=commune, title="Logiciel de paie",
                               description="Calcul des salaires et des fiches de rémunération.",
                               domain=hr, costs=[(2027, "150000", "20000"), (2028, "0", "20000")]),
        "bodycam": NeedFactory(institution=police, title="Caméras corporelles",
                               description="Bodycams pour les équipes d'intervention.",
                               domain=safety, status="in_analysis",
                               costs=[(2026, "300000", "0")]),
        "social": NeedFactory(institution=cpas, title="Dossier social électronique",
                              description="Remplacer les dossiers papier des assistants sociaux.",
                              domain=social, confidentiality="institution",
                              costs=[(2028, "600000", "50000"), (2029, "0", "50000")]),
        "draft": NeedFactory(institution=cpas, title="Brouillon de paie", status="draft",
                             description="Salaires des agents du CPAS."),
    }
    return needs


def titles(response) -> list[str]:
    return [need.title for need in response.context["page"].object_list]


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.mark.parametrize("query,expected", [
    ({"q": "salaires"}, ["Logiciel de paie"]),
    ({"q": "remuneration"}, ["Logiciel de paie"]),  # accents are ignored
    ({"q": "DOSSIERS papier"}, ["Dossier social électronique"]),
    ({"q": "paie bodycams"}, []),  # every word must be found
    ({"institution_kind": "police_zone"}, ["Caméras corporelles"]),
    ({"institution_kind": "social_welfare_centre"}, ["Dossier social électronique"]),
    ({"status": "in_analysis"}, ["Caméras corporelles"]),
    ({"year": "2029"}, ["Dossier social électronique"]),
    ({"year": "2027"}, ["Logiciel de paie"]),
    ({"cost_min": "200000", "cost_max": "400000"}, ["Caméras corporelles"]),
    ({"cost_max": "199999"}, ["Logiciel de paie"]),
])
def test_the_analyst_finds_needs_by_word_and_filter(analyst_client, region, query, expected):
    response = analyst_client.get(reverse("needs:inbox"), query)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)


def test_filter_by_domain(analyst_client, region):
    safety = BusinessDomain.objects.get(code="public_safety")
    response = analyst_client.get(reverse("needs:inbox"), {"domain": safety.pk})
    assert titles(response) == ["Caméras corporelles"]


def test_sorting_by_cost(analyst_client, region):
    response = analyst_client.get(reverse("needs:inbox"), {"ordering": "-cost"})
    assert titles(response) == ["Dossier social électronique", "Caméras corporelles",
                                "Logiciel de paie"]


def test_the_inbox_never_shows_drafts(analyst_client, region):
    response = analyst_client.get(reverse("needs:inbox"), {"q": "brouillon"})
    assert titles(response) == []


def test_invalid_filter_value_is_reported_not_ignored(analyst_client, region):
    response = analyst_client.get(reverse("needs:inbox"), {"year": "deux-mille"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()


def test_pagination_keeps_the_filters(analyst_client, region, settings):
    settings.PAGE_SIZE = 1
    response = analyst_client.get(reverse("needs:inbox"), {"institution_kind": "municipality",
                                                          "ordering": "title"})
    assert response.context["page"].paginator.count == 1
    response = analyst_client.get(reverse("needs:inbox"), {"ordering": "title"})
    html = response.content.decode()
    assert "ordering=title&amp;page=2" in html


def test_another_institution_cannot_find_a_confidential_need(client, region):
    outsider = user_with_role("contributor", region["payroll"].institution, username="outsider")
    client.force_login(outsider)
    for params in ({"q": "dossiers papier"}, {"institution_kind": "social_welfare_centre"}, {}):
        response = client.get(reverse("needs:inbox"), params)
        assert "Dossier social électronique" not in titles(response)
        assert "Dossier social électronique" not in response.content.decode()
    response = client.get(reverse("needs:detail", args=[region["social"].pk]))
    assert response.status_code == 404


def test_the_own_institution_sees_its_confidential_need_and_drafts(client, region):
    member = user_with_role("contributor", region["social"].institution, username="member")
    client.force_login(member)
    response = client.get(reverse("needs:mine"))
    assert sorted(titles(response)) == ["Brouillon de paie", "Dossier social électronique"]


def test_public_needs_are_on_the_home_page_without_login(client, region):
    public = NeedFactory(institution=region["payroll"].institution, title="Guichet en ligne",
                         confidentiality="public")
    NeedFactory(institution=public.institution, title="Guichet brouillon", status="draft",
                confidentiality="public")
    response = client.get(reverse("site:home"))
    html = response.content.decode()
    assert "Guichet en ligne" in html
    assert "Guichet brouillon" not in html
    assert "Logiciel de paie" not in html  # regional, not public
    response = client.get(reverse("needs:detail", args=[public.pk]))
    assert response.status_code == 200
    assert "History" not in response.content.decode()  # civil servants' names stay internal


def test_home_and_lists_use_a_bounded_number_of_queries(client, analyst, region,
                                                       django_assert_max_num_queries):
    for index in range(30):
        NeedFactory(institution=region["payroll"].institution, title=f"Besoin {index}",
                    confidentiality="public", desired_start=date(2027, 1, 1))
    with django_assert_max_num_queries(6):
        client.get(reverse("site:home"))
    client.force_login(analyst)
    with django_assert_max_num_queries(14):
        client.get(reverse("needs:inbox"))


def test_a_long_list_counts_up_to_a_cap_and_says_there_are_more(analyst_client, region,
                                                               settings, monkeypatch):
    """At 200,000 needs, counting every need with a common word cost 150 ms a page: the lists
    count up to a cap and say "more than" beyond it."""
    from django.utils import translation

    monkeypatch.setattr("synergie.core.pagination.COUNT_CAP", 2)
    settings.PAGE_SIZE = 1
    NeedFactory.create_batch(3, title="Logiciel de paie bis")

    response = analyst_client.get(reverse("needs:inbox"))
    html = response.content.decode()
    assert "More than 2 needs: narrow the filters" in html
    assert "Page 1 of more than 2" in html
    assert response.context["page"].paginator.count_is_floor
    response = analyst_client.get(reverse("needs:inbox"), {"q": "paie", "page": "2"})
    assert "More than 2 needs" in response.content.decode()
    assert len(titles(response)) == 1
    with translation.override("nl"):
        html = analyst_client.get(reverse("needs:inbox")).content.decode()
    assert "Meer dan 2 behoeften" in html and "Pagina 1 van meer dan 2" in html
    # Under the cap, the exact count as before.
    monkeypatch.setattr("synergie.core.pagination.COUNT_CAP", 100)
    html = analyst_client.get(reverse("needs:inbox"), {"q": "paie"}).content.decode()
    assert "4 needs" in html and "More than" not in html
