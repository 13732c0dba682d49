"""What the lead's public portal shows of the observatory: a few headline numbers built from
public objects only (the public audience of `adapters`), each with its label and the address
of the figure it comes from."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.observatory import adapters
from synergie.observatory import figures as f
from synergie.observatory.adapters import Audience

PUBLIC = Audience(staff=False)


def headline_figures(today=None) -> list[dict]:
    """[{"label", "value" (a number), "unit", "url"}], in the reader's language."""
    today = today or timezone.localdate()
    url = reverse("observatory:index")
    headlines = []
    steps = adapters.adoption_steps(PUBLIC)
    using = {(solution, institution) for solution, institution, _start, until
             in f.live_periods(steps, today) if until == today}
    headlines.append({"label": _("Institutions using a regional solution today"),
                      "value": len({institution for _solution, institution in using}),
                      "unit": "", "url": f"{url}#adoption"})
    pooled = f.pooled_rows(adapters.spending_lines(PUBLIC, today),
                           years=f.YearRange(today.year, today.year))
    if pooled and pooled[0][3] is not None:
        headlines.append({"label": _("Pooled share of public digital spending this year"),
                          "value": pooled[0][3], "unit": "%", "url": f"{url}#pooled"})
    lead = f.lead_time_summary(f.lead_time_rows(adapters.journeys(PUBLIC)))
    if lead:
        last = lead[max(lead)]
        headlines.append({"label": _("Median days from filing to decision (public needs)"),
                          "value": last["to_decision"], "unit": "", "url": f"{url}#lead_time"})
    estimated = f.investment_summary(f.investment_rows(
        adapters.investment_lines(PUBLIC), by_institution=False,
        years=f.YearRange(today.year, today.year)))
    if estimated:
        headlines.append({"label": _("Estimated in public needs this year"),
                          "value": estimated[today.year]["estimated"], "unit": "€",
                          "url": f"{url}#investment"})
    return headlines
