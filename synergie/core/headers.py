"""Headers every answer carries that Django 5.2 does not send by itself."""

from django.conf import settings


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
