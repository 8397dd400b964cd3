from django.urls import path

from .views import dashboard, landing, revalidation

app_name = "professional_standards"
urlpatterns = [
    path("", landing.index, name="index"),
    # Each area adds its pages below its own heading.
    # --- appraisal ---
    # --- revalidation and the Responsible Officer's dashboard ---
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/csv/", dashboard.dashboard_csv, name="dashboard-csv"),
    path("doctors/<uuid:pk>/revalidation/", revalidation.doctor_revalidation, name="doctor-revalidation"),
    path("doctors/<uuid:pk>/revalidation/recommendation/", revalidation.recommendation_new, name="recommendation-new"),
    path("doctors/<uuid:pk>/revalidation/els-contact/", revalidation.els_contact_new, name="els-contact-new"),
    path("doctors/<uuid:pk>/revalidation/gmc-state/", revalidation.gmc_state, name="gmc-state"),
    path("recommendations/<uuid:pk>/submit/", revalidation.recommendation_submit, name="recommendation-submit"),
    path("recommendations/<uuid:pk>/outcome/", revalidation.recommendation_outcome, name="recommendation-outcome"),
    path("revalidation/ready/", revalidation.ready, name="ready"),
    path("revalidation/gmc-export/", revalidation.gmc_export, name="gmc-export"),
    path("revalidation/gmc-import/", revalidation.gmc_import, name="gmc-import"),
    # --- each doctor's whole record and the annual board report ---
]
