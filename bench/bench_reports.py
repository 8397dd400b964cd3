"""Board report speed: a trust report with 40 metric sections (SPC, chart, text), HTML and PDF.

    .venv/bin/python bench/bench_reports.py

Uses the embedded demo database and warehouse (`make demo` or `oversight demo --no-serve` first).
The trust's real metrics with data up to the month are repeated until there are exactly 40
sections, so the work is that of a 40-metric report (each with its SPC analysis and chart).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.config.settings.local")

import django

django.setup()

from oversight.organisations.models import Organisation  # noqa: E402
from oversight.reports import board  # noqa: E402
from oversight.reports.document import render_html, render_pdf  # noqa: E402

TARGET_SECTIONS = 40


def main() -> int:
    organisation = Organisation.objects.filter(ods_code="RR8").first()
    if organisation is None:
        print("Run `oversight demo --no-serve` first (needs ../shared)", file=sys.stderr)
        return 2
    original = board.chosen_metrics

    def forty(known, template_codes, available):
        metrics = [m for m in original(known, template_codes, available) if m.code in available]
        return [metrics[i % len(metrics)] for i in range(TARGET_SECTIONS)]

    board.chosen_metrics = forty
    board.build_board_report(organisation, date(2025, 5, 1), charts=True)  # warm: vl-convert's engine starts once
    start = time.perf_counter()
    report = board.build_board_report(organisation, date(2025, 6, 1))
    built = time.perf_counter()
    html = render_html(report)
    pdf = render_pdf(report)
    done = time.perf_counter()
    print(f"sections: {len(report.sections)} (the trust's warehouse metrics repeated to {TARGET_SECTIONS})")
    print(f"build (data, SPC, charts): {built - start:.2f} s")
    print(f"HTML + PDF: {done - built:.2f} s ({len(html) // 1024} KiB HTML, {len(pdf) // 1024} KiB PDF)")
    print(f"total: {done - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
