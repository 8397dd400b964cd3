"""The Annual Board Report and Statement of Compliance: the figures for a small designated body, the rules
file, narratives per section, HTML and PDF through the reports machinery, and who may read and write it (a
board member reads it and sees no doctor named)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.audit.models import AuditAction, AuditEntry
from oversight.governance.tests.factories import ConcernFactory
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import DoctorFactory, full_compliance

from ..annual_report import AnnualReportRulesError, build, read_rules, report_for
from ..services.annual_report import save_section_narratives
from .factories import AppraisalFactory, RecommendationFactory, RecordNoteFactory

pytestmark = pytest.mark.django_db
YEAR = 2025  # 1 April 2025 to 31 March 2026
END = date(2026, 3, 31)
NAMES = ("Dr Alpha Annual", "Dr Beta Annual", "Dr Gamma Annual", "Dr Delta Annual", "Dr Epsilon Annual")


@pytest.fixture
def tree(db):
    return build_tree()


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


@pytest.fixture
def body(tree):
    trust = tree["trust_a"]
    d1, d2, d3, d4, _no_appraisal = (DoctorFactory(organisation=trust, name=name, connection_started_on=date(2020, 1, 1))
                          for name in NAMES)
    DoctorFactory(organisation=tree["trust_c"], name="Dr Elsewhere", connection_started_on=date(2020, 1, 1))
    DoctorFactory(organisation=trust, name="Dr Joiner", connection_started_on=date(2025, 9, 1))
    # 1a: met within the 3 months before the due date (31 October) and signed off within 28 days.
    AppraisalFactory(clinician=d1, appraisal_year=YEAR, due_on=date(2025, 10, 1), meeting_on=date(2025, 9, 15),
                     signed_off_on=date(2025, 9, 30))
    # 1b: met too early.
    AppraisalFactory(clinician=d2, appraisal_year=YEAR, due_on=date(2025, 10, 1), meeting_on=date(2025, 5, 1),
                     signed_off_on=date(2025, 5, 10))
    AppraisalFactory(clinician=d3, appraisal_year=YEAR, due_on=date(2025, 10, 1), missed_approved=True,
                     missed_reason="parental_leave", missed_approved_on=date(2025, 6, 1))  # 2
    AppraisalFactory(clinician=d4, appraisal_year=YEAR, due_on=date(2025, 10, 1))  # 3: never met
    RecommendationFactory(clinician=d1, kind="revalidate", status="submitted", submission_due_on=date(2025, 12, 1),
                          submitted_at=_aware(date(2025, 11, 1)), submitted_by_label="RO", gmc_outcome="approved")
    RecommendationFactory(clinician=d2, kind="defer", status="submitted", submission_due_on=date(2026, 1, 1),
                          submitted_at=_aware(date(2026, 1, 10)), submitted_by_label="RO")
    RecommendationFactory(clinician=d3, kind="revalidate", status="submitted", submission_due_on=date(2025, 3, 1),
                          submitted_at=_aware(date(2025, 2, 1)), submitted_by_label="RO")  # the year before
    ConcernFactory(clinician=d1, raised_on=date(2025, 5, 1), closed_on=date(2025, 8, 1), stage="closed")
    ConcernFactory(clinician=d3, raised_on=date(2026, 2, 1))
    ConcernFactory(clinician=d3, raised_on=date(2024, 2, 1))  # open since the year before
    RecordNoteFactory(clinician=d4, kind="claim", occurred_on=date(2025, 7, 1))
    full_compliance(d1, END)
    return trust


def _rows(section):
    return {row.label: row.count for row in section.rows}


def test_the_figures_for_a_small_designated_body(body):
    report = build(body, YEAR, today=date(2026, 12, 2))
    assert report.doctors == 6 and report.complete and report.deadline == date(2026, 9, 30)
    general = _rows(report.section("general"))
    assert general["Doctors with a prescribed connection on 31 March 2026"] == 6
    assert general["Connected during the year"] == 1
    appraisal = _rows(report.section("appraisal"))
    assert appraisal["1a: Completed within the time standards"] == 1
    assert appraisal["1b: Completed outside the time standards"] == 1
    assert appraisal["2: Missed, approved by the Responsible Officer"] == 1
    assert appraisal["3: Missed, not approved"] == 1
    assert appraisal["No appraisal recorded for the year"] == 2
    assert report.section("appraisal").rows[0].percent == pytest.approx(1 / 6)
    recommendations = {row["label"]: row for row in report.section("recommendations").table}
    assert recommendations["Revalidate"] == {"label": "Revalidate", "made": 1, "on_time": 1, "late": 0, "approved": 1,
                                             "not_approved": 0}
    assert recommendations["Defer"]["made"] == 1 and recommendations["Defer"]["late"] == 1
    assert recommendations["All recommendations"]["made"] == 2
    governance = _rows(report.section("governance"))
    assert governance["Professional concerns raised in the year"] == 2
    assert governance["Professional concerns closed in the year"] == 1
    assert governance["Professional concerns open on 31 March 2026"] == 2
    assert governance["Clinical negligence claims noted in the year"] == 1
    checks = report.section("checks")
    assert _rows(checks)["Doctors with every check and training item in date on 31 March 2026"] == 1
    assert checks.table and all(row["needed"] == 6 for row in checks.table)


def test_a_year_still_running_is_counted_to_today(body):
    report = build(body, 2026, today=date(2026, 12, 2))
    assert not report.complete and report.as_at == date(2026, 12, 2)


def test_the_rules_file_is_checked():
    assert read_rules().signatories == ("Chair", "Chief Executive")
    text = (
        '[submission]\ndeadline_month = 2\ndeadline_day = 30\nsend_to = "x"\nconfidence = "unconfirmed"\n'
        '[signatory]\nroles = ["Chair"]\n'
        '[sections]\n' + "".join(f'{c} = "{c}"\n' for c in ("general", "appraisal", "recommendations", "governance",
                                                         "checks", "summary", "statement"))
    )
    with pytest.raises(AnnualReportRulesError, match="deadline_day"):
        read_rules(text)
    assert read_rules(text.replace("deadline_day = 30", "deadline_day = 28")).deadline_for(2025) == date(2026, 2, 28)


def test_narratives_are_saved_per_section_and_refused_when_too_long(body, tree):
    from django.core.exceptions import ValidationError

    from oversight.audit.context import Actor, acting_as

    ro = user_with_role("responsible_officer", body, username="ro-annual")
    with acting_as(Actor(user=ro)):
        assert save_section_narratives(body, YEAR, {"appraisal": "Appraisal rates rose.", "summary": "Compliant."}, ro) == 2
        with pytest.raises(ValidationError):
            save_section_narratives(body, YEAR, {"appraisal": "x" * 3001}, ro)
        with pytest.raises(ValidationError):
            save_section_narratives(body, YEAR, {"nonsense": "x"}, ro)
    report = report_for(body, YEAR)
    assert report.section("appraisal").narrative == "Appraisal rates rose."
    assert report.section("summary").narrative == "Compliant."


def test_the_ro_writes_narratives_on_the_page_and_downloads_html_and_pdf(body, client):
    ro = user_with_role("responsible_officer", body, username="ro-annual")
    client.force_login(ro)
    url = reverse("professional_standards:annual-report")
    assert client.get(url).status_code == 200
    page = client.get(url, {"body": "TRA", "year": str(YEAR)}).content.decode()
    assert "Effective appraisal" in page and "narrative-appraisal" in page
    response = client.post(url, {"body": "TRA", "year": str(YEAR), "narrative-governance": "Two concerns, one closed."})
    assert response.status_code == 302
    download = reverse("professional_standards:annual-report-pdf", kwargs={"code": "TRA", "year": YEAR})
    html = client.get(download, {"format": "html"})
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    document = html.content.decode()
    for heading in ("1. General", "2. Effective appraisal", "3. Recommendations to the GMC", "4. Medical governance",
                    "5. Employment checks", "6. Summary and overall conclusion", "7. Statement of Compliance"):
        assert heading in document
    assert "Two concerns, one closed." in document and "30 September 2026" in document and "Chair or Chief Executive" in document
    pdf = client.get(download, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_repr__startswith="Annual Board Report TRA 2025/26").count() == 2
    assert client.get(download, {"format": "docx"}).status_code == 400


def test_a_board_member_reads_it_sees_no_doctor_named_and_cannot_write(body, client):
    member = user_with_role("board_member", body, username="board-a")
    client.force_login(member)
    url = reverse("professional_standards:annual-report")
    page = client.get(url, {"body": "TRA", "year": str(YEAR)}).content.decode()
    assert "Effective appraisal" in page and "narrative-appraisal" not in page
    document = client.get(reverse("professional_standards:annual-report-pdf", kwargs={"code": "TRA", "year": YEAR}),
                          {"format": "html"}).content.decode()
    for name in (*NAMES, "Dr Joiner", "Dr Elsewhere"):
        assert name not in page and name not in document
    assert client.post(url, {"body": "TRA", "year": str(YEAR), "narrative-summary": "x"}).status_code == 403
    assert client.get(reverse("professional_standards:annual-report-pdf", kwargs={"code": "TRC", "year": YEAR}),
                      {"format": "html"}).status_code == 403
