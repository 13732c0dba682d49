"""What the innovation lab's stopped experiments saved, read by the lab's page and the
portfolio's."""

from decimal import Decimal

from synergie.innovation.models import Experiment, ExperimentStatus


def stopped_experiments(user) -> dict:
    """The experiments stopped by a no-go that `user` may read and the roll-out costs they kept
    from being committed: each counts the amount stated when it was set up, never its
    subject's whole cost."""
    stopped = list(Experiment.objects.visible_to(user).filter(status=ExperimentStatus.NO_GO)
                   .select_related("opportunity", "need").order_by("-concluded_at", "-pk"))
    return {
        "stopped": stopped,
        "not_committed": sum((e.rollout_cost_at_stake or Decimal("0") for e in stopped),
                             Decimal("0")),
    }
