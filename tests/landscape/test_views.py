"""The landscape's pages as a user reads them: the matrix, same capability on different
products, contracts ending within 24 months, the neighbours' landscapes, and an opportunity
opened from there."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from synergie.landscape.actions import do_record_application
from synergie.landscape.analysis import add_months
from synergie.opportunities.models import Opportunity
from synergie.reference.models import BusinessDomain, Capability
from tests.factories import InstitutionFactory, NeedFactory, user_with_role


@pytest.fixture
def landscape(institution, other_institution):
    """Alpha and Bêta run payroll on different products; Gamma runs Alpha's product."""
    gamma = InstitutionFactory(code="COM-TEST-C", name_fr="Commune de Gamma",
                               name_nl="Gemeente Gamma")
    payroll = Capability.objects.get(code="payroll")
    gis = Capability.objects.get(code="gis")
    today = timezone.localdate()
    rows = [
        (institution, "Paie", "Persée", payroll, today + timedelta(days=200)),
        (other_institution, "Salaires", "SAP HR", payroll, add_months(today, 30)),
        (gamma, "Paie", "persée ", payroll, None),
        (institution, "Carto", "ArcGIS", gis, today + timedelta(days=400)),
        (gamma, "SIG", "ArcGIS", gis, today - timedelta(days=5)),
    ]
    for subject, name, product, capability, end in rows:
        do_record_application(acting_user=user_with_role("contributor", subject),
                              institution=subject, name=name, product=product,
                              capabilities=[capability], contract_end=end)
    return {"payroll": payroll, "gis": gis, "gamma": gamma}


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def test_the_matrix_shows_products_by_capability_and_institution(client, landscape,
                                                                 institution):
    response = page(client, user_with_role("data_office"), "landscape:matrix")
    rows = {capability.code: [[app.product for app in cell] for cell in cells]
            for capability, cells in response.context["rows"]}
    institutions = [i.code for i in response.context["matrix"].institutions]
    assert set(rows) == {"payroll", "gis"}
    assert rows["payroll"][institutions.index("CPAS-TEST-B")] == ["SAP HR"]
    assert rows["gis"][institutions.index("CPAS-TEST-B")] == []
    html = response.content.decode()
    assert '<th scope="row">Payroll</th>' in html and "<caption" in html


def test_pooling_candidates_are_one_capability_on_several_products(client, landscape):
    response = page(client, user_with_role("architecture_board"), "landscape:pooling")
    candidates = response.context["candidates"]
    # GIS runs one product in two institutions: nothing to pool there.
    assert [row.capability.code for row in candidates] == ["payroll"]
    products = candidates[0].products
    assert sorted(products) == ["Persée", "SAP HR"]  # "persée " is the same product
    assert len(products["Persée"]) == 2


def test_pooling_windows_are_contracts_ending_within_24_months(client, landscape, institution):
    response = page(client, user_with_role("analyst"), "landscape:windows")
    windows = {window.capability.code: window for window in response.context["windows"]}
    assert [app.institution.code for app in windows["payroll"].ending] == ["COM-TEST-A"]
    assert len(windows["payroll"].others) == 2  # ends in 30 months; no end date
    assert [app.name for app in windows["gis"].ending] == ["Carto"]  # the other one has ended
    # Soonest first.
    assert [window.capability.code for window in response.context["windows"]] == [
        "payroll", "gis"]
    assert reverse("landscape:propose", args=[landscape["payroll"].pk]) in (
        response.content.decode())


@pytest.mark.parametrize("name", ["landscape:matrix", "landscape:pooling", "landscape:windows"])
def test_an_analyst_opens_an_opportunity_from_each_pooling_view(client, landscape, name):
    url = reverse("landscape:propose", args=[landscape["payroll"].pk])
    assert url in page(client, user_with_role("analyst"), name).content.decode()
    board = user_with_role("architecture_board", username="board")
    assert url not in page(client, board, name).content.decode()


def test_a_contributor_looks_at_its_neighbours_landscape(client, landscape, institution,
                                                        other_institution):
    contributor = user_with_role("contributor", institution)
    response = page(client, contributor, "landscape:institution", other_institution.pk)
    assert [app.product for app in response.context["applications"]] == ["SAP HR"]
    assert response.context["can_change"] is False
    assert reverse("landscape:create") not in response.content.decode()
    own = page(client, contributor, "landscape:institution", institution.pk)
    assert own.context["can_change"] is True
    listing = page(client, contributor, "landscape:institutions")
    assert {i.code for i in listing.context["institutions"]} == {
        "COM-TEST-A", "CPAS-TEST-B", "COM-TEST-C"}


