from django.urls import path

from synergie.innovation import views

app_name = "innovation"
urlpatterns = [
    path("", views.experiment_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
]
