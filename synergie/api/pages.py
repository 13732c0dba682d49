"""The API's two pages: what it offers (read from the committed OpenAPI document) and one's
personal tokens."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.api import actions, permissions, schema
from synergie.api.forms import TokenForm
from synergie.api.models import ApiToken


def overview(request):
    return render(request, "api/overview.html", {
        "operations": schema.operations(),
        "can_hold_tokens": permissions.can_hold_tokens(request.user),
    })


def openapi(request):
    """The committed OpenAPI document, YAML (or JSON with `?format=json`)."""
    if request.GET.get("format") == "json":
        return HttpResponse(json.dumps(schema.committed(), ensure_ascii=False),
                            content_type="application/json")
    return HttpResponse(schema.committed_text(),
                        content_type="application/vnd.oai.openapi; charset=utf-8")


@login_required
def tokens(request):
    if not permissions.can_hold_tokens(request.user):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = actions.do_create_api_token(name=form.cleaned_data["name"],
                                                          acting_user=request.user)
            form = TokenForm()
        except ValidationError as error:
            form.add_error("name", error.message_dict.get("name", error.messages))
    response = render(request, "api/tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user),
    })
    # The key is shown once: no cache keeps the page that shows it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request):
    token = get_object_or_404(ApiToken, pk=request.POST.get("token") or 0, user=request.user)
    actions.do_revoke_api_token(token, acting_user=request.user)
    messages.success(request, _("The token “%(name)s” no longer opens the API.")
                     % {"name": token.name})
    return redirect("api_pages:tokens")
