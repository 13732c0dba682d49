"""Runs our publiccode.yml parser on the reference parser's test corpus (shared/data/publiccode/
parser_go_testsuite) with the options each Go test uses, and compares with what the Go tests
expect: valid or not, and the same (severity, key) pairs; messages are counted apart.

    .venv/bin/python -m tests.catalogue.publiccode_corpus [--verbose]
"""

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from synergie.catalogue.publiccode.parser import ParserConfig, parse

SUITE = Path(__file__).resolve().parents[3] / "shared" / "data" / "publiccode" / \
    "parser_go_testsuite"

# The Go tests that build their parser with NewDefaultParser() (network on); the others set
# DisableNetwork. Offline, "the network" here is a stub that finds every URL.
NETWORK_TESTS = {"TestInvalidTestcasesV0", "TestValidTestcasesV0",
                 "TestValidWithWarningsTestcasesV0", "TestUrlMissingWithoutPath"}


def every_url_found(url: str) -> int:
    return 200


def go_string(expression: str, cwd: str) -> str:
    """Evaluates the Go expressions of the expected messages: string literals and `cwd`."""
    parts = re.findall(r'"(?:[^"\\]|\\.)*"|\bcwd\b', expression)
    return "".join(cwd if part == "cwd" else json.loads(part) for part in parts)


@dataclass
class Case:
    path: Path
    test: str
    expected: list[tuple[str, str, str]]  # (severity, key, message)


def cases() -> list[Case]:
    table = json.loads((SUITE / "expected_results_from_go_tests.json").read_text())
    found = []
    for directory, files in table.items():
        if directory == "TestUrlMissingWithoutPath":
            directory = "testdata/v0/invalid/"
        for name, entry in files.items():
            expected = [(item["severity"], item["key"],
                         go_string(item["message_go_expr"], str(SUITE)))
                        for item in entry["expected"]]
            names = sorted((SUITE / directory).glob("*.yml")) if name == "*" \
                else [SUITE / directory / name]
            found += [Case(path, entry["test"], expected) for path in names]
    return found


def run(case: Case):
    config = ParserConfig(base_dir=case.path.parent,
                          http_get=every_url_found if case.test in NETWORK_TESTS else None)
    result = parse(case.path.read_bytes(), config)
    return [("error", i.key, i.message) for i in result.errors] + \
        [("warning", i.key, i.message) for i in result.warnings]


def compare(case: Case) -> tuple[bool, bool, list]:
    got = run(case)
    keys_agree = sorted(g[:2] for g in got) == sorted(e[:2] for e in case.expected) and \
        any(g[0] == "error" for g in got) == any(e[0] == "error" for e in case.expected)
    messages_agree = sorted(got) == sorted(case.expected)
    return keys_agree, messages_agree, got


def main() -> int:
    verbose = "--verbose" in sys.argv
    all_cases = cases()
    agreed = same_messages = 0
    for case in all_cases:
        keys_agree, messages_agree, got = compare(case)
        agreed += keys_agree
        same_messages += messages_agree
        if verbose and not messages_agree:
            print(f"{'KEYS ' if not keys_agree else 'MSG  '}{case.path.relative_to(SUITE)}")
            print("   expected:", sorted(case.expected))
            print("   got:     ", sorted(got))
    print(f"agreed {agreed} / total {len(all_cases)} (valid or not, and the same keys); "
          f"same messages too: {same_messages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
