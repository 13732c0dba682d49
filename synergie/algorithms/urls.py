from django.urls import path

from synergie.algorithms import views

app_name = "algorithms"
urlpatterns = [
    path("", views.algorithm_list, name="list"),
    path("register.csv", views.download_csv, name="csv"),
    path("register.json", views.download_json, name="json"),
    path("new/", views.create, name="create"),
    path("feedback/", views.moderation, name="moderation"),
    path("feedback/<int:feedback_id>/<slug:decision>/", views.moderate, name="moderate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/feedback/", views.leave_feedback, name="feedback"),
    path("<int:pk>/step/<slug:name>/", views.transition, name="transition"),
]
