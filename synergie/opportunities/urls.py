from django.urls import path

from synergie.opportunities import views

app_name = "opportunities"
urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("new/", views.create, name="create"),
    path("map/", views.synergy_map, name="map"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/needs/", views.add_needs, name="add_needs"),
    path("<int:pk>/needs/<int:need_pk>/remove/", views.remove_need, name="remove_need"),
]
