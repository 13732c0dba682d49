from django.urls import path

from synergie.delivery import edit_views, views

app_name = "delivery"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("start/<int:decision_pk>/", views.start_project, name="start"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("capacity/", views.capacity, name="capacity"),
    path("progress/", views.public_progress, name="public"),
    path("progress.csv", views.export_progress, name="export"),
    path("progress/import/", views.import_progress, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", edit_views.edit_project, name="edit"),
    path("<int:pk>/status/", edit_views.report_status, name="report_status"),
    path("<int:pk>/budget/", edit_views.set_budget, name="budget"),
    path("<int:pk>/people/", edit_views.allocate, name="allocate"),
    path("<int:pk>/<str:kind>/add/", edit_views.add_part, name="add_part"),
    path("<int:pk>/<str:kind>/<int:part_pk>/", edit_views.edit_part, name="edit_part"),
]
