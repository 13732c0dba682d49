"""The applications institutions run beside the needs in the matching (matching/related.py):
their text, and what a need's reader may be shown of them (readers of the landscape only)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext as _

from synergie.landscape import permissions
from synergie.landscape.models import Application
from synergie.matching.models import DocumentKind
from synergie.matching.related import RelatedKind, RelatedOffer, RelatedText, register
from synergie.matching.tasks import schedule_related_indexing


def application_texts(application_id: int) -> list[RelatedText]:
    """The application in the three languages: its product and notes read the same in each,
    its capabilities by their name in each language (so a Dutch need meets Dutch words)."""
    application = Application.objects.filter(pk=application_id).prefetch_related(
        "capabilities").first()
    if application is None:
        return []
    texts = []
    for language in ("fr", "nl", "en"):
        capabilities = ", ".join(getattr(capability, f"name_{language}") or capability.name_fr
                                 for capability in application.capabilities.all())
        texts.append(RelatedText(
            language=language, institution_id=application.institution_id,
            text="\n".join(part for part in (
                application.name, f"{application.product} {application.vendor}".strip(),
                capabilities, application.notes) if part)))
    return texts


def describe_applications(ids: list[int], user) -> dict[int, RelatedOffer]:
    if not permissions.can_view_landscape(user):
        return {}
    return {application.pk: RelatedOffer(
        kind_label=_("Application of %(institution)s") % {
            "institution": application.institution.name},
        title=application.product or application.name,
        url=reverse("landscape:institution", args=[application.institution_id]),
        detail=application.name)
        for application in Application.objects.filter(pk__in=ids).select_related("institution")}


def _reindex(sender, instance, **kwargs):
    schedule_related_indexing(DocumentKind.APPLICATION, instance.pk)


def _capabilities_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """The capabilities' names are part of the text."""
    if not action.startswith("post_"):
        return
    for object_id in (pk_set or ()) if reverse else (instance.pk,):
        schedule_related_indexing(DocumentKind.APPLICATION, object_id)


def connect() -> None:
    register(RelatedKind(
        kind=DocumentKind.APPLICATION, text_of=application_texts,
        all_ids=lambda: Application.objects.values_list("pk", flat=True),
        describe=describe_applications))
    post_save.connect(_reindex, sender=Application, dispatch_uid="landscape.related.save")
    post_delete.connect(_reindex, sender=Application, dispatch_uid="landscape.related.delete")
    m2m_changed.connect(_capabilities_changed, sender=Application.capabilities.through,
                        dispatch_uid="landscape.related.capabilities")
