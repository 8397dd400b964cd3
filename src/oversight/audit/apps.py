from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "oversight.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from . import signals  # noqa: F401  (connects the governed-record listeners)
