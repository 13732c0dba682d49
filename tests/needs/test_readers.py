"""A need's page says who can read it, computed from the roles as stored; the need form says
truthfully who reads an institution-only need."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from synergie.accounts.models import Role
from synergie.institutions.models import Institution
from synergie.needs.forms import NeedForm
from synergie.needs.permissions import can_view
from synergie.needs.readers import readers_of
from tests.factories import InstitutionFactory, NeedFactory, user_with_role

STATES = {
    "institution only": {"confidentiality": "institution", "status": "submitted"},
    "regional": {"confidentiality": "regional", "status": "in_analysis"},
    "public": {"confidentiality": "public", "status": "submitted"},
    "draft": {"confidentiality": "regional", "status": "draft"},
}


def scoped_reader_role():
    """An institution's own reader of all its needs: view_all_need within its institution."""
    role = Role.objects.create(code="local-reader", name_fr="Lecteur local",
                               name_nl="Lokale lezer", name_en="Local reader",
                               scope="institution")
    role.permissions.add(Permission.objects.get(codename="view_all_need"))
    return role


def expected_readers(need) -> list[str]:
    """Try a member of every role (in the need's institution and in another one) on the need."""
    elsewhere = InstitutionFactory(code="AUTRE")
    names = []
    for role in Role.objects.all():
        if role.scope == "region":
            if can_view(user_with_role(role.code, username=f"{role.code}-r"), need):
                names.append(role.name)
            continue
        here = user_with_role(role.code, need.institution, username=f"{role.code}-h")
        other = user_with_role(role.code, elsewhere, username=f"{role.code}-o")
        if can_view(other, need):
            names.append(f"{role.name} of every institution")
        elif can_view(here, need):
            names.append(f"{role.name} of {need.institution.name}")
    return names


def listed_on_page(client, need) -> list[str]:
    author = user_with_role("contributor", need.institution, username="author")
    client.force_login(author)
    page = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    section = page.split('id="readers-title"', 1)[1].split("</section>", 1)[0]
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", section)]


@pytest.mark.parametrize("state", STATES)
def test_the_page_lists_exactly_the_roles_whose_members_can_read_it(client, db, state):
    scoped_reader_role()
    need = NeedFactory(institution=InstitutionFactory(code="COM-A"), **STATES[state])
    expected = expected_readers(need)
    assert listed_on_page(client, need) == expected
    assert readers_of(need).roles == expected
    assert readers_of(need).everyone == (state == "public")


def test_an_institution_only_need_names_the_regional_readers_and_its_own_institution(db):
    scoped_reader_role()
    need = NeedFactory(institution=InstitutionFactory(code="COM-A"), confidentiality="institution")
    roles = readers_of(need).roles
    assert "Data office" in roles and "Purchasing office analyst" in roles
    assert f"Local reader of {need.institution.name}" in roles
    assert not any(name.startswith("Institution contributor of every") for name in roles)


def confidentiality_help_roles() -> list[str]:
    form = NeedForm(institutions=Institution.objects.all())
    text = str(form.fields["confidentiality"].help_text)
    assert "purchasing office always" not in text
    return text.split("your institution and ", 1)[1].split(".", 1)[0].split(", ")


def test_the_need_form_names_every_role_that_reads_institution_only_needs(db):
    need = NeedFactory(institution=InstitutionFactory(code="COM-A"), confidentiality="institution")
    readers = [role.name for role in Role.objects.filter(scope="region")
               if can_view(user_with_role(role.code, username=role.code), need)]
    assert len(readers) >= 5  # not only the purchasing office
    assert confidentiality_help_roles() == readers
    # The text follows the role data: a role an administrator lets read every need is named.
    auditors = Role.objects.create(code="auditors", name_fr="Audit", name_nl="Audit",
                                   name_en="Internal audit", scope="region")
    auditors.permissions.add(Permission.objects.get(codename="view_all_need"))
    assert "Internal audit" in confidentiality_help_roles()
