"""The report pages: choose a report, write narratives, choose metrics, download; who may do what."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.audit.models import AuditEntry
from oversight.governance.tests.factories import IncidentFactory
from oversight.reports.models import MetricNarrative, ReportTemplate
from oversight.testing.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db
PREPARE = {"code": "TRA", "kind": "board", "period": "2025-06"}


@pytest.fixture
def tree(settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    tree = build_tree()
    # Trust A's governance history starts in January 2025, so its report has governance series.
    reported = timezone.make_aware(datetime(2025, 1, 15, 9, 0))
    IncidentFactory(organisation=tree["trust_a"], reported_at=reported, occurred_on=date(2025, 1, 14))
    return tree


@pytest.fixture
def cmo(client, tree):
    client.force_login(user_with_role(Role.CHIEF_MEDICAL_OFFICER, tree["trust_a"]))
    return client


def test_the_users_own_organisation_is_chosen_for_them(cmo, client, tree):
    def selected(page: str) -> list[str]:
        return re.findall(r'<option value="(\w*)" selected', page)

    assert selected(cmo.get(reverse("reports:index")).content.decode()) == ["TRA"]
    client.force_login(user_with_role(Role.REGIONAL_MEDICAL_DIRECTOR, tree["region"]))
    page = client.get(reverse("reports:index")).content.decode()
    assert selected(page) == [tree["region"].ods_code] and '<option value="TRA"' in page


def test_choosing_a_report_leads_to_its_page_and_bad_periods_are_named(cmo):
    response = cmo.get(reverse("reports:index"), {"organisation": "TRA", "kind": "board", "period": "2025-06"})
    assert response.status_code == 302 and response.url == reverse("reports:prepare", kwargs=PREPARE)
    response = cmo.get(reverse("reports:index"), {"organisation": "TRA", "kind": "quality-account", "period": "2024-26"})
    assert "not a financial year in the form 2024-25" in response.content.decode()
    response = cmo.get(reverse("reports:index"), {"organisation": "TRA", "kind": "board", "period": "2999-01"})
    assert "has not ended: the latest complete month is" in response.content.decode()


def test_narratives_are_saved_audited_and_appear_in_the_download(cmo, tree):
    url = reverse("reports:prepare", kwargs=PREPARE)
    page = cmo.get(url).content.decode()
    assert "Patient safety incidents reported" in page and 'name="narrative-summary"' in page
    response = cmo.post(url, {"narrative-summary": "A calm month.", "narrative-gov_never_events": "None since May."})
    assert response.status_code == 302
    assert {n.metric_code: n.text for n in MetricNarrative.objects.all()} == {
        "summary": "A calm month.", "gov_never_events": "None since May."}
    assert AuditEntry.objects.filter(object_type__icontains="narrative", action="create").count() == 2
    html = cmo.get(reverse("reports:download", kwargs=PREPARE), {"format": "html"}).content.decode()
    assert "A calm month." in html and "None since May." in html
    cmo.post(url, {"narrative-summary": "", "narrative-gov_never_events": "None since May."})
    assert list(MetricNarrative.objects.values_list("metric_code", flat=True)) == ["gov_never_events"]


def test_a_too_long_narrative_saves_nothing_and_says_which(cmo):
    url = reverse("reports:prepare", kwargs=PREPARE)
    response = cmo.post(url, {"narrative-summary": "fine", "narrative-gov_never_events": "x" * 3001})
    assert response.status_code == 200
    assert "Keep the narrative to 3000 characters" in response.content.decode()
    assert 'href="#narrative-gov_never_events"' in response.content.decode()
    assert not MetricNarrative.objects.exists()


def test_a_narrative_of_the_full_length_with_line_breaks_is_kept(cmo):
    text = ("x" * 99 + "\r\n") * 30  # 3000 characters once the browser's CRLF are single line breaks
    response = cmo.post(reverse("reports:prepare", kwargs=PREPARE), {"narrative-summary": text})
    assert response.status_code == 302
    assert len(MetricNarrative.objects.get().text) == 2999  # the last line break stripped


def test_overdue_actions_text_and_owner_only_for_those_who_may_see_cases(cmo, client, tree):
    from oversight.governance.tests.factories import ActionFactory

    trust = tree["trust_a"]
    never = IncidentFactory(organisation=trust, reported_at=timezone.make_aware(datetime(2025, 5, 2, 9)),
                            occurred_on=date(2025, 5, 1), physical_harm="severe", never_event="NE01")
    ActionFactory(incident=never, due_on=date(2025, 6, 1), description="Re-audit swab counts in theatre 3")
    url = reverse("reports:download", kwargs=PREPARE)
    full = cmo.get(url, {"format": "html"}).content.decode()
    assert never.reference in full and "Re-audit swab counts in theatre 3" in full
    client.force_login(user_with_role(Role.BOARD_MEMBER, trust))
    redacted = client.get(url, {"format": "html"}).content.decode()
    assert never.reference in redacted and "Re-audit swab counts" not in redacted
    assert "shown only to those who may see governance cases" in redacted


def test_readers_cannot_write_narratives_or_templates(client, tree):
    client.force_login(user_with_role(Role.BOARD_MEMBER, tree["trust_a"]))
    url = reverse("reports:prepare", kwargs=PREPARE)
    assert 'name="narrative-summary"' not in client.get(url).content.decode()
    assert client.post(url, {"narrative-summary": "mine"}).status_code == 403
    assert client.post(reverse("reports:template", kwargs={"code": "TRA"}), {"metric_codes": ["gov_never_events"]}).status_code == 403
    assert not MetricNarrative.objects.exists() and not ReportTemplate.objects.exists()


def test_template_saves_metrics_and_orientation_and_the_report_follows_it(cmo):
    url = reverse("reports:template", kwargs={"code": "TRA"})
    assert "Patient safety incidents reported" in cmo.get(url).content.decode()
    assert "Choose at least one metric" in cmo.post(url, {"orientation": "portrait"}).content.decode()
    assert "not one of the available choices" in cmo.post(url, {"metric_codes": ["made_up"], "orientation": "portrait"}).content.decode()
    response = cmo.post(url, {"metric_codes": ["gov_never_events", "gov_complaints_received"], "orientation": "landscape"})
    assert response.status_code == 302
    template = ReportTemplate.objects.get()
    assert template.metric_codes == ["gov_never_events", "gov_complaints_received"] and template.orientation == "landscape"
    html = cmo.get(reverse("reports:download", kwargs=PREPARE), {"format": "html"}).content.decode()
    assert "size: A4 landscape" in html
    assert "Complaints received" in html and "Patient safety incidents reported</h3>" not in html


def test_download_is_audited_and_rejects_a_bad_format(cmo):
    url = reverse("reports:download", kwargs=PREPARE)
    assert cmo.get(url, {"format": "docx"}).status_code == 400
    response = cmo.get(url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert 'filename="board-report-TRA-2025-06.pdf"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="export", object_repr__contains="TRA 2025-06 (pdf)").exists()


def test_unknown_kind_or_unfinished_year_is_not_found(cmo):
    assert cmo.get(reverse("reports:prepare", kwargs={**PREPARE, "kind": "weekly"})).status_code == 404
    assert cmo.get(reverse("reports:prepare", kwargs={**PREPARE, "kind": "quality-account", "period": "2099-00"})).status_code == 404


def test_governance_series_start_at_the_first_record_and_a_part_month_is_refused(tree):
    from oversight.reports.board import ReportError, build_board_report, latest_complete_month

    report = build_board_report(tree["trust_a"], date(2025, 6, 1), charts=False)
    incidents = next(s for s in report.sections if s.code == "gov_incidents_reported")
    assert incidents.points == 6  # January to June 2025; earlier months are unrecorded, not zeros
    with pytest.raises(ReportError, match="has not ended"):
        build_board_report(tree["trust_a"], date.today().replace(day=1))
    assert latest_complete_month(date(2026, 1, 15)) == date(2025, 12, 1)
