"""The MHPS case on a professional concern, read over the API (concern roles only; each read logged,
as the concern's own read is)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from ninja import Schema

from oversight.audit import auditor

from ..access import get_concern
from ..presenters.mhps import exclusion_clock
from . import router


class ExclusionOut(Schema):
    id: UUID
    kind: str
    starts_on: date
    ends_on: date | None
    latest_end: date | None
    renews: UUID | None
    reviewed_on: date | None
    lifted_on: date | None
    in_force: bool
    clock: str


class PerformersListActionOut(Schema):
    id: UUID
    kind: str
    screening_group_on: date | None
    decision_panel_on: date | None
    decided_on: date | None
    nhs_resolution_notified_on: date | None
    appeal_lodged_on: date | None
    outcome: str


class MhpsCaseOut(Schema):
    concern: str
    started_on: date
    case_manager: str
    case_investigator: str
    designated_board_member: str
    ppa_contacted_on: date | None
    ppa_advice_summary: str
    gmc_referred_on: date | None
    els_referred_on: date | None
    outcome: str
    closed_on: date | None
    exclusions: list[ExclusionOut]
    performers_list_actions: list[PerformersListActionOut]

    @staticmethod
    def build(case) -> MhpsCaseOut:
        today = timezone.localdate()
        return MhpsCaseOut(
            concern=case.concern.reference, started_on=case.started_on, case_manager=case.case_manager_label,
            case_investigator=case.case_investigator_label, designated_board_member=case.designated_board_member,
            ppa_contacted_on=case.ppa_contacted_on, ppa_advice_summary=case.ppa_advice_summary,
            gmc_referred_on=case.gmc_referred_on, els_referred_on=case.els_referred_on, outcome=case.outcome,
            closed_on=case.closed_on,
            exclusions=[ExclusionOut(id=e.id, kind=e.kind, starts_on=e.starts_on, ends_on=e.ends_on, latest_end=e.latest_end(),
                                     renews=e.renews_id, reviewed_on=e.reviewed_on, lifted_on=e.lifted_on,
                                     in_force=e.is_active(today) and not e.is_renewed, clock=exclusion_clock(e, today).text)
                        for e in case.exclusions.select_related("renewal").order_by("starts_on", "created_at")],
            performers_list_actions=[PerformersListActionOut(
                id=a.id, kind=a.kind, screening_group_on=a.screening_group_on, decision_panel_on=a.decision_panel_on,
                decided_on=a.decided_on, nhs_resolution_notified_on=a.nhs_resolution_notified_on,
                appeal_lodged_on=a.appeal_lodged_on, outcome=a.outcome) for a in case.performers_list_actions.all()],
        )


@router.get("/concerns/{concern_id}/mhps", response=MhpsCaseOut,
            summary="The MHPS case on a professional concern: people, PPA advice, exclusions and their clocks, "
                    "Performers List actions")
def get_mhps_case(request, concern_id: UUID):
    concern = get_concern(request.user, concern_id)
    case = getattr(concern, "mhps", None)
    if case is None:
        raise Http404("This concern is not in the MHPS process")
    auditor.view(case, reason="Read the MHPS case through the API")
    return MhpsCaseOut.build(case)
