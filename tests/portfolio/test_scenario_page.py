"""The scenario page: one grid of weights and ratings that stays light, and a history with one
line per object a save actually changed, saying what changed."""

import re

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from synergie.audit.models import AuditEntry
from synergie.portfolio.models import Scenario, ScenarioCandidate
from tests.factories import NeedFactory, user_with_role
from tests.portfolio.test_pages import candidate_data, page_data


def text_of(response) -> str:
    """What a person reads: the page without its tags."""
    return re.sub(r"<[^>]+>", "", response.content.decode())


def entries_since(last_pk: int):
    return list(AuditEntry.objects.filter(pk__gt=last_pk).order_by("pk"))


def last_entry_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_save_that_changes_nothing_writes_nothing(client, secretary, small_scenario):
    # A candidate rated on three criteria only, as scenarios were created before: the page
    # shows the others as 0, and saving them as 0 changes nothing.
    first = small_scenario.candidates.first()
    ScenarioCandidate.objects.filter(pk=first.pk).update(
        ratings={"legal_obligation": 0, "strategic_value": 3, "regional_gain": 1})
    client.force_login(secretary)
    before = last_entry_pk()
    page = client.get(small_scenario.get_absolute_url())
    response = client.post(small_scenario.get_absolute_url(), page_data(page, action="save"))
    assert response.status_code == 302
    assert entries_since(before) == []


def test_one_save_writes_one_line_per_changed_object_with_what_changed(
        client, secretary, small_scenario):
    client.force_login(secretary)
    first, second = list(small_scenario.candidates.all())[:2]
    before = last_entry_pk()
    page = client.get(small_scenario.get_absolute_url())
    client.post(small_scenario.get_absolute_url(), page_data(page, **{
        "action": "save", "w-urgency": "3", f"c{first.pk}-urgency": "4",
        f"c{second.pk}-inclusion": "2", f"c{second.pk}-risk": "1"}))
    scenario_entry, first_entry, second_entry = entries_since(before)
    candidate_type = ContentType.objects.get_for_model(ScenarioCandidate)
    assert (scenario_entry.object_id, list(scenario_entry.changes)) == (
        str(small_scenario.pk), ["weights"])
    assert scenario_entry.changes["weights"]["after"]["urgency"] == 3
    assert (first_entry.content_type, first_entry.object_id) == (candidate_type, str(first.pk))
    assert first_entry.changes["ratings"]["before"]["urgency"] == 0
    assert first_entry.changes["ratings"]["after"]["urgency"] == 4
    assert second_entry.object_id == str(second.pk)

    html = client.get(small_scenario.get_absolute_url()).content.decode()
    assert html.split('id="history-title"')[1].count("<li><p>") == 4  # 3 changes, 1 creation
    history = text_of(client.get(small_scenario.get_absolute_url())).split("History")[-1]
    assert "Weight of “Urgency”: 1 → 3" in history
    assert f"· {first.subject} ·" in history
    assert "Rating on “Urgency”: 0 → 4" in history
    assert "Rating on “Inclusion”: 0 → 2" in history and "Rating on “Low risk”: 0 → 1" in history
    assert "Rating on “Strategic value”" not in history  # unchanged criteria are not listed


def test_the_page_grows_little_with_each_candidate(client, secretary, small_scenario):
    client.force_login(secretary)
    url = small_scenario.get_absolute_url()
    four = len(client.get(url).content)
    for number in range(4):
        need = NeedFactory(title=f"Plateforme de gestion documentaire {number}",
                           status="in_analysis")
        ScenarioCandidate.objects.create(scenario=small_scenario, need=need,
                                         ratings={"strategic_value": 3, "urgency": 2})
    eight = len(client.get(url).content)
    # The whole row of a candidate (title, axis, people, seven ratings, its edit link) and its
    # what-if option; the old table with a select per rating weighed over 5 kB a candidate.
    assert (eight - four) / 4 < 1800


def test_a_reader_sees_the_ratings_without_inputs(client, small_scenario):
    client.force_login(user_with_role("analyst", username="lucas"))
    html = client.get(small_scenario.get_absolute_url()).content.decode()
    grid = html.split('class="grid"')[1].split("</table>")[0]
    assert "<input" not in grid
    assert "Axis, forcing, people" not in grid
    first = small_scenario.candidates.first()
    assert client.get(reverse("portfolio:candidate", args=[small_scenario.pk,
                                                           first.pk])).status_code == 403


def test_a_candidates_own_page_changes_its_axis_people_and_links(client, secretary,
                                                                  small_scenario):
    client.force_login(secretary)
    first, second = list(small_scenario.candidates.all())[:2]
    url = reverse("portfolio:candidate", args=[small_scenario.pk, first.pk])
    before = last_entry_pk()
    client.post(url, candidate_data(client, first, axis="new_service",
                                    demand_text="Chefs de projet: 1 0,5"))
    client.post(reverse("portfolio:link", args=[small_scenario.pk]),
                {"kind": "depends", "first": first.pk, "second": second.pk, "back": first.pk})
    client.post(url, candidate_data(client, first))  # saved again unchanged: no line
    changed, linked = entries_since(before)
    assert set(changed.changes) == {"axis", "demand"}
    assert linked.changes == {"depends_on": {"before": None, "after": second.key}}
    assert f"“{first.subject}” needs “{second.subject}”" in text_of(client.get(url))
    html = text_of(client.get(small_scenario.get_absolute_url()))
    assert "Strategic axis: Improvement → New service" in html
    assert "People needed: — → Chefs de projet 1 · 0.5" in html
    assert f"Depends on: — → {second.subject}" in html
    row = client.get(small_scenario.get_absolute_url()).content.decode().split(
        f'id="candidate-{first.pk}"')[1].split("</tr>")[0]
    assert "New service" in row
    assert f'needs “<span lang="fr">{second.subject}</span>”' in row
    assert Scenario.objects.get().candidates.get(pk=first.pk).demand == {
        "Chefs de projet": [1.0, 0.5]}
