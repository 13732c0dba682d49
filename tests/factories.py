"""Test data. Factories set up state directly; tests of behaviour go through the actions."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password

from synergie.accounts.models import Membership, Role, User
from synergie.institutions.models import Institution, InstitutionKind
from synergie.needs.models import Confidentiality, Need, NeedCost, NeedStatus
from synergie.reference.models import BusinessDomain

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = None


def password_hash() -> str:
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    kind = InstitutionKind.MUNICIPALITY
    name_fr = factory.Sequence(lambda n: f"Commune de Test {n}")
    name_nl = factory.Sequence(lambda n: f"Gemeente Test {n}")
    population = 50000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.LazyFunction(password_hash)


def user_with_role(role_code: str, institution: Institution | None = None, **fields) -> User:
    user = UserFactory(**fields)
    Membership.objects.create(user=user, role=Role.objects.get(code=role_code),
                              institution=institution)
    return user


def human_resources_domain() -> BusinessDomain:
    """The migrations' "hr" domain; made again after a test that emptied the database (the
    transactional ones, live servers included, flush what the migrations wrote)."""
    domain, _ = BusinessDomain.objects.get_or_create(
        code="hr", defaults={"name_fr": "Ressources humaines", "name_nl": "Personeelszaken (HR)",
                             "name_en": "Human resources"})
    return domain


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"Logiciel de gestion numéro {n}")
    description = "Nous cherchons un logiciel de gestion des salaires pour 300 agents."
    language = "fr"
    domain = factory.LazyFunction(lambda: human_resources_domain())
    desired_start = date(2027, 1, 1)
    confidentiality = Confidentiality.REGIONAL
    status = NeedStatus.SUBMITTED
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def costs(self, create, extracted, **kwargs):
        lines = extracted if extracted is not None else [(2027, "100000", "20000")]
        rows = [NeedCost.objects.create(need=self, year=year, one_off=Decimal(one_off),
                                        recurring=Decimal(recurring))
                for year, one_off, recurring in lines]
        self.set_cost_summary(rows)
        self.refresh_search_text()
        self.save()
