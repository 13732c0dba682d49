"""The landscape as an ArchiMate model (see `archimate`): institutions are business actors,
capabilities are capabilities, applications are application components that serve the
institution running them and realise their capabilities."""

from synergie.institutions.models import Institution
from synergie.landscape import archimate
from synergie.landscape.models import Application
from synergie.reference.models import Capability

MODEL_NAMES = {"fr": "Paysage applicatif régional", "nl": "Regionaal applicatielandschap",
               "en": "Regional application landscape"}


def _names(obj) -> dict[str, str]:
    return {language: getattr(obj, f"name_{language}", "") for language in ("fr", "nl", "en")
            if getattr(obj, f"name_{language}", "")}


def landscape_model() -> archimate.Model:
    applications = list(Application.objects.select_related("institution")
                        .prefetch_related("capabilities").order_by("pk"))
    institution_ids = {application.institution_id for application in applications}
    elements = [
        archimate.Element(f"id-institution-{institution.pk}", archimate.BUSINESS_ACTOR,
                          _names(institution), properties={"code": institution.code})
        for institution in Institution.objects.filter(pk__in=institution_ids).order_by("pk")
    ]
    elements += [
        archimate.Element(f"id-capability-{capability.pk}", archimate.CAPABILITY,
                          _names(capability), properties={"code": capability.code})
        for capability in Capability.objects.order_by("position", "code")
    ]
    relationships = []
    for application in applications:
        properties = {"product": application.product}
        if application.vendor:
            properties["vendor"] = application.vendor
        if application.contract_end:
            properties["contract end"] = application.contract_end.isoformat()
        if application.yearly_cost is not None:
            properties["yearly cost (EUR)"] = str(application.yearly_cost)
        if application.users is not None:
            properties["users"] = str(application.users)
        if application.hosting:
            properties["hosting"] = application.hosting
        component = f"id-application-{application.pk}"
        elements.append(archimate.Element(component, archimate.APPLICATION_COMPONENT,
                                          {"": application.name},
                                          documentation=application.notes,
                                          properties=properties))
        relationships.append(archimate.Relationship(
            f"id-serves-{application.pk}", archimate.SERVING, component,
            f"id-institution-{application.institution_id}"))
        for capability in application.capabilities.all():
            relationships.append(archimate.Relationship(
                f"id-realises-{application.pk}-{capability.pk}", archimate.REALIZATION,
                component, f"id-capability-{capability.pk}"))
    return archimate.Model("id-synergie-landscape", dict(MODEL_NAMES), elements, relationships)
