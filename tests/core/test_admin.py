"""The admin site as a whole: named after Synergie, its own stylesheet, and the background
tasks' results in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def task_results(db):
    common = {"args_kwargs": {"args": [1], "kwargs": {}}, "priority": 0,
              "backend_name": "default", "run_after": "9999-01-01T00:00:00Z"}
    return [
        DBTaskResult.objects.create(task_path="synergie.matching.tasks.index_need",
                                    status="FAILED", **common),
        DBTaskResult.objects.create(task_path="synergie.portfolio.tasks.optimise_scenario",
                                    status="RUNNING", **common),
    ]


@pytest.mark.parametrize("language, header", [
    ("fr", "Synergie — administration"), ("nl", "Synergie — beheer"),
])
def test_the_admin_is_named_after_synergie_with_readable_colours(client, superuser, language,
                                                                 header):
    client.force_login(superuser)
    with translation.override(language):
        html = client.get(reverse("admin:index")).content.decode()
    assert header in html
    assert "Django" not in html.split("<body")[1].split('id="content"')[0]
    assert "synergie/admin." in html  # the stylesheet that sets readable colours


def test_task_results_read_in_dutch(client, superuser, task_results):
    client.force_login(superuser)
    with translation.override("nl"):
        html = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")) \
            .content.decode()
    assert "Mislukt" in html and "Bezig" in html
    assert "Failed" not in html and "Running" not in html
    assert "Achtergrondtaken" in html and "Taakresultaten" in html
    assert "<code>matching.tasks.index_need</code>" in html


def test_a_task_result_is_headed_by_its_task_not_the_programs_name_for_it(client, superuser,
                                                                          task_results):
    client.force_login(superuser)
    with translation.override("fr"):
        html = client.get(reverse("admin:django_tasks_database_dbtaskresult_change",
                                  args=[task_results[0].pk])).content.decode()
    assert "DBTaskResult object" not in html
    assert "<code>matching.tasks.index_need</code> · " in html
    assert "Échouée" in html and "Trace de l&#x27;erreur" in html
