"""The open-data pages: the index of the exports, the data dictionary, the exports themselves
(streamed) and the list of the Atom feeds. No login: everyone gets the same content."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from synergie.opendata import feeds
from synergie.opendata.resources import all_resources, get_resource
from synergie.opendata.streaming import FORMATS, chunks, csv_chunks, json_chunks

LICENCE = {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}
SAMPLE_ROWS = 20


def _estimated_bytes(resource, count: int) -> dict[str, int]:
    """Bytes of each format, from the first rows: a guide for the reader, not a promise."""
    sample = resource.first_rows(SAMPLE_ROWS)
    if not sample or not count:
        return {fmt: 0 for fmt in FORMATS}
    sizes = {}
    for fmt in FORMATS:
        writer = csv_chunks if fmt == "csv" else json_chunks
        size = sum(len(part) for part in writer(resource.columns, sample))
        sizes[fmt] = int(size / len(sample) * count)
    return sizes


@require_safe
def index(request):
    entries = []
    for resource in all_resources():
        count = resource.count()
        sizes = _estimated_bytes(resource, count)
        entries.append({
            "resource": resource, "count": count, "last_update": resource.last_update(),
            "formats": [{"name": fmt, "size": sizes[fmt],
                         "url": reverse("opendata:export", args=[resource.name, fmt])}
                        for fmt in FORMATS],
        })
    return render(request, "opendata/index.html", {"entries": entries, "licence": LICENCE})


@require_safe
def dictionary(request):
    return render(request, "opendata/dictionary.html",
                  {"resources": all_resources(), "licence": LICENCE})


@require_safe
def export(request, resource: str, fmt: str):
    found = get_resource(resource)
    if found is None or fmt not in FORMATS:
        raise Http404
    response = StreamingHttpResponse(chunks(found, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="synergie-{found.name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


FEEDS = [
    ("decisions:feed", _("Decisions of the steering committee"), None),
    ("opendata:feed_needs", _("Published needs"), None),
    ("opendata:feed_catalogue", _("Catalogue of regional solutions"), None),
    ("opendata:feed_projects", _("Progress of the decided projects"), None),
    ("opendata:feed_algorithms", _("Register of algorithms"), feeds.AlgorithmsFeed),
    ("opendata:feed_datasets", _("Catalogue of data"), feeds.DatasetsFeed),
]


def available_feeds() -> list[dict]:
    found = []
    for name, title, feed in FEEDS:
        if feed is not None and not feed.available():
            continue
        try:
            found.append({"title": title, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return found


@require_safe
def feed_list(request):
    return render(request, "opendata/feeds.html", {"feeds": available_feeds()})


def app_feed(feed_class):
    """The feed of an app that may not be installed: 404 until it is."""
    feed = feed_class()

    def view(request):
        if not feed_class.available():
            raise Http404
        return feed(request)

    return view
