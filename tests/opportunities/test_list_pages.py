"""The list of pooling opportunities reads a page at a time and counts each opportunity's needs
and institutions in the database, whatever the number of opportunities and needs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergie.opportunities.actions import do_create_opportunity
from tests.factories import InstitutionFactory, NeedFactory


def make_opportunities(count: int, needs_each: int, analyst, prefix: str) -> None:
    for k in range(count):
        needs = [NeedFactory(title=f"{prefix} {k}.{n}", status="in_analysis",
                             institution=InstitutionFactory())
                 for n in range(needs_each)]
        do_create_opportunity(title=f"{prefix} {k}", needs=needs, acting_user=analyst)


def list_queries(client, url) -> int:
    client.get(url)  # the first page after logging in also saves the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_counts_needs_and_institutions(client, analyst):
    first, second, third = (NeedFactory(title=f"Paie {k}", status="in_analysis")
                            for k in range(3))
    second.institution = first.institution
    second.save()
    do_create_opportunity(title="Paie commune", needs=[first, second, third],
                          acting_user=analyst)
    client.force_login(analyst)
    row = client.get(reverse("opportunities:list")).content.decode().split("Paie commune")[1]
    cells = [cell.split("<")[0] for cell in row.split('<td class="num">')[1:3]]
    assert cells == ["3", "2"]  # three needs of two institutions


def test_the_list_is_paginated_with_a_fixed_number_of_queries(client, analyst, settings):
    settings.PAGE_SIZE = 3
    make_opportunities(2, 2, analyst, "Petite")
    client.force_login(analyst)
    url = reverse("opportunities:list")
    few = list_queries(client, url)
    make_opportunities(6, 5, analyst, "Grande")
    assert list_queries(client, url) == few
    first_page = client.get(url).content.decode()
    assert first_page.count('<td class="num">') == 2 * 3
    assert "Page 1 of 3" in first_page
    last_page = client.get(url, {"page": 3}).content.decode()
    assert last_page.count('<td class="num">') == 2 * 2
    assert 'rel="prev"' in last_page


def test_the_list_reads_no_need_rows(client, analyst):
    make_opportunities(2, 3, analyst, "Paie")
    client.force_login(analyst)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("opportunities:list"))
    columns = "\n".join(query["sql"].split(" FROM ", 1)[0] for query in queries)
    assert '"needs_need"."description"' not in columns
