from django.apps import AppConfig


class InfogovConfig(AppConfig):
    name = "oversight.infogov"
    label = "infogov"
    verbose_name = "Information governance"
