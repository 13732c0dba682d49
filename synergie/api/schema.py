"""The committed OpenAPI document (synergie/api/openapi.yaml): served as it is, listed on the
API's page, and compared with the generated one by tests/api/test_schema.py."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_FILE = Path(__file__).with_name("openapi.yaml")
REGENERATE = ("synergie spectacular --lang en --validate --file synergie/api/openapi.yaml")
METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def committed_text() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def committed() -> dict:
    return yaml.safe_load(committed_text())


def operations() -> list[dict]:
    """Every operation of the committed document: method, path, summary, whether it is public."""
    found = []
    for path, item in committed().get("paths", {}).items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                # Shown with "<id>" rather than the document's "{id}", which reads as leaked
                # program text; "path" stays the document's, as its tools name the operation.
                shown = re.sub(r"\{(\w+)\}", r"<\1>", path)
                found.append({"method": method.upper(), "path": path, "shown_path": shown,
                              "summary": operation.get("summary", ""),
                              "public": {} in operation.get("security", [])})
    return found
