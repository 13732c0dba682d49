"""The data office's section of a need's page (registered in needs.page_sections)."""

from django.template.loader import render_to_string

from synergie.data_office import permissions
from synergie.data_office.models import NeedDataDependency


def need_section(need, user, request) -> str:
    if not permissions.can_read(user, need):
        return ""
    dependencies = list(NeedDataDependency.objects.filter(need=need).select_related(
        "dataset", "verdict_by"))
    can_manage = permissions.can_manage_dependencies(user, need)
    if not dependencies and not can_manage:
        return ""
    return render_to_string("data_office/need_section.html", {
        "need": need, "dependencies": dependencies, "can_manage": can_manage,
        "can_give_verdict": permissions.can_give_verdict(user),
    }, request=request)
