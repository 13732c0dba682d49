"""Responses a person may meet that Django leaves blank, and the headers every answer carries."""

from django.conf import settings
from django.shortcuts import render


class MethodNotAllowedPageMiddleware:
    """An address that only takes forms (a status change, logging out) answers an opened link or
    a reload with an empty 405: show the site's page saying so, with a way forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "errors/405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY (directive → sources) on every answer.

    Templates have no inline script or style attribute, so the policy can forbid both: an
    injected `<script>` or `onclick` in a need's text would not run even if escaping failed.
    """

    def __init__(self, get_response):
        self.header = "; ".join(
            " ".join([directive, *sources])
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
