from django.urls import path

from .views import annual_report as annual_report_views
from .views import appraisals as appraisal_views
from .views import dashboard, landing, revalidation
from .views import record as record_views

app_name = "professional_standards"
urlpatterns = [
    path("", landing.index, name="index"),
    # Each area adds its pages below its own heading.
    # --- appraisal ---
    path("appraisals/", appraisal_views.appraisals, name="appraisals"),
    path("appraisals/csv/", appraisal_views.appraisals_csv, name="appraisals-csv"),
    path("appraisals/<uuid:pk>/record/", appraisal_views.record, name="appraisal-record"),
    path("appraisals/<uuid:pk>/missed/", appraisal_views.missed, name="appraisal-missed"),
    path("doctors/<uuid:pk>/appraisals/", appraisal_views.doctor_appraisals, name="doctor-appraisals"),
    path("doctors/<uuid:pk>/appraisals/allocate/", appraisal_views.allocate, name="appraisal-allocate"),
    path("my-appraisees/", appraisal_views.my_appraisees, name="my-appraisees"),
    path("my-appraisals/", appraisal_views.my_appraisals, name="my-appraisals"),
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
    path("doctors/<uuid:pk>/record/", record_views.record, name="record"),
    path("doctors/<uuid:pk>/record/download.csv", record_views.record_csv, name="record-csv"),
    path("doctors/<uuid:pk>/record/notes/new/", record_views.record_note_new, name="record-note-new"),
    path("doctors/<uuid:pk>/record/restrict/<str:kind>/<str:item_id>/", record_views.record_restrict, name="record-restrict"),
    path("my-record/", record_views.my_record, name="my-record"),
    path("annual-report/", annual_report_views.annual_report, name="annual-report"),
    path("annual-report/<str:code>/<int:year>/download/", annual_report_views.annual_report_pdf, name="annual-report-pdf"),
]
