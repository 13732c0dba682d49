"""Which institutions have answered a campaign: an imported plan, "nothing to declare", or needs
filed one by one (submitted needs whose years include the campaign's year)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from synergie.campaigns.models import AnswerKind, Campaign
from synergie.institutions.models import Institution
from synergie.needs.models import NeedStatus


@dataclass
class InstitutionAnswer:
    institution: Institution
    kind: str  # "imported", "nothing", "filed" or "" (not yet)
    needs_count: int = 0
    answered_at: object = None

    @property
    def answered(self) -> bool:
        return bool(self.kind)


def follow(campaign: Campaign, institutions=None) -> list[InstitutionAnswer]:
    institutions = institutions if institutions is not None else \
        Institution.objects.filter(is_active=True)
    answers = {a.institution_id: a for a in campaign.answers.all()}
    filed = dict(institutions.annotate(n=Count("needs", filter=Q(
        needs__first_year__lte=campaign.year, needs__last_year__gte=campaign.year)
        & ~Q(needs__status__in=[NeedStatus.DRAFT, NeedStatus.WITHDRAWN]))).values_list(
        "pk", "n"))
    rows = []
    for institution in institutions.order_by("kind", "name_fr"):
        answer = answers.get(institution.pk)
        if answer is not None:
            count = answer.needs_count if answer.kind == AnswerKind.IMPORTED else 0
            rows.append(InstitutionAnswer(institution, answer.kind, count, answer.answered_at))
        elif filed.get(institution.pk):
            rows.append(InstitutionAnswer(institution, "filed", filed[institution.pk]))
        else:
            rows.append(InstitutionAnswer(institution, ""))
    return rows
