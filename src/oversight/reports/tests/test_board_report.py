"""The board report from real published data: content, PDF layout, reproducibility, CLI."""

import subprocess
from datetime import date

import pytest

from oversight.audit.context import acting_as, system_actor
from oversight.organisations.models import Organisation
from oversight.reports.board import build_board_report
from oversight.reports.document import render_html, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.shared]  # real published files from ../shared


def test_trust_report_uses_only_data_up_to_the_month(leeds):
    early = build_board_report(leeds, date(2018, 3, 1))
    assert {s.latest_month for s in early.sections} == {date(2018, 3, 1)}
    assert early.numbers() == build_board_report(leeds, date(2018, 3, 1)).numbers()
    later = build_board_report(leeds, date(2019, 3, 1))
    assert later.numbers() != early.numbers()
    four_hour = next(s for s in early.sections if s.code == "ae_4hr_all")
    assert four_hour.chart_svg.startswith("<svg") and four_hour.signal
    assert "No incidents or complaints are recorded in Oversight for this organisation." in early.missing


def test_pdf_is_a4_with_page_numbers_and_each_metric(leeds, tmp_path):
    report = build_board_report(leeds, date(2019, 3, 1))
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(render_pdf(report))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    for section in report.sections:
        assert section.name in text
    assert "ae_attendances.csv" in text  # provenance
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page-*.png")
    assert png.stat().st_size > 1000


def test_regional_report_summarises_trusts(leeds):
    report = build_board_report(Organisation.objects.get(ods_code="Y63"), date(2019, 3, 1))
    assert any(p.code == "RR8" for p in report.providers)
    html = render_html(report)
    assert "Leeds Teaching Hospitals NHS Trust" in html and "<caption>" in html
    with acting_as(system_actor("tests")):  # closed since: still in the reports of months it was open
        leeds.close_date = date(2019, 6, 1)
        leeds.save()
    region = Organisation.objects.get(ods_code="Y63")
    assert any(p.code == "RR8" for p in build_board_report(region, date(2019, 3, 1), charts=False).providers)
    assert not any(p.code == "RR8" for p in build_board_report(region, date(2019, 6, 1), charts=False).providers)


def test_regional_cover_counts_each_signal_across_providers(leeds):
    from datetime import datetime

    from django.utils import timezone

    from oversight.governance.tests.factories import IncidentFactory

    region = Organisation.objects.get(ods_code="Y63")
    without_records = render_html(build_board_report(region, date(2019, 3, 1)))
    assert "No patient safety incidents or complaints are recorded in Oversight for" in without_records
    with acting_as(system_actor("tests")):
        for month in (1, 2, 3):
            IncidentFactory(organisation=leeds, reported_at=timezone.make_aware(datetime(2019, month, 5, 9, 0)),
                            occurred_on=date(2019, month, 4))
    report = build_board_report(region, date(2019, 3, 1))
    counts = {c.code: c for c in report.signal_counts}
    assert list(counts) == [code for code, _ in report.matrix_metrics]
    for code, count in counts.items():
        cells = [p.cells[code] for p in report.providers if code in p.cells]
        assert count.providers == len(cells) > 0
        for group in ("improvement", "concern", "neutral", "common_cause"):
            assert getattr(count, group) == sum(c.family == group for c in cells), (code, group)
        assert count.too_few_points == sum(not c.variation for c in cells)
        for assurance in ("consistent_pass", "consistent_fail", "inconsistent"):
            assert getattr(count, assurance) == sum(c.assurance == assurance for c in cells), (code, assurance)
    # Leeds's governance records make its governance metrics part of the regional comparison, but three
    # months are too few for a signal: counted as such, never as common cause.
    assert counts["gov_incidents_reported"].providers == 1
    assert counts["gov_incidents_reported"].too_few_points == 1 and counts["gov_incidents_reported"].common_cause == 0
    assert report.numbers() == build_board_report(region, date(2019, 3, 1)).numbers()
    html = render_html(report)
    assert "Making Data Count signals across" in html and "No patient safety incidents or complaints" not in html


