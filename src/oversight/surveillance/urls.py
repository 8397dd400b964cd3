from django.urls import path

from . import views

app_name = "surveillance"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.csv", views.matrix_csv, name="matrix-csv"),
    path("new-this-month/", views.new_this_month, name="new-this-month"),
    path("providers/<str:code>/", views.provider, name="provider"),
    path("providers/<str:code>/<str:metric>/", views.provider_metric, name="provider-metric"),
    path("providers/<str:code>/<str:metric>.csv", views.provider_metric_csv, name="provider-metric-csv"),
    path("icons/<str:kind>/<str:name>.svg", views.icon, name="icon"),
    path("analyse/", views.analyse, name="analyse"),
    path("analyse/results/", views.analyse_results, name="analyse-results"),
    path("analyse/download/", views.analyse_download, name="analyse-download"),
    path("analyse/funnel/", views.funnel_page, name="funnel"),
    path("analyse/funnel/download/", views.funnel_download, name="funnel-download"),
    path("nof/", views.nof_league, name="nof"),
    path("nof.csv", views.nof_league_csv, name="nof-csv"),
    path("nof/changes/", views.nof_changes, name="nof-changes"),
    path("nof/load/", views.nof_load, name="nof-load"),
    path("nof/loads/", views.nof_loads, name="nof-loads"),
    path("nof/loads/<uuid:pk>/", views.nof_load_detail, name="nof-load-detail"),
    path("nof/loads/<uuid:pk>/revert/", views.nof_revert, name="nof-revert"),
    path("nof/<str:code>/", views.nof_trust, name="nof-trust"),
    path("escalations/", views.register, name="escalations"),
    path("escalations/overdue/", views.overdue, name="overdue"),
    path("escalations/<str:code>/", views.provider_escalation, name="escalation"),
    path("escalations/<str:code>/level/", views.change_level, name="change-level"),
    path("escalations/<str:code>/actions/new/", views.new_action, name="action-new"),
    path("actions/<uuid:pk>/", views.action, name="action"),
]
