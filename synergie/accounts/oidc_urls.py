"""Single sign-on addresses, mounted at /oidc/ only when it is configured (synergie/urls.py).

Outside the language prefix: the callback is registered at the provider as one fixed URL."""

from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from synergie.accounts.oidc import CallbackView

app_name = "oidc"
urlpatterns = [
    path("authenticate/", OIDCAuthenticationRequestView.as_view(), name="authenticate"),
    path("callback/", CallbackView.as_view(), name="callback"),
]
