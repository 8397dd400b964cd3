"""Who may see which doctor's professional standards records, said once (issue 13, ADR 0007).

- The Responsible Officer and the medical director (VIEW_PROFESSIONAL_STANDARDS, VIEW_DOCTOR_RECORD) see
  the doctors whose designated body, or whose own organisation, is in their scope.
- An appraiser (VIEW_APPRAISEE_APPRAISALS) sees their appraisees' appraisal information only: the
  allocation (``Clinician.appraiser``), not an organisation, is their scope.
- A doctor (VIEW_OWN_RECORD) sees their own record, less what the RO restricts.

Every page, endpoint and selector that shows one doctor asks here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.workforce.models import Clinician, Profession

# Only the doctor's own designated body's RO may recommend to the GMC (GMC API error 140: "not
# associated with the designated body"): employment elsewhere is not enough.
BY_DESIGNATED_BODY = frozenset({C.MAKE_REVALIDATION_RECOMMENDATIONS})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def doctors_for(user, capability: str = C.VIEW_PROFESSIONAL_STANDARDS) -> QuerySet[Clinician]:
    """The doctors the user holds ``capability`` for: designated body or organisation in their scope."""
    if not _active(user):
        return Clinician.objects.none()
    ids = scope_ids(user, capability)
    if not ids:
        return Clinician.objects.none()
    doctors = Clinician.objects.filter(profession=Profession.DOCTOR)
    if capability in BY_DESIGNATED_BODY:
        return doctors.filter(designated_body_id__in=ids)
    return doctors.filter(Q(designated_body_id__in=ids) | Q(organisation_id__in=ids))


def may(user, capability: str, clinician: Clinician) -> bool:
    """Whether the user holds ``capability`` for this doctor (RO and medical director roles)."""
    if not _active(user) or clinician.profession != Profession.DOCTOR:
        return False
    ids = scope_ids(user, capability)
    if capability in BY_DESIGNATED_BODY:
        return clinician.designated_body_id in ids
    return clinician.designated_body_id in ids or clinician.organisation_id in ids


def appraisees_of(user) -> QuerySet[Clinician]:
    if not _active(user) or not scope_ids(user, C.VIEW_APPRAISEE_APPRAISALS):
        return Clinician.objects.none()
    return Clinician.objects.filter(appraiser=user)


def is_appraiser_of(user, clinician: Clinician) -> bool:
    return _active(user) and clinician.appraiser_id == user.id and bool(scope_ids(user, C.VIEW_APPRAISEE_APPRAISALS))


def own_doctor(user) -> Clinician | None:
    """The clinician record linked to the user's own account, if they may see their own record."""
    if not _active(user) or not scope_ids(user, C.VIEW_OWN_RECORD):
        return None
    return Clinician.objects.filter(user=user).first()


def may_see_appraisals(user, clinician: Clinician) -> str:
    """Why the user may see this doctor's appraisals (the reason the audit trail records), or ""."""
    if may(user, C.VIEW_PROFESSIONAL_STANDARDS, clinician):
        return "Responsible Officer's oversight of appraisal"
    if is_appraiser_of(user, clinician):
        return "Appraiser of the doctor"
    if clinician.user_id is not None and clinician.user_id == getattr(user, "id", None) and own_doctor(user):
        return "The doctor's own record"
    return ""
