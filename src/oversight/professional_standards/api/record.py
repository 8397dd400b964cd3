"""A doctor's whole record over the API: the same record, access and need-to-know as the page
(views/record.py). VIEW_DOCTOR_RECORD for a doctor in the caller's scope (else 403); the reason is a required
parameter (one of the page's reasons, and words for "other"), and each read is recorded in the audit trail with
it. Coded summaries only: no patient identifiers, no free text typed about a case."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from ninja.errors import ValidationError

from oversight.accounts.access import require
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.workforce.models import Clinician

from .. import access
from ..forms.record import RECORD_REASONS, RecordReasonForm
from ..record import KINDS, whole_record
from . import router


class RecordQuery(Schema):
    reason: str = Field(description=f"Why you need to see the record: one of {', '.join(code for code, _ in RECORD_REASONS)}")
    detail: str = Field("", description="In words; required when the reason is 'other'")
    kind: str | None = Field(None, description=f"Only one kind of item: one of {', '.join(KINDS)}")
    first: date | None = Field(None, description="Items on or after this date")
    last: date | None = Field(None, description="Items on or before this date")


def _refused(name: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", name], "msg": message, "type": "value_error"}])


@router.get("/doctors/{doctor_id}/record", summary="A doctor's whole record (a reason is required and recorded)")
def doctor_record(request, doctor_id: UUID, query: Query[RecordQuery]):
    require(request.user, C.VIEW_DOCTOR_RECORD)
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=doctor_id)
    if not access.may(request.user, C.VIEW_DOCTOR_RECORD, clinician):
        raise PermissionDenied("This doctor is not connected to a designated body in your scope.")
    reason = RecordReasonForm({"reason": query.reason, "detail": query.detail})
    if not reason.is_valid():
        name, messages = next(iter(reason.errors.items()))
        raise _refused(name if name != "__all__" else "reason", " ".join(messages))
    if query.kind and query.kind not in KINDS:
        raise _refused("kind", f"Kind is one of {', '.join(KINDS)}")
    if query.first and query.last and query.last < query.first:
        raise _refused("last", "The end date must be on or after the start date")
    auditor.view(clinician, reason=f"Doctor's whole record through the API: {reason.reason_text()}")
    record = whole_record(request.user, clinician).filtered([query.kind] if query.kind else None, query.first, query.last)
    return {
        "id": str(clinician.pk), "registration": clinician.registration_label,
        "designated_body": clinician.designated_body.ods_code if clinician.designated_body_id else None,
        "organisations": sorted({row.organisation.ods_code for row in record.rows}),
        "counts": record.counts(),
        "items": [{"kind": i.kind, "id": i.item_id, "date": i.on, "organisation": i.organisation_code, "reference": i.reference,
                   "summary": i.summary, "details": list(i.details), "status": i.status, "withheld_from_doctor": i.restricted,
                   "url": request.build_absolute_uri(i.href) if i.href else None} for i in record.items],
    }
