from django.urls import path

from . import views

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
]
