"""Responses a person may meet that Django leaves blank."""

from django.shortcuts import render

# The site is pages and their forms: nothing answers PUT, PATCH, DELETE or OPTIONS (nor TRACE),
# whatever the view would have done with them (a view that only tests "is it a POST?" would
# otherwise treat a DELETE as a page to show).
ACCEPTED_METHODS = ("GET", "HEAD", "POST")
# ...except the REST API (synergie/api), which answers PATCH and DELETE where it says so.
API_PATH = "/api/v1/"


class MethodNotAllowedPageMiddleware:
    """Any other method is refused before a view runs, with 405 and the site's page. An
    address that only takes forms (a status change, logging out) answers an opened link or a
    reload with an empty 405: show the site's page saying so, with a way forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ACCEPTED_METHODS and not request.path.startswith(API_PATH):
            page = render(request, "errors/405.html", status=405)
            page["Allow"] = ", ".join(ACCEPTED_METHODS)
            return page
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "errors/405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
