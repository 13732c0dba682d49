from django.urls import path

from synergie.landscape import views

app_name = "landscape"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("pooling/", views.pooling, name="pooling"),
    path("windows/", views.windows, name="windows"),
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/<int:pk>/", views.institution, name="institution"),
    path("applications/new/", views.application_create, name="create"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/delete/", views.application_delete, name="delete"),
    path("import/", views.import_file, name="import"),
    path("import/template.csv", views.import_template_csv, name="template_csv"),
    path("import/template.xlsx", views.import_template_xlsx, name="template_xlsx"),
    path("capabilities/", views.capability_map, name="capabilities"),
    path("capabilities/<int:pk>/edit/", views.capability_edit, name="capability_edit"),
    path("capabilities/<int:pk>/move/", views.capability_move, name="capability_move"),
    path("capabilities/<int:pk>/opportunity/", views.propose_opportunity, name="propose"),
    path("export/archimate.xml", views.archimate_export, name="archimate"),
]
