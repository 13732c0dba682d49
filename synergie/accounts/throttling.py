"""Login throttling with django-axes: who is locked out, from where, and the page they see."""

from datetime import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off


class ThrottlingBackend(AxesStandaloneBackend):
    """Refuses any login while its account or address is locked out.

    Axes needs the request to know the address. A login without one is not a web login (the
    shell, a management command, a test calling `authenticate`): nothing to throttle there.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The visitor's address. Behind SYNERGIE_TRUSTED_PROXY_COUNT reverse proxies it is the
    entry that many places from the right of X-Forwarded-For (what the nearest trusted proxy
    saw); entries further left were written by the client and may be forged. Without this,
    every visitor would share the proxy's address and one attacker would lock out everyone."""
    proxies = settings.SYNERGIE_TRUSTED_PROXY_COUNT
    if proxies > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def retry_after(request, credentials) -> datetime | None:
    """When the lockout lifts at the latest: the cool-off after the newest counted failure."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    handler = AxesProxyHandler.get_implementation()
    latest = None
    for attempts in handler.get_user_attempts(request, credentials):
        newest = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
        if newest and (latest is None or newest > latest):
            latest = newest
    return (latest or timezone.now()) + cool_off


def locked_out(request, original_response=None, credentials=None):
    """The page for a refused login (the site's or the admin's): HTTP 429, in the reader's
    language, saying when to try again."""
    return render(
        request,
        "accounts/locked_out.html",
        {"retry_after": retry_after(request, credentials)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
