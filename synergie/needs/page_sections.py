"""Sections that apps above needs add to a need's page (docs/architecture.md: a lower app never
imports a higher one). An app registers, when it starts, a function (need, user, request) ->
HTML (or "" to show nothing); the need's page renders each in the order registered."""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

_sections: dict[str, Callable] = {}


def register(name: str, section: Callable) -> None:
    _sections[name] = section


def render_sections(need, request) -> list[SafeString]:
    rendered = []
    for section in _sections.values():
        html = section(need, request.user, request)
        if html:
            rendered.append(mark_safe(html))  # rendered by the registering app's template
    return rendered
