"""django-tasks' database queue as an installed app, named in the reader's language (the
package names it in English only)."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
