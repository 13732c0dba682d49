"""Responses a person may meet that Django leaves blank."""

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
