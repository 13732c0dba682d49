"""Every role and anonymous against every open-data page, export and feed: all public, and the
exports and feeds identical whoever asks; no confidential need (nor its amounts) anywhere."""

import pytest
from django.urls import reverse

from tests.opendata.conftest import ROLES, SECRET, SECRET_AMOUNT, make_user

EXPORTS = [(name, fmt) for name in ("needs", "opportunities", "decisions", "solutions",
                                    "adoption", "projects", "algorithms", "datasets")
           for fmt in ("csv", "json")]
FEEDS = ["decisions:feed", "opendata:feed_needs", "opendata:feed_catalogue",
         "opendata:feed_projects", "opendata:feed_algorithms", "opendata:feed_datasets"]
PAGES = ["opendata:index", "opendata:dictionary", "opendata:feeds"]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_all(client):
    """{url: (status, bytes)} for every export and feed."""
    urls = [reverse("opendata:export", args=[name, fmt]) for name, fmt in EXPORTS]
    urls += [reverse(name) for name in FEEDS]
    found = {}
    for url in urls:
        response = client.get(url)
        found[url] = (response.status_code, body(response))
    return found


def test_exports_and_feeds_are_the_same_for_every_role(client, world):
    seen = {}
    for role in ROLES:
        client.logout()
        user = make_user(role, world)
        if user is not None:
            client.force_login(user)
        seen[role] = read_all(client)
        for url, (status, content) in seen[role].items():
            assert status == 200, (role, url)
            assert SECRET.encode() not in content, (role, url)
            assert SECRET_AMOUNT.encode() not in content, (role, url)
            assert world.regional_need.title.encode() not in content, (role, url)
    for role in ROLES[1:]:
        assert seen[role] == seen["anonymous"], role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_pages_are_public(client, world, role, page):
    user = make_user(role, world)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(page))
    assert response.status_code == 200
    content = response.content.decode()
    assert SECRET not in content
    assert client.post(reverse(page)).status_code == 405


def test_app_feeds_are_missing_until_their_app_exists(client, db):
    """The register's and data catalogue's feeds answer once those apps offer them."""
    from synergie.opendata.feeds import AlgorithmsFeed, DatasetsFeed
    from tests.factories import user_with_role

    client.force_login(user_with_role("analyst"))  # a missing page sends the anonymous to log in
    for feed, name in ((AlgorithmsFeed, "opendata:feed_algorithms"),
                       (DatasetsFeed, "opendata:feed_datasets")):
        expected = 200 if feed.available() else 404
        assert client.get(reverse(name)).status_code == expected
