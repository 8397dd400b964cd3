from django.urls import path

from . import views

app_name = "clinical_performance"
urlpatterns = [
    path("", views.index, name="index"),
]
