from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from synergie.decisions.models import Decision
from synergie.decisions.permissions import public_subject

FEED_SIZE = 50


class DecisionFeed(Feed):
    """Recorded decisions, newest first: what the steering committee decided and why."""

    feed_type = Atom1Feed
    title = _("Synergie: decisions of the steering committee")
    subtitle = _("Decisions on shared digital solutions in the Brussels-Capital Region, with "
                 "their motivation.")
    link = reverse_lazy("decisions:list")

    def items(self):
        return Decision.objects.select_related(
            "item__opportunity", "item__need__institution", "item__meeting"
        )[:FEED_SIZE]

    def item_title(self, decision):
        return f"{decision.get_outcome_display()}: {public_subject(decision)}"

    def item_description(self, decision):
        text = decision.motivation
        if decision.conditions:
            text += "\n\n" + str(_("Conditions:")) + " " + decision.conditions
        return text

    def item_pubdate(self, decision):
        return decision.decided_at

    def item_updateddate(self, decision):
        return decision.decided_at
