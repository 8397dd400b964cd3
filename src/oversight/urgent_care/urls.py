from django.urls import path

from . import views

app_name = "urgent_care"
urlpatterns = [
    path("", views.index, name="index"),
]
