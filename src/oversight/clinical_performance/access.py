"""Who may see an individual clinician's audits and performance, said once (issue 14): the clinician
(through their own account), their appraiser, and the Responsible Officer and clinical leads (those
holding VIEW_CLINICIAN_PERFORMANCE for the clinician's organisation). Every page, API endpoint and
selector that shows one clinician's audits or productivity asks here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.workforce.models import Clinician


def may_see_clinician(user, clinician: Clinician) -> bool:
    return bool(relationship(user, clinician))


def relationship(user, clinician: Clinician) -> str:
    """Why the user may see this clinician's audits (the reason the audit trail records), or ""."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    if clinician.user_id == user.id:
        return "The clinician's own record"
    if clinician.appraiser_id == user.id:
        return "Appraiser of the clinician"
    if clinician.organisation_id in scope_ids(user, C.VIEW_CLINICIAN_PERFORMANCE):
        return "Oversight of clinician performance (Responsible Officer or clinical lead)"
    return ""


def visible_clinicians(user) -> QuerySet[Clinician]:
    """The clinicians whose audits the user may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Clinician.objects.none()
    return Clinician.objects.filter(
        Q(user=user) | Q(appraiser=user) | Q(organisation_id__in=scope_ids(user, C.VIEW_CLINICIAN_PERFORMANCE))
    )


def own_clinician(user) -> Clinician | None:
    """The clinician record linked to the user's own account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Clinician.objects.filter(user=user).first()
