from tests.matching.conftest import analyst_user, indexed_needs  # noqa: F401
