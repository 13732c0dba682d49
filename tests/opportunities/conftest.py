from tests.matching.conftest import (  # noqa: F401
    analyst_user,
    indexed_needs,
    indexed_with_cemeteries,
    mapped_needs,
)
