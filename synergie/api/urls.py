"""/api/v1/: the REST API (not language-prefixed: errors follow Accept-Language)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from synergie.api import pages, views

router = SimpleRouter(trailing_slash=True)
router.register("needs", views.NeedViewSet, basename="need")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("solutions", views.SolutionViewSet, basename="solution")
router.register("adoptions", views.AdoptionViewSet, basename="adoption")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("algorithms", views.AlgorithmViewSet, basename="algorithm")
router.register("datasets", views.DatasetViewSet, basename="dataset")

app_name = "api"
urlpatterns = [
    path("schema/", pages.openapi, name="schema"),
    *router.urls,
]
