"""Pages about needs. They validate input, ask `permissions`, call `actions`, and render."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.audit import conflicts
from synergie.audit.log import history_of
from synergie.audit.versions import EditConflict
from synergie.core.pagination import CappedPaginator
from synergie.kernel.text import row_id
from synergie.needs import actions, permissions
from synergie.needs.filters import NeedFilterSet
from synergie.needs.forms import (
    CostFormSet,
    NeedForm,
    TransitionForm,
    cost_initial,
    institution_choices,
)
from synergie.needs.history import describe_history
from synergie.needs.matching_port import ExactThenByMeaning, matching
from synergie.needs.models import Need, NeedStatus
from synergie.needs.page_sections import render_sections
from synergie.needs.readers import readers_of
from synergie.needs.workflow import TRANSITIONS_BY_NAME

LIST_RELATED = ("institution", "domain")


def paginate(request, queryset, per_page: int | None = None):
    from django.conf import settings

    paginator = CappedPaginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def filtered_list(request, queryset, template: str, extra: dict | None = None):
    filterset = NeedFilterSet(request.GET or None, queryset=queryset.select_related(*LIST_RELATED))
    page = paginate(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), **(extra or {})}
    return render(request, template, context)


@login_required
def my_needs(request):
    institution_ids = permissions.filing_institution_ids(request.user)
    if institution_ids is not None and not institution_ids:
        raise PermissionDenied
    queryset = Need.objects.visible_to(request.user)
    if institution_ids is not None:
        queryset = queryset.filter(institution_id__in=institution_ids)
    return filtered_list(request, queryset, "needs/my_needs.html")


@login_required
def inbox(request):
    """The region's needs; a search also offers, after the needs that contain its words, the
    needs of other languages that mean the same."""
    if not permissions.can_browse_region(request.user):
        raise PermissionDenied
    queryset = permissions.visible_needs(request.user).exclude(status=NeedStatus.DRAFT)
    filterset = NeedFilterSet(request.GET or None, queryset=queryset.select_related(*LIST_RELATED))
    text = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    by_meaning = matching().needs_in_other_languages(
        text, get_language()[:2], filterset.qs_without_text(), filterset.qs
    ) if text.strip() else []
    results = ExactThenByMeaning(filterset.qs, by_meaning)
    page = paginate(request, results)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "needs/inbox.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
        "exact_count": results.exact_count, "exact_count_is_floor": results.count_is_floor,
        "meaning_count": len(by_meaning),
        "page_by_meaning": [need for need in page.object_list
                            if getattr(need, "found_by_meaning", None)],
    })


def public_list(request):
    """The public portal's list: the same for everyone, signed in or not."""
    return filtered_list(
        request, permissions.visible_needs(AnonymousUser()), "needs/public_list.html"
    )


def detail(request, pk: int):
    need = get_object_or_404(
        permissions.visible_needs(request.user).select_related(
            "institution", "domain", "cpv_code", "created_by"
        ),
        pk=pk,
    )
    context = {
        "need": need,
        "costs": list(need.costs.all()),
        "can_edit": permissions.can_edit(request.user, need),
        "transitions": permissions.allowed_transitions(request.user, need),
        "transition_form": TransitionForm(),
        "history": (
            describe_history(history_of(need))
            if permissions.can_view_history(request.user, need)
            else None
        ),
        "similar": (
            matching().similar_needs(need, request.user)
            if permissions.can_see_matches(request.user, need)
            else None
        ),
        "offers": (
            matching().related_offers(need, request.user)
            if permissions.can_see_matches(request.user, need)
            else None
        ),
        # Role names are internal: for signed-in readers, like the history.
        "readers": readers_of(need) if request.user.is_authenticated else None,
        "sections": render_sections(need, request),
    }
    return render(request, "needs/detail.html", context)


