from django.urls import path

from synergie.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/nothing/", views.nothing, name="nothing"),
    path("<int:pk>/uploads/<int:upload>/", views.preview, name="preview"),
    path("template/<slug:language>.<slug:fmt>", views.template, name="template"),
]
