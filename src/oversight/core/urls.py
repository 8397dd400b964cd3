from django.urls import path

from . import frontend, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
    path("design-system/nhsuk-frontend.css", frontend.nhsuk_stylesheet, name="nhsuk-stylesheet"),
]
