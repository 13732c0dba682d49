"""The regional business case of a pooling opportunity: inputs, figures, formulas, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from synergie.business_case import actions
from synergie.business_case.adapters import engine_inputs, sync_members
from synergie.business_case.engine import (
    InvalidBusinessCase,
    NumberStyle,
    compute_business_case,
    explain,
    positive_business_case,
)
from synergie.business_case.forms import BusinessCaseForm, MemberForm
from synergie.business_case.models import BusinessCase
from synergie.business_case.presentation import translated_formulas, translated_sensitivity
from synergie.opportunities import permissions as opportunity_permissions
from synergie.opportunities.models import Opportunity


def _business_case(request, pk: int) -> tuple[Opportunity, BusinessCase]:
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not opportunity_permissions.can_view(request.user, opportunity):
        raise PermissionDenied
    business_case = BusinessCase.objects.filter(opportunity=opportunity).first()
    if business_case is None:
        if not opportunity_permissions.can_edit(request.user, opportunity):
            raise PermissionDenied
        business_case = actions.do_open_business_case(opportunity, acting_user=request.user)
    return opportunity, business_case


def compute(business_case: BusinessCase, members=None):
    """(result, problems): the engine's figures, or what in the inputs stops it."""
    try:
        return compute_business_case(engine_inputs(business_case, members)), []
    except InvalidBusinessCase as error:
        return None, error.problems


@login_required
def business_case_page(request, pk: int):
    opportunity, business_case = _business_case(request, pk)
    can_edit = opportunity_permissions.can_edit(request.user, opportunity)
    members = sync_members(business_case)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can_edit:
        raise PermissionDenied
    form = BusinessCaseForm(data, instance=business_case)
    member_forms = [(member, MemberForm(data, instance=member, prefix=f"m{member.pk}"))
                    for member in members]
    if data is not None and form.is_valid() and all(f.is_valid() for _, f in member_forms):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        actions.do_update_business_case(
            business_case, acting_user=request.user, **fields, **form.yearly_values(),
            members=[(member, f.cleaned_data) for member, f in member_forms],
        )
        messages.success(request, _("Business case saved."))
        return redirect("business_case:page", pk=opportunity.pk)
    result, problems = compute(business_case, members)
    style = NumberStyle(decimal_separator=get_format("DECIMAL_SEPARATOR"),
                        group_separator=get_format("THOUSAND_SEPARATOR"))
    return render(request, "business_case/page.html", {
        "opportunity": opportunity, "business_case": business_case, "can_edit": can_edit,
        "form": form, "member_forms": member_forms, "result": result, "problems": problems,
        "label": positive_business_case(result) if result else None,
        "formulas": translated_formulas(explain(result, style)) if result else [],
        "sensitivity": translated_sensitivity(result) if result else [],
        "years": [business_case.first_year + t for t in range(business_case.horizon)],
    })


@login_required
def business_case_xlsx(request, pk: int):
    from synergie.business_case.engine.xlsx import business_case_xlsx as workbook_bytes

    opportunity, business_case = _business_case(request, pk)
    result, problems = compute(business_case)
    if result is None:
        messages.error(request, _("Complete the inputs before exporting."))
        return redirect("business_case:page", pk=opportunity.pk)
    response = HttpResponse(
        workbook_bytes(result, translate=_),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(opportunity.title)[:60] or "business-case"
    response["Content-Disposition"] = f'attachment; filename="{name}-business-case.xlsx"'
    return response
