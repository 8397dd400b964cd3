from django.apps import AppConfig


class UrgentCareConfig(AppConfig):
    name = "oversight.urgent_care"
    label = "urgent_care"
    verbose_name = "Urgent care KPIs"
