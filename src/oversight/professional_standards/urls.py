from django.urls import path

from .views import landing

app_name = "professional_standards"
urlpatterns = [
    path("", landing.index, name="index"),
    # Each area adds its pages below its own heading.
    # --- appraisal ---
    # --- revalidation and the Responsible Officer's dashboard ---
    # --- each doctor's whole record and the annual board report ---
]
