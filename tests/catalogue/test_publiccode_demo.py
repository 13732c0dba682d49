"""The demo's publiccode.yml files import into the catalogue, once."""

import pytest

from synergie.audit.log import history_of
from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode_import import export_publiccode
from synergie.demo import publiccode as demo

pytestmark = pytest.mark.django_db


def test_the_demo_files_import_once_and_export_back():
    solutions = demo.load()
    assert sorted(solution.name_fr for solution in solutions) == [
        "Archiva – archivage électronique", "RendezVous – prise de rendez-vous aux guichets"]
    archiva = Solution.objects.get(name_fr__startswith="Archiva")
    assert archiva.name_nl == "Archiva – elektronische archivering"  # from nl-BE
    assert archiva.development_status == "beta" and archiva.licence == "AGPL-3.0-or-later"
    assert demo.load() and Solution.objects.count() == 2
    assert all(history_of(solution).count() == 1 for solution in solutions)
    assert "servicedesk@example.brussels" in export_publiccode(
        Solution.objects.get(name_fr__startswith="RendezVous"))
