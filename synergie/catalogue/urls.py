from django.urls import path

from synergie.catalogue import publiccode_views, views

app_name = "catalogue"
urlpatterns = [
    path("", views.solution_list, name="list"),
    path("new/", views.create, name="create"),
    path("requests/", views.requests, name="requests"),
    path("publiccode/import/", publiccode_views.import_publiccode, name="publiccode_import"),
    path("<int:pk>/publiccode.yml", publiccode_views.download_publiccode,
         name="publiccode_download"),
    path("requests/<int:request_id>/", views.handle_request, name="handle_request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/targets/", views.targets, name="targets"),
    path("<int:pk>/adoption/", views.adoption, name="adoption"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/<slug:kind>/new/", views.add_item, name="add_item"),
    path("<int:pk>/<slug:kind>/<int:item_id>/remove/", views.remove_item, name="remove_item"),
]
