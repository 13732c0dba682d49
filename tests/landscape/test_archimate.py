"""The ArchiMate exchange file: what Synergie writes reads back as the same model, and a file
that breaks the format's structure is refused with a reason."""

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from synergie.landscape import archimate
from synergie.landscape.actions import do_record_application
from synergie.landscape.exchange import landscape_model
from synergie.reference.models import Capability
from tests.factories import user_with_role

NS = {"a": archimate.NAMESPACE}


def small_model() -> archimate.Model:
    return archimate.Model(
        "id-model", {"fr": "Paysage", "nl": "Landschap", "en": "Landscape"},
        elements=[
            archimate.Element("id-actor", archimate.BUSINESS_ACTOR,
                              {"fr": "Commune d'Ixelles", "nl": "Gemeente Elsene"},
                              properties={"code": "COM-21009"}),
            archimate.Element("id-capability", archimate.CAPABILITY,
                              {"fr": "Paie", "nl": "Loonadministratie", "en": "Payroll"}),
            archimate.Element("id-component", archimate.APPLICATION_COMPONENT,
                              {"": "Paie & RH <2027>"}, documentation="Contrat jusqu'en 2027",
                              properties={"product": "Persée", "contract end": "2027-06-30"}),
        ],
        relationships=[
            archimate.Relationship("id-serves", archimate.SERVING, "id-component", "id-actor"),
            archimate.Relationship("id-realises", archimate.REALIZATION, "id-component",
                                   "id-capability"),
        ])


def test_a_written_model_reads_back_the_same():
    model = small_model()
    assert archimate.read_model(archimate.write_model(model)) == model


def test_names_carry_their_language_and_the_structure_follows_the_schema():
    root = ElementTree.fromstring(archimate.write_model(small_model()))
    assert root.tag == f"{{{archimate.NAMESPACE}}}model"
    assert "archimate3_Model.xsd" in root.get(f"{{{archimate.XSI}}}schemaLocation")
    # The exchange schema's order of the model's children.
    assert [child.tag.split("}")[1] for child in root] == [
        "name", "name", "name", "elements", "relationships", "propertyDefinitions"]
    capability = root.find("a:elements/a:element[@identifier='id-capability']", NS)
    assert {name.get(archimate.XML_LANG): name.text
            for name in capability.findall("a:name", NS)} == {
        "fr": "Paie", "nl": "Loonadministratie", "en": "Payroll"}
    assert capability.get(f"{{{archimate.XSI}}}type") == "Capability"
    component = root.find("a:elements/a:element[@identifier='id-component']", NS)
    assert component.find("a:name", NS).get(archimate.XML_LANG) is None


@pytest.mark.parametrize("breakage,reason", [
    (lambda xml: xml.replace(b'target="id-actor"', b'target="id-nowhere"'),
     "points at id-nowhere"),
    (lambda xml: xml.replace(b'identifier="id-capability"', b'identifier="id-actor"'),
     "used twice"),
    (lambda xml: xml.replace(b'xsi:type="Serving"', b""), "has no type"),
    (lambda xml: xml.replace(archimate.NAMESPACE.encode(), b"urn:other"), "not an ArchiMate"),
    (lambda xml: xml[:-20], "not well-formed"),
])
def test_a_broken_file_is_refused_with_its_reason(breakage, reason):
    with pytest.raises(archimate.ArchimateError, match=reason):
        archimate.read_model(breakage(archimate.write_model(small_model())))


@pytest.fixture
def recorded(institution, other_institution):
    payroll = Capability.objects.get(code="payroll")
    accounting = Capability.objects.get(code="accounting")
    for subject, product in ((institution, "Persée"), (other_institution, "SAP HR")):
        do_record_application(
            acting_user=user_with_role("contributor", subject), institution=subject,
            name=f"Paie {product}", product=product, capabilities=[payroll, accounting],
            contract_end=date(2027, 6, 30), yearly_cost=Decimal("12000"))
    return payroll


def test_the_landscape_exports_and_reads_back_with_its_elements_and_relations(recorded):
    model = landscape_model()
    back = archimate.read_model(archimate.write_model(model))
    assert back == model
    types = [element.type for element in back.elements]
    assert types.count("BusinessActor") == 2
    assert types.count("ApplicationComponent") == 2
    assert types.count("Capability") == Capability.objects.count()
    by_id = {element.identifier: element for element in back.elements}
    payroll = next(element for element in back.elements
                   if element.type == "Capability" and element.properties["code"] == "payroll")
    assert payroll.names == {"fr": "Paie", "nl": "Loonadministratie", "en": "Payroll"}
    realising = {by_id[relation.source].properties["product"] for relation in back.relationships
                 if relation.type == "Realization" and relation.target == payroll.identifier}
    assert realising == {"Persée", "SAP HR"}
    serving = [(by_id[relation.source].names[""], by_id[relation.target].properties["code"])
               for relation in back.relationships if relation.type == "Serving"]
    assert sorted(serving) == [("Paie Persée", "COM-TEST-A"), ("Paie SAP HR", "CPAS-TEST-B")]


def test_the_architecture_board_downloads_the_exchange_file(client, recorded):
    client.force_login(user_with_role("architecture_board"))
    response = client.get(reverse("landscape:archimate"))
    assert response.status_code == 200
    assert "synergie-landscape.xml" in response["Content-Disposition"]
    model = archimate.read_model(response.content)
    assert sum(element.type == "ApplicationComponent" for element in model.elements) == 2