def test_cli_writes_pdf_and_rejects_bad_input(leeds, tmp_path, capsys):
    from oversight.cli import main

    out = tmp_path / "leeds.pdf"
    assert main(["report", "board", "--org", "RR8", "--month", "2019-03", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["report", "board", "--org", "RR8", "--month", "March", "--output", str(out)]) == 2
    assert "not a month in the form YYYY-MM" in capsys.readouterr().err
    assert main(["report", "board", "--org", "NOPE", "--month", "2019-03", "--output", str(out)]) == 2


def test_template_orders_metrics_and_names_those_without_data(leeds):
    from oversight.reports.services import save_template

    with acting_as(system_actor("tests")):
        save_template(leeds, ["ae_attendances_all", "rtt_waiting_list", "ae_4hr_all"], "landscape",
                      {"ae_attendances_all", "rtt_waiting_list", "ae_4hr_all"}, "Tester")
    report = build_board_report(leeds, date(2019, 3, 1), charts=False)
    assert [s.code for s in report.sections] == ["ae_attendances_all", "ae_4hr_all"]
    assert any("RTT" in line or "waiting" in line.lower() for line in report.missing)
    assert report.orientation == "landscape" and "size: A4 landscape" in render_html(report)
    assert [load["file_name"] for load in report.loads] == ["ae_attendances.csv"]  # the file its values came from
    with acting_as(system_actor("tests")):
        save_template(leeds, ["gov_incidents_reported"], "portrait", {"gov_incidents_reported"}, "Tester")
    governance_only = build_board_report(leeds, date(2019, 3, 1), charts=False)
    assert governance_only.loads == [] and "This report shows no published statistics" in render_html(governance_only)


def test_narratives_belong_to_their_month_and_report(leeds):
    from django.core.exceptions import ValidationError

    from oversight.reports.models import MetricNarrative, ReportKind
    from oversight.reports.services import save_narratives

    with acting_as(system_actor("tests")):
        save_narratives(leeds, ReportKind.BOARD, date(2019, 3, 1), {"ae_4hr_all": "Winter pressures.\nRecovery plan agreed.",
                                                                   "summary": "Summary for March."}, "Tester")
        with pytest.raises(ValidationError):  # all or nothing
            save_narratives(leeds, ReportKind.BOARD, date(2019, 3, 1), {"summary": "changed", "ae_4hr_all": "x" * 3001}, "Tester")
    march = build_board_report(leeds, date(2019, 3, 1), charts=False)
    assert march.summary_narrative == "Summary for March."
    assert next(s for s in march.sections if s.code == "ae_4hr_all").narrative == "Winter pressures.\nRecovery plan agreed."
    assert build_board_report(leeds, date(2019, 2, 1), charts=False).summary_narrative == ""
    assert MetricNarrative.objects.count() == 2


def test_quality_account_covers_the_financial_year(leeds, tmp_path):
    from oversight.reports.board import ReportError, build_quality_account, parse_financial_year

    report = build_quality_account(leeds, parse_financial_year("2018-19"))
    assert report.month_label.startswith("2018-19") and report.end == date(2019, 3, 31)
    four_hour = next(s for s in report.sections if s.code == "ae_4hr_all")
    assert [m for m, _ in four_hour.period_values] == [date(2018 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 16)]
    assert report.safety.start == date(2018, 4, 1) and report.safety.end == date(2019, 3, 31)
    pdf = tmp_path / "qa.pdf"
    pdf.write_bytes(render_pdf(report))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Quality account data pack" in text and "Apr 18" in text and "Mar 19" in text
    for bad in ("2018-2019", "2018-20", "18-19"):
        with pytest.raises(ReportError, match="financial year in the form"):
            parse_financial_year(bad)
    with pytest.raises(ReportError, match="has not ended"):
        build_quality_account(leeds, date(date.today().year, 4, 1))


def test_safety_section_and_no_metric_split_across_pages(leeds, tmp_path):
    from datetime import datetime

    from django.utils import timezone

    from oversight.audit.testing import create_record
    from oversight.governance.models import Action
    from oversight.governance.tests.factories import IncidentFactory
    from oversight.testing.factories import UserFactory

    reported = timezone.make_aware(datetime(2019, 3, 12, 10, 0))
    with acting_as(system_actor("tests")):
        never = IncidentFactory(organisation=leeds, reported_at=reported, occurred_on=date(2019, 3, 11),
                                physical_harm="severe", never_event="NE01")
        create_record(Action(organisation=leeds, incident=never, description="Re-audit WHO checklist use in theatres",
                             owner=UserFactory(first_name="Pat", last_name="Owner"), due_on=date(2019, 3, 20)))
    report = build_board_report(leeds, date(2019, 3, 1))
    assert [row.reference for row in report.safety.never_events] == [never.reference]
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(render_pdf(report))
    flowing = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(page.split()) for page in flowing.split("\f") if page.strip()]
    actions_page = next(p for p in pages if "Actions from high-risk cases overdue at 31 March 2019" in p)
    assert never.reference in actions_page and "Re-audit WHO checklist use in theatres" in actions_page
    assert "Pat Owner" in actions_page and "Never Event" in actions_page
    for section in report.sections:  # each chart's heading, facts, picture and signal share a page
        starts = [p for p in pages if f"{section.name} Latest: {section.latest_value}" in p]
        assert len(starts) == 1, section.name
        assert " ".join(section.signal.split()) in starts[0], section.name
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(pages)
