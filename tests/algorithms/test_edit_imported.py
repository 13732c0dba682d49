"""An entry imported in the register's earlier shape is edited through the v1.0.0 form: the
changed field is written where that shape keeps it, everything else stays exactly as it came."""

import copy
import json
from pathlib import Path

from django.urls import reverse

from synergie.algorithms.actions import do_import_register, export_register
from synergie.algorithms.forms import AlgorithmForm
from synergie.algorithms.models import Algorithm

EXAMPLES = Path(__file__).resolve().parents[2] / "synergie" / "algorithms" / "data" / \
    "example_entries.json"


def test_editing_an_imported_entry_changes_only_that_field(client, contributor, institution):
    original = json.loads(EXAMPLES.read_text(encoding="utf-8"))[0]
    report = do_import_register([original], acting_user=contributor, institution=institution)
    algorithm = Algorithm.objects.get(pk=report.created[0])
    form = AlgorithmForm(user=contributor, algorithm=algorithm)
    data = {name: value if not isinstance(value, list) else ", ".join(value)
            for name, value in form.initial.items() if name in form.fields}
    data["human_intervention"] = "Een handhaver bekijkt elke scan."
    client.force_login(contributor)
    response = client.post(reverse("algorithms:edit", args=[algorithm.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    expected = copy.deepcopy(original)
    expected["toezicht"]["human_intervention"] = "Een handhaver bekijkt elke scan."
    assert export_register() == [expected]
