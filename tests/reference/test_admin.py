"""The CPV vocabulary in the admin: listed with its label in the reader's language, read-only."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("language, shown, hidden", [
    ("fr", "Produits agricoles, produits de la culture maraîchère et de l&#x27;horticulture "
           "commerciale", "Crops, products of market gardening and horticulture"),
    ("nl", "Land- en tuinbouwgewassen en -producten",
     "Crops, products of market gardening and horticulture"),
])
def test_cpv_codes_are_listed_in_the_readers_language(client, superuser, language, shown,
                                                      hidden):
    client.force_login(superuser)
    with translation.override(language):
        html = client.get(reverse("admin:reference_cpvcode_changelist"), {"q": "03110000"}) \
            .content.decode()
    assert shown in html
    assert hidden not in html


def test_a_cpv_code_shows_its_three_labels_each_marked_with_its_language(client, superuser):
    client.force_login(superuser)
    with translation.override("fr"):
        html = client.get(reverse("admin:reference_cpvcode_change", args=["03110000"])) \
            .content.decode()
    assert '<span lang="en">Crops, products of market gardening and horticulture</span>' in html
    assert 'name="label_fr"' not in html  # the official vocabulary is read-only


def test_the_cpv_vocabulary_cannot_be_added_to_or_deleted_from(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:reference_cpvcode_add")).status_code == 403
    assert client.get(reverse("admin:reference_cpvcode_delete", args=["03110000"])) \
        .status_code == 403


def test_a_business_domain_renamed_in_the_admin_is_audited(client, superuser):
    from synergie.audit.log import history_of
    from synergie.reference.models import BusinessDomain

    domain = BusinessDomain.objects.get(code="hr")
    client.force_login(superuser)
    response = client.post(reverse("admin:reference_businessdomain_change", args=[domain.pk]), {
        "code": "hr", "name_fr": domain.name_fr, "name_nl": domain.name_nl,
        "name_en": "People and HR", "position": domain.position})
    assert response.status_code == 302
    entry = history_of(domain).get()
    assert entry.actor == superuser
    assert entry.changes == {"name_en": {"before": "Human resources", "after": "People and HR"}}


def test_a_business_domain_in_use_is_not_deleted_and_nothing_is_recorded(client, superuser,
                                                                         institution):
    from synergie.audit.log import history_of
    from synergie.reference.models import BusinessDomain
    from tests.factories import NeedFactory

    domain = BusinessDomain.objects.get(code="hr")
    NeedFactory(institution=institution, domain=domain)
    client.force_login(superuser)
    url = reverse("admin:reference_businessdomain_delete", args=[domain.pk])
    with translation.override("fr"):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the admin's page naming the needs that use it
    assert BusinessDomain.objects.filter(pk=domain.pk).exists()
    assert not history_of(domain).exists()
