"""The regional business case of a pooling opportunity: inputs, figures, formulas, export."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from synergie.audit import conflicts
from synergie.audit.versions import EditConflict
from synergie.business_case import actions
from synergie.business_case.adapters import current_members, engine_inputs, new_business_case
from synergie.business_case.engine import (
    InvalidBusinessCase,
    NumberStyle,
    compute_business_case,
    explain,
    positive_business_case,
)
from synergie.business_case.forms import BusinessCaseForm, MemberForm
from synergie.business_case.models import BusinessCase
from synergie.business_case.presentation import (
    break_even_sentence,
    missing_inputs,
    translated_formulas,
    translated_sensitivity,
)
from synergie.business_case.problems import add_to_forms, readable_problems
from synergie.data_office.risks import data_risks_for_needs
from synergie.needs.models import Need
from synergie.opportunities import permissions as opportunity_permissions
from synergie.opportunities.models import Opportunity


def _business_case(request, pk: int) -> tuple[Opportunity, BusinessCase]:
    """The stored business case, or (for those who may build it) the neutral one a first save
    will store: reading the page writes nothing."""
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not opportunity_permissions.can_view(request.user, opportunity):
        raise PermissionDenied
    business_case = BusinessCase.objects.filter(opportunity=opportunity).first()
    if business_case is None:
        if not opportunity_permissions.can_edit(request.user, opportunity):
            raise PermissionDenied
        business_case = new_business_case(opportunity)
    return opportunity, business_case


def compute(business_case: BusinessCase, members):
    """(result, problems): the engine's figures, or what in the inputs stops it."""
    try:
        return compute_business_case(engine_inputs(business_case, members)), []
    except InvalidBusinessCase as error:
        return None, error.problems


def _forms(data, business_case: BusinessCase, members):
    """The business case form and one form per member (known by its institution, stored or
    not); members' joining years are checked against the horizon being submitted, once the
    business case form is validated. The forms work on copies: validating a ModelForm writes
    the submitted values on its instance, and what is shown next to them is what is stored."""
    form = BusinessCaseForm(data, instance=copy(business_case))
    if data is not None:
        form.is_valid()  # on a valid field, the instance now holds the submitted value
    member_forms = [
        (member, MemberForm(data, instance=copy(member), prefix=f"m{member.institution_id}",
                            first_year=form.instance.first_year, horizon=form.instance.horizon))
        for member in members]
    return form, member_forms


def _engine_objections(form, member_forms) -> bool:
    """Run the engine's validation on the submitted inputs (on the forms' copies) before
    anything is saved, and put its objections next to their fields; True when there are
    some."""
    submitted = form.instance
    for name, values in form.yearly_values().items():
        setattr(submitted, name, values)
    members = [member_form.instance for _, member_form in member_forms]
    for _, member_form in member_forms:
        member_form.instance.joins_in_year = member_form.cleaned_data["joins_in_year"]
    _, problems = compute(submitted, members)
    add_to_forms(readable_problems(problems, submitted, members), form,
                 [member_form for _, member_form in member_forms])
    return bool(problems)


