from django.urls import path

from synergie.service_levels import views

app_name = "service_levels"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("compliance.csv", views.compliance_csv, name="csv"),
    path("solutions/<int:pk>/", views.solution_detail, name="solution"),
    path("services/", views.services, name="services"),
    path("services/<int:pk>/", views.map_service, name="map_service"),
    path("imports/new/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
]
