"""The pages a person sees when something goes wrong: in their language, with the site's header
and a way forward, never Django's bare one-liners."""

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404

from synergie.kernel.text import LONG_TEXT_MAX

logger = logging.getLogger(__name__)


def page_not_found(request, exception):
    """A page that exists but shows nothing to an anonymous visitor may well open after login
    (a need readable by the region's institutions, an opportunity): send them to log in rather
    than say "not found". A URL that matches no page is not found for everyone."""
    if not isinstance(exception, Resolver404) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    memberships = request.user.memberships.select_related("role", "institution")
    return render(request, "errors/403.html", {"memberships": memberships}, status=403)


def bad_request(request, exception):
    """A form too big to read (a pasted document, a forged request with thousands of fields)
    is said so, with the limit and how to get the text back: the browser's Back button returns
    to the form as it was typed."""
    too_big = too_many = None
    if isinstance(exception, RequestDataTooBig):
        too_big = max(1, round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)))
    elif isinstance(exception, TooManyFieldsSent):
        too_many = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return render(request, "errors/400.html", {
        "too_big_megabytes": too_big, "too_many_fields": too_many,
        "long_text_max": LONG_TEXT_MAX,
    }, status=400)


def server_error(request):
    """Rendered without the database or the session, which may be what failed; only the
    header and a way back home."""
    try:
        return HttpResponseServerError(loader.render_to_string("errors/500.html", request=None))
    except Exception:  # the template itself failing must not hide the original error
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError("Internal Server Error", content_type="text/plain")


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
