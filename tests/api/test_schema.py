"""The committed OpenAPI document is the generated one: a change to the API that forgets to
regenerate it fails here, with the command that does."""

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

from synergie.api.schema import REGENERATE, SCHEMA_FILE


def generated() -> str:
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def test_the_committed_openapi_document_is_the_generated_one():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == generated(), (
        f"{SCHEMA_FILE} is not what the API generates: regenerate it with\n    {REGENERATE}\n"
        "and commit it.")


def test_the_document_is_served(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.decode() == SCHEMA_FILE.read_text(encoding="utf-8")
    assert client.get("/api/v1/schema/?format=json").json()["info"]["title"] == "Synergie API"
