from django.urls import path

from synergie.opendata import feeds, views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("dictionary/", views.dictionary, name="dictionary"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/needs/", feeds.PublishedNeedsFeed(), name="feed_needs"),
    path("feeds/catalogue/", feeds.CatalogueFeed(), name="feed_catalogue"),
    path("feeds/projects/", feeds.ProjectsFeed(), name="feed_projects"),
    path("feeds/algorithms/", views.app_feed(feeds.AlgorithmsFeed), name="feed_algorithms"),
    path("feeds/datasets/", views.app_feed(feeds.DatasetsFeed), name="feed_datasets"),
    path("<slug:resource>.<slug:fmt>", views.export, name="export"),
]
