"""The admin site as a whole: its name, and the background tasks' results in the reader's
language (django-tasks' own admin speaks English only)."""

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from synergie.core.admin_display import ObjectHeadingMixin

admin.site.site_header = _("Synergie — administration")
admin.site.site_title = _("Synergie administration")
admin.site.index_title = _("Administration")
# Lists of needs, entries and tasks need the page's width more than a second list of models
# beside them: the home page and the breadcrumbs lead to every model.
admin.site.enable_nav_sidebar = False

# The task packages mark these words for translation but ship no French or Dutch: naming them
# here puts them in our catalogue, so the package's own labels (the status filter, the field
# names of a result) read in the reader's language.
TASK_PACKAGE_WORDS = (
    _("Task Result"), _("Task Results"),
    pgettext_lazy("Task", "Ready"), pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"), pgettext_lazy("Task", "Successful"),
    _("enqueued at"), _("started at"), _("finished at"), _("args kwargs"), _("priority"),
    _("task path"), _("worker id"), _("queue name"), _("backend name"), _("run after"),
    _("return value"), _("exception class path"), _("traceback"),
)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ObjectHeadingMixin, DBTaskResultAdmin):
    """Read-only, as the package's: one line per task, named by what it ran."""

    list_display = ("task", "status", "enqueued_at", "finished_at")
    list_display_links = ("task",)
    list_filter = ("status", "queue_name")
    search_fields = ("task_path",)

    @admin.display(description=_("task"), ordering="task_path")
    def task(self, result: DBTaskResult) -> str:
        # A function's name, not a word of any language: shown as code.
        return format_html("<code>{}</code>", result.task_path.removeprefix("synergie."))

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, result: DBTaskResult) -> str:
        return super().formatted_traceback(result)

    @admin.display(description=_("run after"))
    def display_run_after(self, result: DBTaskResult):
        return super().display_run_after(result)

    def object_heading(self, result: DBTaskResult):
        enqueued = formats.date_format(timezone.localtime(result.enqueued_at),
                                       "SHORT_DATETIME_FORMAT")
        return format_html("{} · {}", self.task(result), enqueued)
