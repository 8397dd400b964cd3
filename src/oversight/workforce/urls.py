from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    path("clinicians/", views.clinician_list, name="clinician-list"),
    path("clinicians/new/", views.clinician_new, name="clinician-new"),
]
