"""The synergy map page reads the stored clusters: only needs the reader may read, a cluster
only while two institutions remain, in a bounded number of queries, saying when it was
computed."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from synergie.matching.models import NeedCluster
from synergie.matching.synergies import recompute_clusters
from synergie.needs.models import Need
from tests.matching.conftest import NEEDS, file_and_submit


def scoped_reader(institution):
    """A reader of every need of one institution (and the regional ones of the others)."""
    from django.contrib.auth.models import Permission

    from synergie.accounts.models import Membership, Role
    from tests.factories import UserFactory

    role = Role.objects.create(code="scoped-reader", name_fr="Lecteur", name_nl="Lezer",
                               name_en="Reader", scope="institution")
    role.permissions.add(Permission.objects.get(content_type__app_label="needs",
                                                codename="view_all_need"))
    user = UserFactory(username="scoped-reader")
    Membership.objects.create(user=user, role=role, institution=institution)
    return user


def test_the_map_never_shows_a_need_the_reader_cannot_read(client, mapped_needs):
    needs, _ = mapped_needs
    # payroll_fr is its CPAS's only ("institution" confidentiality); this analyst works for
    # the Dutch-speaking OCMW of its twin.
    reader = scoped_reader(needs["payroll_nl"].institution)
    assert not Need.objects.visible_to(reader).filter(pk=needs["payroll_fr"].pk).exists()
    client.force_login(reader)
    response = client.get(reverse("opportunities:map"))
    html = response.content.decode()
    assert needs["payroll_fr"].title not in html
    readable = set(Need.objects.visible_to(reader).values_list("pk", flat=True))
    shown = {need.pk for group in response.context["clusters"] for need in group.needs}
    shown |= {need.pk for need in response.context["alone"]}
    assert shown <= readable
    # Its twin alone is one institution: no cluster, the twin is listed without one.
    assert needs["payroll_nl"] in response.context["alone"]


def test_the_map_says_when_it_was_computed_in_the_readers_language(client, mapped_needs,
                                                                   analyst_user):
    from synergie.matching.models import SynergyMapRun

    client.force_login(analyst_user)
    # Under a minute: "just now", never "0 minutes ago".
    html = client.get(reverse("opportunities:map")).content.decode()
    assert "Groups computed just now" in html and "0\xa0minutes" not in html
    with translation.override("fr"):
        html = client.get(reverse("opportunities:map")).content.decode()
    assert "Groupes calculés à l’instant" in html
    with translation.override("nl"):
        html = client.get(reverse("opportunities:map")).content.decode()
    assert "Groepen zojuist berekend" in html
    SynergyMapRun.objects.update(computed_at=timezone.now() - timedelta(minutes=5))
    with translation.override("fr"):
        html = client.get(reverse("opportunities:map")).content.decode()
    assert "Groupes calculés il y a 5\xa0minutes" in html
    NeedCluster.objects.all().delete()
    SynergyMapRun.objects.all().delete()
    html = client.get(reverse("opportunities:map")).content.decode()
    assert "The groups have not been computed yet" in html


def page_queries(context) -> list[str]:
    """The page's queries, without the session's bookkeeping (saved when it nears expiry)."""
    return [query["sql"] for query in context.captured_queries
            if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]]


def test_the_map_reads_in_the_same_number_of_queries_whatever_the_number_of_needs(
        client, mapped_needs, analyst_user, django_capture_on_commit_callbacks):
    client.force_login(analyst_user)
    url = reverse("opportunities:map")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few = page_queries(few)
    # Five more needs, each the twin of one above in another institution; bodycam stays alone.
    more = {f"{key}_again": (f"{code}-B", *rest) for key, (code, *rest) in NEEDS.items()
            if key != "bodycam"}
    with django_capture_on_commit_callbacks(execute=True):
        file_and_submit(more)
    recompute_clusters()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    many = page_queries(many)
    assert len(response.context["clusters"]) > 1
    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= 15


def test_clusters_are_paginated_best_potential_first(client, indexed_with_cemeteries,
                                                     analyst_user, monkeypatch):
    from synergie.opportunities import views

    needs, _ = indexed_with_cemeteries
    recompute_clusters()
    monkeypatch.setattr(views, "CLUSTERS_PER_PAGE", 1)
    client.force_login(analyst_user)
    url = reverse("opportunities:map")
    first = client.get(url)
    total = first.context["page"].paginator.num_pages
    assert total >= 2 and 'rel="next"' in first.content.decode()
    pages = [client.get(url, {"page": str(number)}).context["clusters"]
             for number in range(1, total + 1)]
    assert all(len(clusters) == 1 for clusters in pages)
    potentials = [clusters[0].potential for clusters in pages]
    assert potentials == sorted(potentials, reverse=True)
    found = [{need.pk for need in clusters[0].needs} for clusters in pages]
    for first_key, second_key in (("payroll_fr", "payroll_nl"), ("cemetery_fr", "cemetery_nl")):
        assert {needs[first_key].pk, needs[second_key].pk} in found
    # A page beyond the last shows the last.
    assert client.get(url, {"page": "99"}).context["clusters"] == pages[-1]


def test_the_page_reads_the_stored_ranking_and_a_filter_regroups_its_selection(
        client, indexed_with_cemeteries, analyst_user):
    from synergie.matching.models import SynergyCluster

    needs, _ = indexed_with_cemeteries
    recompute_clusters()
    stored = list(SynergyCluster.objects.order_by("rank"))
    assert stored and [c.rank for c in stored] == list(range(len(stored)))
    assert [(c.institutions, c.total_cost) for c in stored] == sorted(
        ((c.institutions, c.total_cost) for c in stored), reverse=True)
    client.force_login(analyst_user)
    url = reverse("opportunities:map")
    shown = client.get(url).context["clusters"]
    assert [c.key for c in shown] == [c.key for c in stored]
    assert [(c.institutions, c.total_cost) for c in shown] == [
        (c.institutions, c.total_cost) for c in stored]
    # A cost floor above the cheaper twin leaves the other alone: no group, both not shown.
    payroll = (needs["payroll_fr"], needs["payroll_nl"])
    floor = min(need.total_cost for need in payroll) + 1
    response = client.get(url, {"cost_min": str(floor)})
    grouped = {need.pk for c in response.context["clusters"] for need in c.needs}
    assert not {need.pk for need in payroll} <= grouped
    assert all(need.total_cost >= floor for c in response.context["clusters"]
               for need in c.needs)


def test_many_needs_without_a_twin_are_counted_up_to_a_bound(client, mapped_needs,
                                                              analyst_user, monkeypatch):
    from synergie.matching import synergies

    monkeypatch.setattr(synergies, "ALONE_COUNTED", 1)
    client.force_login(analyst_user)
    response = client.get(reverse("opportunities:map"))
    assert response.context["alone_at_least"]
    html = response.content.decode()
    assert "More than 1 needs without a twin" in html and "in the inbox" in html


def test_a_large_group_shows_its_first_needs_and_has_a_page_of_its_own(
        client, mapped_needs, analyst_user, monkeypatch):
    """A group of hundreds of needs (every commune renewing its payroll) filled the map and
    cost 0.7 s to render at 100,000 needs: the map lists its first needs and links the rest."""
    monkeypatch.setattr("synergie.matching.synergies.NEEDS_SHOWN", 1)
    client.force_login(analyst_user)
    response = client.get(reverse("opportunities:map"))
    group = response.context["clusters"][0]
    assert len(group.needs) == 1 and group.more == group.size - 1 >= 1
    html = response.content.decode()
    assert f'href="?group={group.key}"' in html
    assert f"See the whole group: {group.more} more need" in html

    with translation.override("fr"):
        whole = client.get(reverse("opportunities:map"), {"group": group.key})
    assert whole.status_code == 200
    page = whole.content.decode()
    shown = set(NeedCluster.objects.filter(cluster=group.key).values_list("need_id", flat=True))
    assert {need.pk for need in whole.context["group"].needs} == shown
    for need in Need.objects.filter(pk__in=shown):
        assert need.title in page
    assert "Créer une opportunité" in page
    assert client.get(reverse("opportunities:map"), {"group": "abc"}).status_code == 404
    assert client.get(reverse("opportunities:map"), {"group": "999999"}).status_code == 404


def test_a_group_the_reader_sees_with_one_institution_has_no_page(client, mapped_needs):
    needs, _ = mapped_needs
    reader = scoped_reader(needs["payroll_nl"].institution)
    key = NeedCluster.objects.get(need=needs["payroll_nl"]).cluster
    client.force_login(reader)
    response = client.get(reverse("opportunities:map"), {"group": key})
    assert response.status_code == 404
    assert needs["payroll_fr"].title not in response.content.decode()