def _apply_errors(error: ValidationError, form, cost_errors: list) -> None:
    """Show an action's validation errors next to the field they concern."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        for item in field_errors:
            if field in form.fields:
                form.add_error(field, item)
            elif field == "costs":
                cost_errors.extend(item.messages)
            else:
                form.add_error(None, item)


def _save_need(request, need: Need | None):
    institutions = institution_choices(permissions.filing_institution_ids(request.user))
    if need is not None and not institutions.filter(pk=need.institution_id).exists():
        # An administrator editing another institution's need keeps it where it is.
        institutions = institutions.model.objects.filter(pk=need.institution_id)
    initial = {"language": get_language()[:2]} if need is None else {}
    data = request.POST.copy() if request.method == "POST" else None
    action = (data.get("action") or "save") if data else None
    if data is not None and data.get("use_cpv"):
        data["cpv_code"] = data["use_cpv"]
        action = "suggest_cpv"
    # The form validates on a copy: the action snapshots the need as stored, not the form's.
    form = NeedForm(data, instance=copy(need) if need else None, institutions=institutions,
                    initial=initial)
    formset = CostFormSet(data, initial=cost_initial(need), prefix="costs")
    cost_errors: list[str] = []
    conflict = None
    if action in ("save", "submit") and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in actions.EDITABLE_FIELDS}
        submit = action == "submit"
        try:
            with transaction.atomic():
                if need is None:
                    saved = actions.do_create_need(
                        costs=formset.cost_lines(), acting_user=request.user, **fields
                    )
                else:
                    saved = actions.do_update_need(
                        need, costs=formset.cost_lines(), acting_user=request.user,
                        expected_version=form.cleaned_data["version"], **fields
                    )
                if submit:
                    actions.do_change_need_status(saved, "submit", acting_user=request.user)
        except ValidationError as error:
            _apply_errors(error, form, cost_errors)
        except EditConflict as error:
            conflict = _need_conflict(error, form, formset, institutions)
            form = NeedForm(conflicts.moved_on(data, error.current.version),
                            instance=copy(error.current), institutions=institutions)
            form.is_valid()
        else:
            if submit:
                messages.success(request, _("Your need was submitted to the purchasing office."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect(saved)
    # Each of the two look-ups keeps what the other one showed: the page says which were on
    # screen (hidden "shown" fields) and both are computed again from the text as it is now.
    shown = set(data.getlist("shown")) if data is not None else set()
    cpv_suggestions = (_cpv_suggestions(form, need)
                       if action in (None, "suggest_cpv") or "cpv" in shown else [])
    similar = (_similar_while_writing(form, request.user)
               if action == "find_similar" or "similar" in shown else None)
    context = {
        "form": form,
        "formset": formset,
        "cost_errors": cost_errors,
        "need": need,
        "can_submit": need is None or need.status == NeedStatus.DRAFT,
        "cpv_suggestions": cpv_suggestions,
        "similar": similar,
        "conflict": conflict,
    }
    return render(request, "needs/form.html", context)


def _need_conflict(error: EditConflict, form, formset, institutions) -> conflicts.Conflict:
    """The other person's values next to the typed ones, the yearly costs included."""
    current = error.current
    conflict = conflicts.describe(error, "need", [
        (form, NeedForm(instance=current, institutions=institutions))])
    theirs = "\n".join(actions.CostLine(c.year, c.one_off, c.recurring).describe()
                       for c in current.costs.all())
    yours = "\n".join(line.describe() for line in formset.cost_lines()
                      if line.one_off or line.recurring)
    if theirs != yours:
        conflict.differences.append(conflicts.Difference(_("Cost estimate"), theirs, yours))
    return conflict


def _text_being_written(form) -> tuple[str, str]:
    """(title and description, language) as the bound form holds them, nothing stored."""
    text = f"{form.data.get('title', '')}\n{form.data.get('description', '')}".strip()
    language = form.data.get("language")
    return text, language if language in ("fr", "nl", "en") else get_language()[:2]


def _cpv_suggestions(form, need):
    """Suggested CPV codes for what the form holds now (typed or saved), nothing stored."""
    if form.is_bound:
        text, language = _text_being_written(form)
    elif need is not None:
        text, language = f"{need.title}\n{need.description}", need.language
    else:
        return []
    return matching().suggest_cpv_codes(text, language if language in ("fr", "nl", "en") else "fr")


def _similar_while_writing(form, user):
    """Needs of other institutions like what the form holds now, before anything is saved."""
    text, language = _text_being_written(form)
    if not text:
        return []
    institution_id = row_id(form.data.get("institution"))
    if not (institution_id
            and form.fields["institution"].queryset.filter(pk=institution_id).exists()):
        institution_id = form.instance.institution_id
    domain_id = form.data.get("domain", "")
    return matching().similar_to_draft(
        text, language, int(domain_id) if domain_id.isdigit() else None,
        form.data.get("cpv_code") or None, institution_id, user)


@login_required
def create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied
    return _save_need(request, None)


@login_required
def edit(request, pk: int):
    need = get_object_or_404(permissions.visible_needs(request.user), pk=pk)
    if not permissions.can_edit(request.user, need):
        raise PermissionDenied
    return _save_need(request, need)


@login_required
@require_POST
def change_status(request, pk: int, transition: str):
    need = get_object_or_404(permissions.visible_needs(request.user), pk=pk)
    step = TRANSITIONS_BY_NAME.get(transition)
    if step is None:
        raise Http404
    if not permissions.can_transition(request.user, need, step):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect(need)
    try:
        actions.do_change_need_status(
            need, transition, acting_user=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        if transition == "submit":
            return redirect("needs:edit", pk=need.pk)
    else:
        messages.success(
            request,
            _("Done: “%(step)s”.") % {"step": step.label},
        )
    return redirect(need)
