"""The DCAT-AP export at addresses without a language prefix: /data/catalogue.ttl, .rdf, .jsonld."""

from django.urls import path

from synergie.datasets import views

urlpatterns = [
    path("catalogue.<slug:fmt>", views.export, name="datasets_export"),
]
