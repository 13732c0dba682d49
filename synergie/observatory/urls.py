from django.urls import path

from synergie.observatory import views

app_name = "observatory"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>.csv", views.export_csv, name="csv"),
]
