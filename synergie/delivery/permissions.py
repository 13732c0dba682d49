"""Who runs the projects and who reads them: the one place that decides it.

- the regional PMO (`delivery.manage_project`) manages every project, the capacity of the skill
  pools, and imports progress;
- regional readers (`needs.view_all_need` held regionally) read every project, the roadmap and
  the capacity against demand;
- a member of an institution (a contributor) reads the projects its institution is a member of
  (`Project.objects.visible_to`), and the roadmap of those;
- the public reads the public progress page only (`published_projects`).
"""

from synergie.accounts.backends import institutions_with_any_perm
from synergie.delivery.models import READING_PERMISSIONS, Project


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("delivery.manage_project")


def can_view_projects(user) -> bool:
    """Has any project page at all: the PMO, the regional readers, institution members."""
    if not user.is_authenticated:
        return False
    scope = institutions_with_any_perm(user, READING_PERMISSIONS)
    return scope is None or bool(scope)


def can_view_capacity(user) -> bool:
    """People per pool across all projects are the region's planning: not for one institution."""
    if not user.is_authenticated:
        return False
    return can_manage(user) or institutions_with_any_perm(user, ["needs.view_all_need"]) is None


def can_view(user, project: Project) -> bool:
    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


def can_view_history(user) -> bool:
    """The audit trail names every member institution and person: regional readers only."""
    return (user.is_authenticated
            and institutions_with_any_perm(user, READING_PERMISSIONS) is None)


def can_export_progress(user) -> bool:
    return can_view_projects(user)


def published_projects():
    """What the public progress page shows: every project (its decision is public), with what
    the page reads."""
    return (Project.objects.select_related("decision__item__opportunity",
                                           "decision__item__need__institution",
                                           "decision__item__meeting")
            .prefetch_related("milestones").order_by("title", "pk"))


def shown_institutions(user, projects) -> dict:
    """{project pk: the member institutions `user` may see named}. A regional reader sees them
    all; an institution's member sees those of the needs they may read: a member whose only need
    in the project is confidential to its institution is not revealed by the project's pages."""
    from synergie.needs.models import Need

    projects = list(projects)
    if institutions_with_any_perm(user, READING_PERMISSIONS) is None:
        return {project.pk: list(project.institutions.all()) for project in projects}
    readable = Need.objects.visible_to(user)
    shown = {}
    for project in projects:
        item = project.decision.item
        needs = (readable.filter(opportunities=item.opportunity_id)
                 if item.opportunity_id else readable.filter(pk=item.need_id))
        shown[project.pk] = sorted({need.institution for need in needs.select_related(
            "institution")}, key=str)
    return shown
