"""One doctor's revalidation page: their GMC state, the recommendations made (history), the deferrals this
cycle, whether the ready rule holds, and whether the Employer Liaison Service must be contacted first."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from django.urls import reverse

from oversight.core.formatting import format_date, format_datetime

from ..models import DEFERRAL_CRITERIA, DoctorRevalidation, ElsContact, Recommendation
from ..revalidation import deferral_range, revalidation_rules, usable_els_contact
from .dashboard import load_states, record_url


def _row(key: str, value) -> dict:
    if isinstance(value, date):
        value = format_date(value)
    return {"key": {"text": key}, "value": {"text": str(value) if value not in (None, "") else "Not recorded"}}


def recommendation_row(r: Recommendation) -> dict:
    return {
        "kind": r.get_kind_display(),
        "for_date": {"text": format_date(r.submission_due_on), "sort": r.submission_due_on.isoformat()},
        "status": r.get_status_display(),
        "submitted": format_datetime(r.submitted_at, "Not submitted"),
        "by": r.submitted_by_label or r.prepared_by_label,
        "defer_to": format_date(r.defer_to, "") if r.defer_to else "",
        "outcome": (f"{r.get_gmc_outcome_display()} ({format_date(r.gmc_outcome_on)})" if r.gmc_outcome
                    else ("Awaiting the GMC" if r.is_submitted else "")),
        "els": f"Contact of {format_date(r.els_contact.contacted_on)}" if r.els_contact_id else "",
        "action": ({"text": "Record the GMC's outcome", "href": reverse("professional_standards:recommendation-outcome", args=[r.pk])}
                   if r.is_submitted and not r.gmc_outcome else
                   {"text": "Check and submit", "href": reverse("professional_standards:recommendation-submit", args=[r.pk])}
                   if not r.is_submitted else {"text": ""}),
    }


RECOMMENDATION_COLUMNS = [("kind", "Recommendation"), ("for_date", "For submission date"), ("status", "Status"),
                          ("submitted", "Submitted"), ("by", "By"), ("defer_to", "Deferred to"), ("outcome", "GMC outcome"),
                          ("els", "Employer Liaison"), ("action", "")]
ELS_COLUMNS = [("on", "Date"), ("adviser", "Adviser"), ("by", "Recorded by")]


class DoctorRevalidationPresenter:
    def __init__(self, clinician, today: date, *, may_recommend: bool):
        self.clinician = clinician
        self.today = today
        self.may_recommend = may_recommend
        self.state = load_states(type(clinician).objects.filter(pk=clinician.pk), today)[0]
        self.revalidation: DoctorRevalidation | None = self.state.revalidation

    @property
    def title(self) -> str:
        return f"{self.clinician.name}: revalidation"

    @property
    def record_url(self) -> str | None:
        return record_url(self.clinician)

    @cached_property
    def gmc_rows(self) -> list[dict]:
        r, s = self.revalidation, self.state
        rows = [_row("GMC number", self.clinician.registration_number),
                _row("Designated body", (self.clinician.designated_body or self.clinician.organisation).name),
                _row("GMC submission date", r.submission_due_on if r else None)]
        if s.window:
            rows.append(_row("Submission window", f"{format_date(s.window[0])} to {format_date(s.window[1])}"))
        rows += [
            _row("Under notice", "Yes" if s.under_notice else "No"),
            _row("On hold at the GMC", "Yes (no recommendation can be made)" if s.on_hold else "No"),
            _row("Current cycle started", r.cycle_started_on if r else None),
            _row("Last revalidated", r.last_revalidated_on if r else None),
            _row("Raised a public-interest concern", "Yes" if r and r.raised_public_interest_concern else "No"),
            _row("Deferrals this cycle", str(s.deferral_count)),
            _row("Last GMC Connect list imported", r.last_gmc_list_on if r else None),
        ]
        return rows

    @cached_property
    def recommendations(self) -> list[dict]:
        found = (Recommendation.objects.filter(clinician=self.clinician).select_related("els_contact")
                 .order_by("-created_at"))
        return [recommendation_row(r) for r in found]

    @cached_property
    def els_contacts(self) -> list[dict]:
        return [{"on": format_date(c.contacted_on), "adviser": c.adviser_name, "by": c.recorded_by_label}
                for c in ElsContact.objects.filter(clinician=self.clinician)]

    @property
    def els_needed(self) -> dict[str, list[str]]:
        return self.state.els_needed

    @property
    def els_message(self) -> str:
        """Said plainly when a deferral or non-engagement would need an Employer Liaison contact first."""
        parts = []
        if "defer" in self.els_needed:
            parts.append(f"A deferral needs an Employer Liaison Service contact first, because "
                         f"{' and '.join(self.els_needed['defer'])}.")
        if "non_engagement" in self.els_needed:
            parts.append("A non-engagement recommendation needs an Employer Liaison Service contact first.")
        if not parts:
            return ""
        rules = revalidation_rules()
        contact = usable_els_contact(ElsContact.objects.filter(clinician=self.clinician), self.state.today, rules)
        if contact is not None:
            parts.append(f"The contact with {contact.adviser_name} on {format_date(contact.contacted_on)} is recorded: "
                         f"it will be linked to the recommendation.")
        else:
            parts.append(f"Record the contact (within the last {rules.els_lookback_days} days) before "
                         f"making the recommendation: until then it is refused.")
        return " ".join(parts)

    @property
    def deferral_range_text(self) -> str:
        if not self.state.submission_due_on:
            return ""
        earliest, latest = deferral_range(self.state.submission_due_on)
        return f"A deferral's new submission date must be between {format_date(earliest)} and {format_date(latest)}."

    @property
    def criteria(self) -> list[str]:
        return [wording for _, wording in DEFERRAL_CRITERIA]
