"""Board report speed: a trust report with 40 metric sections (SPC, chart, text), HTML and PDF.

    .venv/bin/python bench/bench_reports.py

Uses the embedded demo database and warehouse (`make demo` or `oversight demo --no-serve` first).
The trust's real metrics are repeated until there are 40 sections, so the work is that of a
40-metric report.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings.local")

import django  # noqa: E402

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
    original = board.Warehouse.catalogue

    def repeated(self):
        present = set(self.observations(orgs=[organisation.ods_code])["metric"])
        metrics = [m for m in original(self) if m.code in present]
        return [metrics[i % len(metrics)] for i in range(TARGET_SECTIONS)]

    board.Warehouse.catalogue = repeated
    start = time.perf_counter()
    report = board.build_board_report(organisation, date(2025, 6, 1))
    built = time.perf_counter()
    html = render_html(report)
    pdf = render_pdf(report)
    done = time.perf_counter()
    print(f"sections: {len(report.sections)} (warehouse metrics repeated to {TARGET_SECTIONS})")
    print(f"build (data, SPC, charts): {built - start:.2f} s")
    print(f"HTML + PDF: {done - built:.2f} s ({len(html) // 1024} KiB HTML, {len(pdf) // 1024} KiB PDF)")
    print(f"total: {done - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
