from django.urls import path

from synergie.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("<int:pk>/", views.scenario_detail, name="detail"),
    path("<int:pk>/what-if/", views.what_if, name="what_if"),
    path("<int:pk>/frontier/", views.frontier, name="frontier"),
    path("<int:pk>/candidates/<int:candidate_pk>/", views.candidate, name="candidate"),
    path("<int:pk>/links/", views.link, name="link"),
    path("<int:pk>/pairwise/", views.pairwise, name="pairwise"),
]
