from django.urls import path

from . import views

app_name = "infogov"
urlpatterns = [
    path("", views.index, name="index"),
    path("audit/", views.audit_trail, name="audit-trail"),
    path("audit/download.csv", views.audit_trail_csv, name="audit-trail-csv"),
    path("audit/verify/", views.audit_verify, name="audit-verify"),
]
