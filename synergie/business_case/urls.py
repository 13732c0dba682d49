from django.urls import path

from synergie.business_case import views

app_name = "business_case"
urlpatterns = [
    path("<int:pk>/business-case/", views.business_case_page, name="page"),
    path("<int:pk>/business-case.xlsx", views.business_case_xlsx, name="xlsx"),
]
