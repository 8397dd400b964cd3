from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "oversight.surveillance"
    label = "surveillance"
    verbose_name = "Regional quality surveillance"
