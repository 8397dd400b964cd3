from django.urls import path

from . import views
from .views import audits

app_name = "clinical_performance"
urlpatterns = [
    path("", views.index, name="index"),
    # Results, productivity, shifts and each clinician's record (docs/clinician-performance.md)
    path("results/", views.results, name="results"),
    path("results/download.csv", views.results_csv, name="results-csv"),
    path("productivity/", views.productivity_page, name="productivity"),
    path("productivity/download.csv", views.productivity_csv, name="productivity-csv"),
    path("shifts/", views.shift_list, name="shift-list"),
    path("shifts/import/", views.shift_import, name="shift-import"),
    path("shifts/new/", views.shift_new, name="shift-new"),
    path("clinicians/<uuid:pk>/record/", views.record, name="record"),
    path("clinicians/<uuid:pk>/record/download.csv", views.record_csv, name="record-csv"),
    path("my-record/", views.my_record, name="my-record"),
    # The clinician audit cycle (docs/clinical-audit.md)
    path("audit/", audits.round_list, name="audit-rounds"),
    path("audit/download.csv", audits.round_list_csv, name="audit-rounds-csv"),
    path("audit/import/", audits.consultation_import, name="audit-import"),
    path("audit/rounds/new/", audits.round_new, name="audit-round-new"),
    path("audit/rounds/<uuid:pk>/", audits.round_detail, name="audit-round"),
    path("audit/rounds/<uuid:pk>/download.csv", audits.round_csv, name="audit-round-csv"),
    path("audit/rounds/<uuid:pk>/close/", audits.round_close, name="audit-round-close"),
    path("audit/queue/", audits.queue, name="audit-queue"),
    path("audit/cases/<uuid:pk>/screen/", audits.case_screen, name="audit-case"),
    path("audit/cases/<uuid:pk>/panel/", audits.case_panel, name="audit-panel"),
    path("audit/cases/<uuid:pk>/release/", audits.case_release, name="audit-release"),
    path("my-audits/", audits.my_audits, name="my-audits"),
    path("my-audits/<uuid:pk>/", audits.my_audit, name="my-audit"),
]
