from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "oversight.workforce"
    label = "workforce"
    verbose_name = "Professional standards and workforce"
