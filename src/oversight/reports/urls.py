from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/template/", views.template, name="template"),
    path("<str:code>/<str:kind>/<str:period>/", views.prepare, name="prepare"),
    path("<str:code>/<str:kind>/<str:period>/download/", views.download, name="download"),
]
