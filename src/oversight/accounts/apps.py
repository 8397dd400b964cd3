from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "oversight.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import signals  # noqa: F401  (audits sign-in and sign-out)
