"""The API's pages, in the reader's language: /<lang>/api/ and /<lang>/api/tokens/."""

from django.urls import path

from synergie.api import pages

app_name = "api_pages"
urlpatterns = [
    path("", pages.overview, name="overview"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/revoke/", pages.revoke, name="revoke"),
]
