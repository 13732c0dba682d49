"""The business case's risks count the data office's verdicts on the needs' data."""

from django.urls import reverse

from synergie.business_case.actions import do_open_business_case
from synergie.data_office import actions
from synergie.data_office.models import NeedDataDependency
from synergie.opportunities.actions import do_create_opportunity
from tests.factories import InstitutionFactory, NeedFactory, user_with_role


def test_business_case_page_counts_data_risks(client, db):
    analyst = user_with_role("analyst", username="lucas")
    officer = user_with_role("data_office", username="eva")
    needs = [NeedFactory(institution=InstitutionFactory(code=code), costs=[(2027, "1000", "0")])
             for code in ("CPAS-A", "OCMW-B")]
    opportunity = do_create_opportunity(title="Paie", needs=needs, acting_user=analyst)
    do_open_business_case(opportunity, acting_user=analyst)
    url = reverse("business_case:page", args=[opportunity.pk])
    client.force_login(analyst)
    assert "The needs list no data dependency." in client.get(url).content.decode()
    for need, verdict in ((needs[0], "missing"), (needs[1], "missing"), (needs[1], "personal")):
        dependency = NeedDataDependency.objects.create(
            need=need, description=f"Registre {verdict}", purpose="p", created_by=analyst)
        actions.do_give_verdict(dependency, verdict=verdict, reason="Aucune source",
                                acting_user=officer)
    page = client.get(url).content.decode()
    assert "2 data dependencies missing." in page
    assert "1 needs a legal basis (personal data)." in page
    assert "Registre personal" in page
