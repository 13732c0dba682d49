"""The API as a program uses it: what anonymous reads, tokens made and revoked on their page,
filters, cursor pages, writes through the actions, errors naming the field in the requester's
language."""

import json

import pytest
from django.urls import reverse

from synergie.api.models import ApiToken
from synergie.audit.models import AuditEntry
from synergie.needs.models import Need
from tests.factories import NeedFactory, user_with_role


@pytest.fixture
def contributor(institution):
    return user_with_role("contributor", institution, username="alice")


def test_anonymous_reads_exactly_the_public_needs(client, institution, contributor):
    public = NeedFactory(institution=institution, confidentiality="public")
    NeedFactory(institution=institution)  # regional
    NeedFactory(institution=institution, confidentiality="public", status="draft")
    response = client.get("/api/v1/needs/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [public.pk]


def test_a_token_reads_what_its_user_reads(client, institution, contributor, token_for):
    regional = NeedFactory(institution=institution)
    draft = NeedFactory(institution=institution, status="draft", created_by=contributor)
    ids = {row["id"] for row in client.get("/api/v1/needs/", **token_for(contributor))
           .json()["results"]}
    assert ids == {regional.pk, draft.pk}
    assert client.get("/api/v1/needs/", HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_filters_and_cursor_pages(client, institution, other_institution):
    for _ in range(3):
        NeedFactory(institution=institution, confidentiality="public")
    other = NeedFactory(institution=other_institution, confidentiality="public")
    page = client.get("/api/v1/needs/", {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None
    only = client.get("/api/v1/needs/", {"institution": other_institution.pk}).json()
    assert [row["id"] for row in only["results"]] == [other.pk]
    refused = client.get("/api/v1/needs/", {"year": "lots"})
    assert refused.status_code == 400 and "year" in refused.json()


def test_writes_go_through_the_actions_and_are_audited(client, institution, contributor,
                                                        token_for):
    headers = token_for(contributor)
    created = client.post("/api/v1/needs/", json.dumps({
        "institution": institution.pk, "title": "Gestion des salles",
        "description": "Réserver les salles.", "desired_start": "2027-01-01",
        "domain": Need._meta.get_field("domain").related_model.objects.first().pk,
        "costs": [{"year": 2027, "one_off": "1000.00"}]}),
        content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    need = Need.objects.get(pk=created.json()["id"])
    assert need.created_by == contributor and need.total_cost == 1000
    stale = client.patch(f"/api/v1/needs/{need.pk}/", json.dumps({"title": "Salles",
                                                                  "version": 1}),
                         content_type="application/json", **headers)
    assert stale.status_code == 200 and stale.json()["version"] == 2
    conflict = client.patch(f"/api/v1/needs/{need.pk}/", json.dumps({"title": "Autre",
                                                                     "version": 1}),
                            content_type="application/json", **headers)
    assert conflict.status_code == 409 and "version" in conflict.json()
    submitted = client.post(f"/api/v1/needs/{need.pk}/transition/",
                            json.dumps({"transition": "submit"}),
                            content_type="application/json", **headers)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    actions = list(AuditEntry.objects.filter(object_id=str(need.pk),
                                             content_type__model="need")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["created", "updated", "status_changed"]


@pytest.mark.parametrize("language,expected", [
    ("fr", "Ce champ est obligatoire."), ("nl", "Dit veld is vereist."),
    ("en", "This field is required.")])
def test_errors_name_the_field_in_the_requesters_language(client, contributor, token_for,
                                                          language, expected):
    response = client.post("/api/v1/needs/", "{}", content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE=language, **token_for(contributor))
    assert response.status_code == 400
    assert response.json()["title"] == [expected]


def test_an_actions_refusal_names_its_field_translated(client, institution, contributor,
                                                       token_for):
    draft = NeedFactory(institution=institution, status="draft", created_by=contributor)
    response = client.post(f"/api/v1/needs/{draft.pk}/transition/",
                           json.dumps({"transition": "withdraw"}),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
                           **token_for(contributor))
    assert response.status_code == 400
    assert response.json() == {"comment": ["Say why: this step requires a comment."]}


def test_tokens_are_made_shown_once_and_revoked_on_their_page(client, contributor):
    client.force_login(contributor)
    page = client.post(reverse("api_pages:tokens"), {"name": "Tableur"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    key = page.context["new_key"]
    token = ApiToken.objects.get(user=contributor)
    assert token.digest != key and key not in token.digest and token.prefix == key[:8]
    assert key.encode() not in client.get(reverse("api_pages:tokens")).content
    client.logout()
    assert client.get("/api/v1/opportunities/",
                      HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
    client.force_login(contributor)
    revoked = client.post(reverse("api_pages:revoke"), {"token": token.pk})
    assert revoked.status_code == 302
    client.logout()
    assert client.get("/api/v1/needs/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert list(AuditEntry.objects.filter(content_type__model="apitoken")
                .values_list("action", flat=True).order_by("pk")) == ["created", "deleted"]


def test_someone_elses_token_cannot_be_revoked(client, contributor, token_for):
    token_for(contributor)
    other = user_with_role("analyst", username="bob")
    client.force_login(other)
    token = ApiToken.objects.get(user=contributor)
    assert client.post(reverse("api_pages:revoke"), {"token": token.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_pages_of_the_api(client, contributor):
    overview = client.get(reverse("api_pages:overview"))
    assert overview.status_code == 200 and b"/api/v1/needs/" in overview.content
    assert client.get(reverse("api_pages:tokens")).status_code == 302
