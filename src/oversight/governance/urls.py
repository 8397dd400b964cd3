from django.urls import path

from .views import actions, candour, complaints, concerns, dashboard, imports, incidents, mhps

app_name = "governance"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("tasks/", actions.my_tasks, name="my-tasks"),
    path("overdue/", actions.overdue, name="overdue"),
    path("figures/", dashboard.figures, name="figures"),
    path("learning/", dashboard.learning_library, name="learning"),
    # Incidents: the public report form, then the governance team's pages.
    path("report/", incidents.report_incident, name="report-incident"),
    path("report/sent/", incidents.report_incident_done, name="report-incident-done"),
    path("incidents/", incidents.incident_list, name="incident-list"),
    path("incidents/incidents.csv", incidents.incident_csv, name="incident-csv"),
    path("incidents/<uuid:pk>/", incidents.incident_detail, name="incident-detail"),
    path("incidents/<uuid:pk>/patient/", incidents.incident_patient, name="incident-patient"),
    path("incidents/<uuid:pk>/step/<str:step>/", incidents.incident_step, name="incident-step"),
    path("incidents/<uuid:pk>/themes/", incidents.incident_themes, name="incident-themes"),
    path("incidents/<uuid:pk>/staff/", incidents.incident_staff, name="incident-staff"),
    path("incidents/<uuid:pk>/actions/new/", actions.incident_action_new, name="incident-action-new"),
    path("incidents/<uuid:pk>/duty-of-candour/<str:step>/", candour.candour_record, name="candour-record"),
    path("duty-of-candour/", candour.candour_compliance, name="candour-compliance"),
    # Complaints.
    path("complaints/", complaints.complaint_list, name="complaint-list"),
    path("complaints/complaints.csv", complaints.complaint_csv, name="complaint-csv"),
    path("complaints/new/", complaints.complaint_new, name="complaint-new"),
    path("complaints/<uuid:pk>/", complaints.complaint_detail, name="complaint-detail"),
    path("complaints/<uuid:pk>/patient/", complaints.complaint_patient, name="complaint-patient"),
    path("complaints/<uuid:pk>/step/<str:step>/", complaints.complaint_step, name="complaint-step"),
    path("complaints/<uuid:pk>/themes/", complaints.complaint_themes, name="complaint-themes"),
    path("complaints/<uuid:pk>/staff/", complaints.complaint_staff, name="complaint-staff"),
    path("complaints/<uuid:pk>/dates/", complaints.complaint_dates, name="complaint-dates"),
    path("complaints/<uuid:pk>/actions/new/", actions.complaint_action_new, name="complaint-action-new"),
    # Professional concerns.
    path("concerns/", concerns.concern_list, name="concern-list"),
    path("concerns/new/", concerns.concern_new, name="concern-new"),
    path("concerns/<uuid:pk>/", concerns.concern_detail, name="concern-detail"),
    path("concerns/<uuid:pk>/stage/", concerns.concern_stage, name="concern-stage"),
    path("concerns/<uuid:pk>/actions/new/", actions.concern_action_new, name="concern-action-new"),
    # Maintaining High Professional Standards on a concern.
    path("concerns/<uuid:pk>/mhps/start/", mhps.mhps_start, name="mhps-start"),
    path("concerns/<uuid:pk>/mhps/", mhps.mhps_edit, name="mhps-edit"),
    path("concerns/<uuid:pk>/mhps/close/", mhps.mhps_close, name="mhps-close"),
    path("concerns/<uuid:pk>/mhps/exclusions/new/", mhps.exclusion_new, name="mhps-exclusion-new"),
    path("concerns/<uuid:pk>/mhps/performers-list/new/", mhps.performers_list_new, name="mhps-performers-list-new"),
    path("mhps/exclusions/<uuid:pk>/renew/", mhps.exclusion_renew, name="mhps-exclusion-renew"),
    path("mhps/exclusions/<uuid:pk>/lift/", mhps.exclusion_lift, name="mhps-exclusion-lift"),
    path("mhps/performers-list/<uuid:pk>/", mhps.performers_list_edit, name="mhps-performers-list-edit"),
    # Actions and evidence.
    path("actions/<uuid:pk>/", actions.action_detail, name="action-detail"),
    path("evidence/<uuid:pk>/", actions.evidence_download, name="evidence"),
    # Import.
    path("import/", imports.import_page, name="import"),
    path("import/mapping.toml", imports.import_mapping, name="import-mapping"),
    path("import/<uuid:pk>/", imports.import_job, name="import-job"),
    path("import/<uuid:pk>/status/", imports.import_job_status, name="import-job-status"),
]
