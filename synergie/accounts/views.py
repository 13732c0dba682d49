"""Logging in and out: with a password, or through the region's identity provider."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "single_sign_on": settings.SYNERGIE_OIDC_ENABLED}


class LogoutView(auth_views.LogoutView):
    """After logging out of Synergie, a person who came through the identity provider is sent
    on to end the provider's session too; otherwise the next "log in" would let them (or the
    next person at a shared computer) straight back in without asking."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        endpoint = settings.SYNERGIE_OIDC_END_SESSION_ENDPOINT
        if not (settings.SYNERGIE_OIDC_ENABLED and id_token and endpoint):
            return response
        query = urlencode({
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            # The site's root, registered at the provider; it leads to the reader's home page.
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
        })
        return HttpResponseRedirect(f"{endpoint}?{query}")