@login_required
def business_case_page(request, pk: int):
    opportunity, business_case = _business_case(request, pk)
    can_edit = opportunity_permissions.can_edit(request.user, opportunity)
    members = current_members(business_case)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can_edit:
        raise PermissionDenied
    form, member_forms = _forms(data, business_case, members)
    conflict = None
    if data is not None and form.is_valid() and all(f.is_valid() for _, f in member_forms) \
            and not _engine_objections(form, member_forms):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            with transaction.atomic():
                stored = actions.do_open_business_case(opportunity, acting_user=request.user)
                actions.do_update_business_case(
                    stored, acting_user=request.user, **fields, **form.yearly_values(),
                    members=[(member, f.cleaned_data) for member, f in member_forms],
                    expected_version=form.cleaned_data["version"],
                )
        except EditConflict as error:
            business_case = error.current
            members = current_members(business_case)
            conflict = _conflict(error, form, member_forms, members)
            form, member_forms = _forms(conflicts.moved_on(data, business_case.version),
                                        business_case, members)
            for _member, member_form in member_forms:
                member_form.is_valid()
        else:
            messages.success(request, _("Business case saved."))
            return redirect("business_case:page", pk=opportunity.pk)
    # The figures are those of what is stored (or would be stored by a first save), not of a
    # submission that was refused.
    stored = business_case
    stored_members = members
    result, problems = compute(stored, stored_members)
    style = NumberStyle(decimal_separator=get_format("DECIMAL_SEPARATOR"),
                        group_separator=get_format("THOUSAND_SEPARATOR"))
    years = [stored.first_year + t for t in range(stored.horizon)]
    complete = result is not None and result.is_complete
    return render(request, "business_case/page.html", {
        "opportunity": opportunity, "business_case": stored, "can_edit": can_edit,
        "form": form, "member_forms": member_forms, "result": result, "complete": complete,
        "problems": readable_problems(problems, stored, stored_members),
        "missing": missing_inputs(result) if result else [],
        "label": positive_business_case(result, style) if result else None,
        "payback_year": (years[result.payback_year]
                         if complete and result.payback_year is not None else None),
        "break_even": break_even_sentence(result.break_even) if complete else "",
        "formulas": (translated_formulas(explain(result, style), stored.first_year)
                     if complete else []),
        "sensitivity": translated_sensitivity(result) if complete else [],
        "yearly_costs": (list(zip(years, result.separate.yearly, result.pooled.yearly))
                         if result else []),
        "years": years, "first_year": years[0], "last_year": years[-1],
        "form_errors": _error_list(form, member_forms),
        "conflict": conflict,
        "data_risks": _data_risks(request.user, opportunity),
    })


def _data_risks(user, opportunity):
    """The data office's verdicts on the data the opportunity's needs depend on; the blocking
    ones named only on needs the reader may read."""
    risks = data_risks_for_needs(opportunity.needs.all())
    readable = set(Need.objects.visible_to(user).filter(
        pk__in=[dependency.need_id for dependency in risks.blocking]).values_list(
            "pk", flat=True))
    risks.blocking = [dependency for dependency in risks.blocking
                      if dependency.need_id in readable]
    return risks


def _conflict(error: EditConflict, form, member_forms, members) -> conflicts.Conflict:
    """The other person's inputs next to the typed ones, member by member."""
    current = error.current
    stored = {member.institution_id: member for member in members}
    pairs = [(form, BusinessCaseForm(instance=current))]
    for member, member_form in member_forms:
        if member.institution_id in stored:
            pairs.append((member_form, MemberForm(
                instance=stored[member.institution_id], prefix=member_form.prefix,
                first_year=current.first_year, horizon=current.horizon),
                member.institution.name))
    return conflicts.describe(error, "business_case", pairs)


def _error_list(form, member_forms) -> list[tuple[str, str]]:
    """(anchor, text) of every error of the forms, for the summary at the top of the inputs."""
    errors = [("", error) for error in form.non_field_errors()]
    for field in form:
        errors += [(f"#{field.auto_id}", _("%(field)s: %(error)s")
                    % {"field": field.label, "error": error}) for error in field.errors]
    for member, member_form in member_forms:
        for field in member_form:
            errors += [(f"#{field.auto_id}", _("%(field)s (%(institution)s): %(error)s")
                        % {"field": field.label, "institution": member.institution.name,
                           "error": error}) for error in field.errors]
    return errors


@login_required
def business_case_xlsx(request, pk: int):
    from synergie.business_case.engine.xlsx import business_case_xlsx as workbook_bytes

    opportunity, business_case = _business_case(request, pk)
    result, _problems = compute(business_case, current_members(business_case))
    if result is None or not result.is_complete:
        messages.error(request, _("Complete the inputs before exporting."))
        return redirect("business_case:page", pk=opportunity.pk)
    response = HttpResponse(
        workbook_bytes(result, translate=_, first_year=business_case.first_year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(opportunity.title)[:60] or "business-case"
    response["Content-Disposition"] = f'attachment; filename="{name}-business-case.xlsx"'
    return response
