"""The catalogue's solutions beside the needs in the matching (matching/related.py): their text,
and what a need's reader is shown of them (the catalogue is public)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _

from synergie.catalogue.models import Solution
from synergie.matching.models import DocumentKind
from synergie.matching.related import RelatedKind, RelatedOffer, RelatedText, register
from synergie.matching.tasks import schedule_related_indexing


def solution_texts(solution_id: int) -> list[RelatedText]:
    """The solution in each language it is named in: name, summary, capabilities, description."""
    solution = Solution.objects.filter(pk=solution_id).prefetch_related("capabilities").first()
    if solution is None:
        return []
    texts = []
    for language in ("fr", "nl", "en"):
        name = getattr(solution, f"name_{language}")
        if not name:
            continue
        capabilities = ", ".join(getattr(capability, f"name_{language}") or capability.name_fr
                                 for capability in solution.capabilities.all())
        texts.append(RelatedText(language=language, text="\n".join(part for part in (
            name, getattr(solution, f"summary_{language}"), capabilities,
            getattr(solution, f"description_{language}")) if part)))
    return texts


def describe_solutions(ids: list[int], user) -> dict[int, RelatedOffer]:
    return {solution.pk: RelatedOffer(
        kind_label=_("Regional solution"), title=solution.name,
        url=solution.get_absolute_url(), detail=solution.get_label_status_display())
        for solution in Solution.objects.filter(pk__in=ids)}


def _reindex(sender, instance, **kwargs):
    schedule_related_indexing(DocumentKind.SOLUTION, instance.pk)


def _capabilities_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """The capabilities' names are part of the text."""
    if not action.startswith("post_"):
        return
    for object_id in (pk_set or ()) if reverse else (instance.pk,):
        schedule_related_indexing(DocumentKind.SOLUTION, object_id)


def connect() -> None:
    register(RelatedKind(
        kind=DocumentKind.SOLUTION, text_of=solution_texts,
        all_ids=lambda: Solution.objects.values_list("pk", flat=True),
        describe=describe_solutions))
    post_save.connect(_reindex, sender=Solution, dispatch_uid="catalogue.related.save")
    post_delete.connect(_reindex, sender=Solution, dispatch_uid="catalogue.related.delete")
    m2m_changed.connect(_capabilities_changed, sender=Solution.capabilities.through,
                        dispatch_uid="catalogue.related.capabilities")
