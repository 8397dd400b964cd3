from django.urls import path

from . import views

app_name = "urgent_care"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/", views.kpi_list, name="kpis"),
    path("contracts/kpis.csv", views.kpi_csv, name="kpis-csv"),
    path("contracts/<str:code>/", views.contract, name="contract"),
    path("contracts/<str:code>/kpis.csv", views.contract_csv, name="contract-csv"),
]
