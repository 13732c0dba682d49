"""Demo data: two regional solutions imported from their publiccode.yml (synergie/demo/data/
publiccode/, fictitious repositories), as the orchestrator would import them; their pages then
offer the publiccode.yml back, and the files can be tried on the import page.

Call `load()` after the catalogue's demo (synergie.demo.catalogue.load); importing twice changes
nothing (a solution is found by its repository)."""

from pathlib import Path

from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode_import import do_import_publiccode

FILES = Path(__file__).with_name("data") / "publiccode"


def load(acting_user=None) -> list[Solution]:
    """Import every demo publiccode.yml; `acting_user` None records Synergie itself."""
    solutions = []
    for path in sorted(FILES.glob("*.yml")):
        outcome = do_import_publiccode(path.read_bytes(), acting_user=acting_user,
                                       file_name=path.name)
        if not outcome.valid:
            raise ValueError(f"{path.name}: {[issue.as_dict() for issue in outcome.errors]}")
        solutions.append(outcome.solution)
    return solutions
