from django.urls import path

from . import views
from .views import checks as check_views

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    path("clinicians/", views.clinician_list, name="clinician-list"),
    path("clinicians/new/", views.clinician_new, name="clinician-new"),
    # The clinician register (issue 13, Deliver 1)
    path("clinicians/download.csv", views.clinician_list_csv, name="clinician-list-csv"),
    path("clinicians/<uuid:pk>/", views.clinician_detail, name="clinician"),
    path("clinicians/<uuid:pk>/edit/", views.clinician_edit, name="clinician-edit"),
    path("register/import/", views.register_import, name="register-import"),
    # Employment checks and training (issue 13, Deliver 2)
    path("clinicians/<uuid:pk>/checks/", check_views.clinician_checks, name="clinician-checks"),
    path("checks/expiring/", check_views.checks_expiring, name="checks-expiring"),
    path("checks/expiring/download.csv", check_views.checks_expiring_csv, name="checks-expiring-csv"),
    path("compliance/", check_views.compliance_page, name="compliance"),
    path("compliance/download.csv", check_views.compliance_csv, name="compliance-csv"),
]
