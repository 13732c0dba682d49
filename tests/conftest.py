import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import InstitutionFactory, user_with_role
from tests.task_queues import RUN_AT_ONCE


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files(tmp_path_factory):
    """Pages link the static files by their hashed names, as in production: collect them once."""
    django_settings.STATIC_ROOT = str(tmp_path_factory.mktemp("static"))
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run when enqueued (after commit), so tests see their effect."""
    settings.TASKS = RUN_AT_ONCE


@pytest.fixture(autouse=True)
def _fresh_matching_index(settings, tmp_path_factory):
    """The process keeps a view of the index and the host its files; each test starts from its
    own database, so from its own folder of index files (a rolled-back test reuses change ids)."""
    from synergie.matching.service import matching_index

    settings.SYNERGIE_INDEX_DIR = str(tmp_path_factory.mktemp("index"))
    settings.SYNERGIE_INDEX_BUILD_IN_BACKGROUND = False
    matching_index.reset()
    yield
    matching_index.reset()


@pytest.fixture(autouse=True)
def _english_urls():
    """Tests reverse URLs under /en/ and read English messages, unless they switch language."""
    with translation.override("en"):
        yield


@pytest.fixture
def institution(db):
    return InstitutionFactory(code="COM-TEST-A", name_fr="Commune d'Alpha",
                              name_nl="Gemeente Alpha")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(
        code="CPAS-TEST-B", kind="social_welfare_centre", name_fr="CPAS de Bêta",
        name_nl="OCMW Bèta",
    )


@pytest.fixture
def contributor(institution):
    return user_with_role("contributor", institution, username="contributor.a")


@pytest.fixture
def other_contributor(other_institution):
    return user_with_role("contributor", other_institution, username="contributor.b")


@pytest.fixture
def analyst(db):
    return user_with_role("analyst", username="analyst")


@pytest.fixture
def steerco(db):
    return user_with_role("steering_committee", username="steerco")


@pytest.fixture
def pmo(db):
    return user_with_role("pmo", username="pmo")

