"""A pooling opportunity written from the landscape: its title and description name the
capability and who runs it on what, until when; the needs it may group are those of the
capability's business domain (the needs of the institutions running it first)."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from synergie.landscape import analysis
from synergie.needs.permissions import visible_needs
from synergie.opportunities.actions import GROUPABLE_STATUSES
from synergie.opportunities.forms import NewOpportunityForm


def proposal_text(row: analysis.CapabilityRow) -> tuple[str, str]:
    """The title and the description of an opportunity for the capability of `row`."""
    title = _("Pooling: %(capability)s") % {"capability": row.capability.name}
    lines = [_("Capability: %(capability)s.") % {"capability": row.capability.name}]
    if row.applications:
        lines.append(_("Institutions running it today:"))
        for application in sorted(row.applications,
                                  key=lambda application: application.institution.name):
            end = (date_format(application.contract_end, "DATE_FORMAT")
                   if application.contract_end else _("no end date recorded"))
            lines.append(_("- %(institution)s: %(product)s (contract ends: %(end)s)") % {
                "institution": application.institution.name, "product": application.product,
                "end": end})
    return title, "\n".join(lines)


def candidate_needs(user, row: analysis.CapabilityRow):
    institutions = [institution.pk for institution in row.institutions]
    domain_id = row.capability.domain_id
    related = Q(domain_id=domain_id) if domain_id else Q(institution__in=institutions)
    return (visible_needs(user).filter(related, status__in=GROUPABLE_STATUSES,
                                       membership__isnull=True)
            .select_related("institution")
            .annotate(runs_it=Case(When(institution__in=institutions, then=Value(0)),
                                   default=Value(1), output_field=IntegerField()))
            .order_by("runs_it", "institution__name_fr", "title"))


def proposal_form(request, capability):
    row = analysis.capability_row(capability)
    needs = candidate_needs(request.user, row)
    if request.method == "POST":
        form = NewOpportunityForm(request.POST)
    else:
        title, notes = proposal_text(row)
        institutions = {institution.pk for institution in row.institutions}
        form = NewOpportunityForm(initial={
            "title": title, "notes": notes, "lead_analyst": request.user,
            "needs": [need.pk for need in needs if need.institution_id in institutions]})
    form.fields["needs"].queryset = needs
    return form, row
