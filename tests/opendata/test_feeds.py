"""The Atom feeds of the public sections."""

from xml.etree import ElementTree

from django.urls import reverse

from tests.opendata.conftest import SECRET

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return root, [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_needs_feed_lists_only_published_needs(client, world):
    _, titles = entries(client, reverse("opendata:feed_needs"))
    assert sorted(titles) == ["Commune d'Alpha: Gestion du courrier entrant",
                              "Commune d'Alpha: Paie des agents communaux"]


def test_catalogue_feed(client, world):
    root, titles = entries(client, reverse("opendata:feed_catalogue"))
    assert titles == ["Guichet électronique"]
    assert root.findtext(f"{ATOM}title") == "Synergie: catalogue of regional solutions"


def test_projects_feed_names_the_subject_as_the_public_reads_it(client, world):
    root, titles = entries(client, reverse("opendata:feed_projects"))
    assert titles == ["A need of a police zone: In delivery, 0 %"]
    assert SECRET not in ElementTree.tostring(root, encoding="unicode")


def test_register_and_data_catalogue_feeds(client, world):
    _, titles = entries(client, reverse("opendata:feed_algorithms"))
    assert titles == ["Commune d'Alpha: Tri des demandes de prime"]
    _, titles = entries(client, reverse("opendata:feed_datasets"))
    assert titles == ["Parkings publics"]


def test_feed_titles_in_the_readers_language(client, world):
    response = client.get("/fr/open-data/feeds/catalogue/")
    title = ElementTree.fromstring(response.content).findtext(f"{ATOM}title")
    assert title != "Synergie: catalogue of regional solutions"
    assert title.startswith("Synergie")
    response = client.get("/nl/open-data/feeds/needs/")
    title = ElementTree.fromstring(response.content).findtext(f"{ATOM}title")
    assert title != "Synergie: needs published by the institutions"


def test_feed_page_lists_the_feeds(client, db):
    page = client.get(reverse("opendata:feeds")).content.decode()
    for name in ("decisions:feed", "opendata:feed_needs", "opendata:feed_catalogue",
                 "opendata:feed_projects", "opendata:feed_algorithms", "opendata:feed_datasets"):
        assert f'href="{reverse(name)}"' in page


def test_section_pages_announce_their_feed(client, db):
    for page, feed in (("needs:public", "opendata:feed_needs"),
                       ("catalogue:list", "opendata:feed_catalogue"),
                       ("delivery:public", "opendata:feed_projects"),
                       ("decisions:list", "decisions:feed"),
                       ("algorithms:list", "opendata:feed_algorithms"),
                       ("datasets:list", "opendata:feed_datasets")):
        content = client.get(reverse(page)).content.decode()
        assert ('<link rel="alternate" type="application/atom+xml"' in content
                and f'href="{reverse(feed)}"' in content), page
