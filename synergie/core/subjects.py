"""Objects about either a pooling opportunity or a single need (an agenda item, an experiment,
a portfolio candidate): the shared rule and accessors, the foreign keys stay on each model."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def one_subject_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(models.Q(opportunity__isnull=False, need__isnull=True)
                   | models.Q(opportunity__isnull=True, need__isnull=False)),
        name=name,
    )


class OpportunityOrNeed:
    """For models with `opportunity` and `need` foreign keys, exactly one of them set."""

    one_subject_message = _("Choose either an opportunity or a need.")

    @property
    def subject(self):
        return self.opportunity or self.need

    def member_needs(self) -> list:
        if self.opportunity_id:
            return list(self.opportunity.needs.all())
        return [self.need]

    def check_one_subject(self) -> None:
        if (self.opportunity_id is None) == (self.need_id is None):
            raise ValidationError(self.one_subject_message)
