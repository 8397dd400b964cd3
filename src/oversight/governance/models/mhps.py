"""Maintaining High Professional Standards (MHPS): a professional concern taken into the MHPS process,
its exclusions and restrictions with their clocks, and Performers List actions for GPs (issue 13,
rules file §6; docs/governance.md "Maintaining High Professional Standards").

The clocks come from the deadlines engine (``mhps_immediate_exclusion``, ``mhps_formal_exclusion`` in
deadlines.toml): an immediate exclusion lasts at most two weeks; a formal one at most four weeks at a
time, reviewed before each renewal."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from oversight.audit.governed import GovernedRecord


class MhpsOutcome(models.TextChoices):
    NO_CASE = "no_case_to_answer", "No case to answer"
    INFORMAL = "informal_resolution", "Informal resolution"
    CONDUCT_PANEL = "conduct_panel", "Conduct panel"
    CAPABILITY_PANEL = "capability_panel", "Capability panel"
    HEALTH = "health", "Handled as a health matter"
    GMC_REFERRAL = "gmc_referral", "Referral to the GMC"
    OTHER = "other", "Other"


class MhpsCase(GovernedRecord):
    """One per professional concern that enters MHPS. People are named (staff, not patients) but the
    audit trail logs only that a name changed."""

    audit_redacted_fields = ("case_manager_name", "case_investigator_name", "designated_board_member",
                             "ppa_advice_summary", "outcome_note")

    concern = models.OneToOneField("governance.ProfessionalConcern", on_delete=models.CASCADE, related_name="mhps")
    started_on = models.DateField("Date MHPS started")
    case_manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    case_manager_name = models.CharField("Case manager", max_length=200, blank=True)
    case_investigator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    case_investigator_name = models.CharField("Case investigator", max_length=200, blank=True)
    designated_board_member = models.CharField("Designated Board member", max_length=200, blank=True)
    ppa_contacted_on = models.DateField("NHS Resolution Practitioner Performance Advice contacted", null=True, blank=True)
    ppa_advice_summary = models.TextField("Summary of the advice", blank=True)
    gmc_referred_on = models.DateField("Referred to the GMC", null=True, blank=True)
    els_referred_on = models.DateField("GMC Employer Liaison Adviser contacted", null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=MhpsOutcome.choices, blank=True)
    outcome_note = models.TextField("About the outcome", blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "MHPS case"

    def __str__(self) -> str:
        return f"MHPS case on {self.concern.reference}"

    def audit_description(self) -> str:
        described = self.concern.audit_description()
        return f"MHPS case on {described[:1].lower()}{described[1:]}"

    def audit_organisation_code(self) -> str:
        return self.concern.organisation.ods_code

    @property
    def is_active(self) -> bool:
        return self.closed_on is None

    @property
    def case_manager_label(self) -> str:
        return self.case_manager.display_name if self.case_manager_id else self.case_manager_name

    @property
    def case_investigator_label(self) -> str:
        return self.case_investigator.display_name if self.case_investigator_id else self.case_investigator_name

    def active_exclusions(self, today: date) -> list[Exclusion]:
        return [e for e in self.exclusions.all() if e.is_active(today)]


class ExclusionKind(models.TextChoices):
    IMMEDIATE = "immediate_exclusion", "Immediate exclusion"
    FORMAL = "formal_exclusion", "Formal exclusion"
    RESTRICTION = "restriction", "Restriction of practice"


# The deadline rule that caps each kind's period (deadlines.toml); a restriction has none.
EXCLUSION_RULES = {ExclusionKind.IMMEDIATE: "mhps_immediate_exclusion", ExclusionKind.FORMAL: "mhps_formal_exclusion"}


class Exclusion(GovernedRecord):
    """One period of exclusion or restriction of practice. A formal exclusion renewed is a new period
    that ``renews`` the last, with the review held before it (``reviewed_on``)."""

    audit_redacted_fields = ("details",)

    case = models.ForeignKey(MhpsCase, on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField(max_length=30, choices=ExclusionKind.choices)
    starts_on = models.DateField("First day")
    ends_on = models.DateField("Last day", null=True, blank=True)
    renews = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal")
    reviewed_on = models.DateField("Date of the review before this renewal", null=True, blank=True)
    details = models.TextField("What the restriction is, or the terms of the exclusion", blank=True)
    lifted_on = models.DateField("Lifted (the practitioner returned)", null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on}"

    def audit_description(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on.isoformat()} ({self.case.audit_description()})"

    def audit_organisation_code(self) -> str:
        return self.case.audit_organisation_code()

    @property
    def rule(self) -> str | None:
        return EXCLUSION_RULES.get(self.kind)

    def latest_end(self) -> date | None:
        """The last day this period may run to (from the deadlines engine); None for a restriction."""
        if self.rule is None or self.starts_on is None:
            return None
        from oversight.deadlines import default_policy

        # The first day counts: "at most 14 days" starting on a Monday ends on the second Sunday, the day
        # before the deadlines engine's date (which counts from day 0).
        return default_policy().due(self.rule, self.starts_on) - timedelta(days=1)

    def is_active(self, today: date) -> bool:
        """In force today: started, not lifted, not past its last day, and not followed by a renewal."""
        if self.lifted_on is not None or self.starts_on > today:
            return False
        return self.ends_on is None or self.ends_on >= today

    @property
    def is_renewed(self) -> bool:
        # A renewal saved, not one only being checked (assigning ``renews`` caches it here unsaved).
        renewal = getattr(self, "renewal", None)
        if renewal is not None and not renewal._state.adding:
            return True
        return self.pk is not None and not self._state.adding and Exclusion.objects.filter(renews_id=self.pk).exists()

    def is_overdue(self, today: date) -> bool:
        """Past its last day with no renewal recorded and not lifted: the practitioner's right to return."""
        return (self.ends_on is not None and self.ends_on < today and self.lifted_on is None
                and self.kind != ExclusionKind.RESTRICTION and not self.is_renewed)


class PerformersListActionKind(models.TextChoices):
    CONDITIONS = "conditions", "Conditions on inclusion (regulation 10)"
    SUSPENSION = "suspension", "Suspension (regulation 12)"
    REMOVAL = "removal", "Removal from the list"


class PerformersListAction(GovernedRecord):
    """An action on a GP's inclusion in the National Performers List (NHS (Performers Lists) (England)
    Regulations 2013): screened by the Performance Screening Group, decided by the Decision Panel."""

    audit_redacted_fields = ("panel_members", "outcome")

    case = models.ForeignKey(MhpsCase, on_delete=models.CASCADE, related_name="performers_list_actions")
    kind = models.CharField(max_length=20, choices=PerformersListActionKind.choices)
    screening_group_on = models.DateField("Performance Screening Group met", null=True, blank=True)
    decision_panel_on = models.DateField("Decision Panel met", null=True, blank=True)
    panel_members = models.TextField("Decision Panel members", blank=True)
    decided_on = models.DateField("Decided", null=True, blank=True)
    nhs_resolution_notified_on = models.DateField("NHS Resolution notified", null=True, blank=True)
    appeal_lodged_on = models.DateField("Appeal lodged with the First-tier Tribunal", null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def audit_description(self) -> str:
        return f"Performers List action ({self.get_kind_display().split(' (')[0].lower()}) ({self.case.audit_description()})"

    def audit_organisation_code(self) -> str:
        return self.case.audit_organisation_code()
