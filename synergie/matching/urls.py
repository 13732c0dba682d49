from django.urls import path

from synergie.matching import views

app_name = "matching"
urlpatterns = [
    path("map/", views.synergy_map, name="map"),
]
