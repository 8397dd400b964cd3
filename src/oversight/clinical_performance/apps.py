from django.apps import AppConfig


class ClinicalPerformanceConfig(AppConfig):
    name = "oversight.clinical_performance"
    label = "clinical_performance"
    verbose_name = "Clinical performance"
