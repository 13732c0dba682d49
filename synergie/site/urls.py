from django.urls import path

from synergie.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("transparency/", views.transparency, name="transparency"),
    path("search/", views.search, name="search"),
]
