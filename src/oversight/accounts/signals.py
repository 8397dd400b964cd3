"""Sign-in, sign-out and failed sign-ins go into the audit trail."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from oversight.audit.auditor import Auditor
from oversight.audit.context import Actor
from oversight.audit.models import AuditAction


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    Auditor(Actor(user=user)).record(AuditAction.SIGN_IN, object_type="session", object_repr=user.get_username())


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        Auditor(Actor(user=user)).record(AuditAction.SIGN_OUT, object_type="session", object_repr=user.get_username())


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # The attempted name is kept for the Caldicott Guardian; pages never say if it exists.
    Auditor(Actor()).record(
        AuditAction.SIGN_IN_FAILED, object_type="session", object_repr=str(credentials.get("username", ""))[:150]
    )
