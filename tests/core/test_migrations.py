"""A migration that has run on one database must do the same on the next one, whatever the code
has become since: migrations import Django, the standard library and files of their own package,
never the application's modules (its models, seeds, mixins or default functions)."""

import ast
import sys
from pathlib import Path

import pytest

import synergie

MIGRATION_FILES = sorted(
    path for path in Path(synergie.__file__).resolve().parent.glob("*/migrations/*.py")
    if path.name != "__init__.py"
)


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module the file imports, at its top or inside a function, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside the migration's package.
            found.append((node.lineno, "." * node.level + (node.module or "")))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in {"import_module", "__import__"}:
            found.append((node.lineno, "<dynamic import>"))
    return found


def _allowed(module: str) -> bool:
    if module.startswith("."):
        return True
    top = module.split(".")[0]
    return top == "django" or top in sys.stdlib_module_names


def test_there_are_migrations_to_check():
    assert len(MIGRATION_FILES) > 10


@pytest.mark.parametrize("path", MIGRATION_FILES,
                         ids=[f"{p.parent.parent.name}/{p.name}" for p in MIGRATION_FILES])
def test_a_migration_imports_only_django_the_standard_library_and_its_own_files(path):
    refused = [f"line {line}: {module}" for line, module in _imported_modules(path)
               if not _allowed(module)]
    assert not refused, f"{path.name} imports live application code: {refused}"
