from django.urls import path

from . import views

app_name = "urgent_care"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/", views.kpi_list, name="kpis"),
    path("contracts/kpis.csv", views.kpi_csv, name="kpis-csv"),
    path("contracts/<str:code>/", views.contract, name="contract"),
    path("contracts/<str:code>/kpis.csv", views.contract_csv, name="contract-csv"),
    path("calls/load/", views.upload, name="upload"),
    path("calls/load/<uuid:pk>/", views.load_job, name="load-job"),
    path("calls/load/<uuid:pk>/status/", views.load_job_status, name="load-job-status"),
    path("calls/", views.service_kpis, name="service-kpis"),
    path("calls/kpis.csv", views.service_kpis_csv, name="service-kpis-csv"),
    path("calls/clinicians/", views.clinician_kpis, name="clinician-kpis"),
    path("calls/clinicians/kpis.csv", views.clinician_kpis_csv, name="clinician-kpis-csv"),
]
