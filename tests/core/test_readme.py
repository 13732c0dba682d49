"""What the README promises about the product's weight stays true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_states_the_stylesheets_real_size():
    readme = (ROOT / "README.md").read_text()
    stated = re.search(r"one (\d+) KB stylesheet", readme)
    assert stated, "the README no longer states the stylesheet's size"
    size = (ROOT / "synergie/core/static/synergie/synergie.css").stat().st_size
    assert int(stated.group(1)) == round(size / 1024), f"the stylesheet weighs {size} bytes"
