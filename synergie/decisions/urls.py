from django.urls import path

from synergie.decisions import feeds, views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("feed/", feeds.DecisionFeed(), name="feed"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/", views.add_agenda_item, name="add_item"),
    path("meetings/<int:pk>/scenario/", views.put_scenario_on_agenda, name="add_scenario"),
    path("items/<int:pk>/decide/", views.record_decision, name="decide"),
    path("items/<int:pk>/drop/", views.drop_agenda_item, name="drop_item"),
]
