"""Write an audit entry for every create, update and delete of a governed record."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .auditor import record
from .governed import GovernedRecord
from .models import AuditAction


@receiver(post_save)
def audit_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, GovernedRecord):
        return
    changes = instance.audit_changes(created)
    if created or changes:
        record(AuditAction.CREATE if created else AuditAction.UPDATE, instance, changes=changes)
    instance.refresh_audit_snapshot()


@receiver(post_delete)
def audit_delete(sender, instance, **kwargs):
    if isinstance(instance, GovernedRecord):
        record(AuditAction.DELETE, instance)
