from django.urls import path

from synergie.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("mine/", views.my_needs, name="mine"),
    path("public/", views.public_list, name="public"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/<slug:transition>/", views.change_status, name="change_status"),
]
