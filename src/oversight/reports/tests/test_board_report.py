"""The board report from real published data: content, PDF layout, reproducibility, CLI."""

import subprocess
from datetime import date

import pytest

from oversight.audit.context import acting_as, system_actor
from oversight.organisations.models import Organisation
from oversight.organisations.ods import load_etr
from oversight.reports.board import build_board_report
from oversight.reports.document import render_html, render_pdf
from oversight.warehouse import Warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def leeds(shared, settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    Warehouse(settings.OVERSIGHT_WAREHOUSE).ingest("ae", [shared / "data" / "ae_attendances.csv"])
    with acting_as(system_actor("tests")):
        load_etr(shared / "data" / "ods_etr_nhs_trusts_2026.csv")
    return Organisation.objects.get(ods_code="RR8")


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


def test_cli_writes_pdf_and_rejects_bad_input(leeds, tmp_path, capsys):
    from oversight.cli import main

    out = tmp_path / "leeds.pdf"
    assert main(["report", "board", "--org", "RR8", "--month", "2019-03", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["report", "board", "--org", "RR8", "--month", "March", "--output", str(out)]) == 2
    assert "not a month in the form YYYY-MM" in capsys.readouterr().err
    assert main(["report", "board", "--org", "NOPE", "--month", "2019-03", "--output", str(out)]) == 2
