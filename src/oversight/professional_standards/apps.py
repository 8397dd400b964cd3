from django.apps import AppConfig


class ProfessionalStandardsConfig(AppConfig):
    name = "oversight.professional_standards"
    label = "professional_standards"
    verbose_name = "Professional standards"
