"""Helpers for tests that need a tool from outside Python (a browser, GNU gettext)."""

import os

import pytest


def require_tools(missing: list[str]) -> None:
    """Skip a test whose outside tool is missing, with the reason; in CI
    (SYNERGIE_REQUIRE_ALL_TOOLS=1) a missing tool is a failure instead."""
    if not missing:
        return
    message = "needs " + " and ".join(missing)
    if os.environ.get("SYNERGIE_REQUIRE_ALL_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)
