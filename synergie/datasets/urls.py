from django.urls import path

from synergie.datasets import views

app_name = "datasets"
urlpatterns = [
    path("", views.dataset_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.set_status, name="set_status"),
    path("<int:pk>/distributions/new/", views.add_distribution, name="add_distribution"),
    path("<int:pk>/distributions/<int:distribution_id>/remove/", views.remove_distribution,
         name="remove_distribution"),
]
