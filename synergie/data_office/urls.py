from django.urls import path

from synergie.data_office import views

app_name = "data_office"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("needs/<int:need_pk>/add/", views.add, name="add"),
    path("dependencies/<int:pk>/", views.detail, name="detail"),
    path("dependencies/<int:pk>/remove/", views.remove, name="remove"),
]