def test_a_contributor_records_an_application_through_the_form(client, institution,
                                                              other_institution):
    contributor = user_with_role("contributor", institution)
    form = page(client, contributor, "landscape:create").context["form"]
    assert list(form.fields["institution"].queryset) == [institution]
    payroll = Capability.objects.get(code="payroll")
    response = client.post(reverse("landscape:create"), {
        "institution": institution.pk, "name": "Paie", "product": "Persée",
        "capabilities": [payroll.pk], "contract_end": "2027-06-30", "yearly_cost": "1000"})
    assert response.status_code == 302
    application = institution.applications.get()
    assert application.contract_end == date(2027, 6, 30)
    response = client.post(reverse("landscape:edit", args=[application.pk]), {
        "institution": institution.pk, "name": "Paie", "product": "SAP HR",
        "capabilities": [payroll.pk]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.product == "SAP HR" and application.contract_end is None


def test_an_analyst_opens_a_prefilled_opportunity_from_the_landscape(client, landscape,
                                                                   institution,
                                                                   other_institution):
    hr = BusinessDomain.objects.get(code="hr")
    waiting = NeedFactory(institution=other_institution, title="Nouveau logiciel de paie",
                          domain=hr)
    elsewhere = NeedFactory(institution=landscape["gamma"], title="Paie des pompiers",
                            domain=hr)
    NeedFactory(institution=institution, title="Parkings",
                domain=BusinessDomain.objects.get(code="mobility"))
    analyst = user_with_role("analyst")
    url = reverse("landscape:propose", args=[landscape["payroll"].pk])
    form = page(client, analyst, "landscape:propose", landscape["payroll"].pk).context["form"]
    assert form.initial["title"] == "Pooling: Payroll"
    notes = form.initial["notes"]
    assert "Capability: Payroll." in notes
    assert "Commune d'Alpha: Persée" in notes and "CPAS de Bêta: SAP HR" in notes
    # The payroll needs are offered, not the parking one.
    assert set(form.fields["needs"].queryset) == {waiting, elsewhere}
    response = client.post(url, {"title": form.initial["title"], "notes": notes,
                                 "lead_analyst": analyst.pk, "needs": [waiting.pk]})
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == (
        opportunity.get_absolute_url())
    assert opportunity.title == "Pooling: Payroll" and "SAP HR" in opportunity.notes
    assert list(opportunity.needs.all()) == [waiting]


def test_the_main_menu_leads_to_the_landscape(client, institution):
    url = reverse("landscape:matrix")
    response = page(client, user_with_role("contributor", institution), "site:dashboard")
    assert f'href="{url}"' in response.content.decode()
    client.logout()
    assert f'href="{url}"' not in client.get(reverse("site:home")).content.decode()


def test_an_institution_scoped_opportunity_manager_is_offered_no_other_institutions_secret(
        client, landscape, institution, other_institution):
    """The needs offered for the opportunity are those the user may read: a role granting
    `opportunities.manage_opportunity` for one institution does not list another
    institution's institution-only need."""
    from django.contrib.auth.models import Permission

    from synergie.accounts.models import Membership, Role
    from tests.factories import UserFactory

    hr = BusinessDomain.objects.get(code="hr")
    secret = NeedFactory(institution=other_institution, domain=hr, title="Paie secrète de B",
                         confidentiality="institution")
    regional = NeedFactory(institution=other_institution, domain=hr, title="Paie de B")
    role = Role.objects.create(code="scoped-manager", name_fr="G", name_nl="B", name_en="M",
                               scope="institution")
    role.permissions.add(*(Permission.objects.get(codename=codename) for codename in (
        "manage_opportunity", "view_landscape", "view_shared_need")))
    user = UserFactory(username="scoped-manager")
    Membership.objects.create(user=user, role=role, institution=institution)
    response = page(client, user, "landscape:propose", landscape["payroll"].pk)
    offered = set(response.context["form"].fields["needs"].queryset)
    assert secret not in offered and regional in offered
    assert secret.title not in response.content.decode()
