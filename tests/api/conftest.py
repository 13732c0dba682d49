import pytest

from synergie.api.actions import do_create_api_token


@pytest.fixture
def token_for():
    """A function giving the `Authorization` header of a new token of `user`."""

    def make(user) -> dict:
        _token, key = do_create_api_token(name="tests", acting_user=user)
        return {"HTTP_AUTHORIZATION": f"Token {key}"}

    return make


def pytest_terminal_summary(terminalreporter):
    from tests.api.summary import report

    report(terminalreporter.write_line)
