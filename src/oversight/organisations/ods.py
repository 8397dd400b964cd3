"""Load NHS trusts from the ODS ``etr.csv`` layout into the organisation tree.

Accepted: the published headerless file (27 fields, with ODS's unnamed "Null" fields), the
same with the Null fields dropped (15 fields), or either with a header row naming the
columns. The whole file is checked before anything is written, so a malformed file
writes nothing; loading the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from .models import Organisation, OrganisationKind
from .names import display_name
from .regions import NHS_ENGLAND_REGIONS

COLUMNS_15 = [
    "Organisation Code", "Name", "National Grouping", "High Level Health Geography",
    "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5",
    "Postcode", "Open Date", "Close Date", "Contact Telephone Number",
    "Amended Record Indicator", "GOR Code",
]
# ODS's full published layout: positions of the named fields among 27.
POSITIONS_27 = {
    "Organisation Code": 0, "Name": 1, "National Grouping": 2, "High Level Health Geography": 3,
    "Address Line 1": 4, "Address Line 2": 5, "Address Line 3": 6, "Address Line 4": 7,
    "Address Line 5": 8, "Postcode": 9, "Open Date": 10, "Close Date": 11,
}
REQUIRED = ["Organisation Code", "Name", "National Grouping", "High Level Health Geography", "Open Date", "Close Date"]


class ODSFileError(ValueError):
    """A problem in the file, naming the line and the column."""


@dataclass
class TrustRow:
    line: int
    code: str
    name: str
    region_code: str
    icb_code: str
    address: str
    postcode: str
    open_date: date | None
    close_date: date | None


@dataclass
class ODSLoadReport:
    path: str
    sha256: str
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    created_codes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.path}: {self.rows} trusts read; {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.closed} closed (kept with their close date)"
        )


def parse_etr(text: str) -> list[TrustRow]:
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        raise ODSFileError("The file is empty: expected the ODS etr.csv layout")
    header = [cell.strip() for cell in rows[0]]
    if header and header[0] == "Organisation Code":
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise ODSFileError(f"Line 1: the header is missing the column(s) {', '.join(missing)}")
        positions = {name: header.index(name) for name in COLUMNS_15 if name in header}
        body, first_line = rows[1:], 2
    else:
        positions = _positions_for_width(len(rows[0]))
        body, first_line = rows, 1
    width = max(positions.values()) + 1
    parsed, seen = [], {}
    for line, cells in enumerate(body, start=first_line):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < width:
            raise ODSFileError(f"Line {line}: expected at least {width} fields, found {len(cells)}")
        row = _parse_row(line, cells, positions)
        if row.code in seen:
            raise ODSFileError(f"Line {line}, column Organisation Code: {row.code} already appears on line {seen[row.code]}")
        seen[row.code] = line
        parsed.append(row)
    return parsed


def _positions_for_width(width: int) -> dict[str, int]:
    if width == 15:
        return {name: index for index, name in enumerate(COLUMNS_15)}
    if width >= 27:
        return POSITIONS_27
    raise ODSFileError(
        f"Line 1: found {width} fields and no header; the ODS etr.csv layout has 27 (or 15 without the Null fields)"
    )


def _parse_row(line: int, cells: list[str], positions: dict[str, int]) -> TrustRow:
    def get(name: str) -> str:
        index = positions.get(name)
        return cells[index].strip() if index is not None else ""

    code = get("Organisation Code").upper()
    if not code or not code.isalnum() or len(code) > 12:
        raise ODSFileError(f"Line {line}, column Organisation Code: {code!r} is not an ODS code")
    name = get("Name")
    if not name:
        raise ODSFileError(f"Line {line}, column Name: the name is empty")
    region = get("National Grouping").upper()
    if region and region not in NHS_ENGLAND_REGIONS:
        raise ODSFileError(f"Line {line}, column National Grouping: {region!r} is not an NHS England region code (Y56–Y63)")
    open_date = _parse_date(line, "Open Date", get("Open Date"))
    close_date = _parse_date(line, "Close Date", get("Close Date"))
    if open_date and close_date and close_date < open_date:
        raise ODSFileError(f"Line {line}, column Close Date: {close_date} is before the open date {open_date}")
    address = ", ".join(part for part in (get(f"Address Line {i}") for i in range(1, 6)) if part)
    return TrustRow(line, code, name, region, get("High Level Health Geography").upper(), address,
                    get("Postcode"), open_date, close_date)


def _parse_date(line: int, column: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise ODSFileError(f"Line {line}, column {column}: {value!r} is not a date in the form YYYYMMDD") from None


def load_etr(path: str | Path) -> ODSLoadReport:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ODSFileError(f"Cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    rows = parse_etr(text)
    report = ODSLoadReport(path=str(path), sha256=hashlib.sha256(raw).hexdigest(), rows=len(rows))
    with transaction.atomic():
        regions = _ensure_regions({row.region_code for row in rows if row.region_code})
        icbs = _ensure_icbs(rows, regions)
        for row in rows:
            parent = icbs.get(row.icb_code) or regions.get(row.region_code)
            values = {
                "name": display_name(row.name),
                "kind": OrganisationKind.TRUST,
                "parent": parent,
                "address": row.address,
                "postcode": row.postcode,
                "open_date": row.open_date,
                "close_date": row.close_date,
                "source": "ODS etr.csv",
            }
            _upsert(row.code, values, report)
            report.closed += row.close_date is not None
    return report


def _upsert(code: str, values: dict, report: ODSLoadReport) -> Organisation:
    existing = Organisation.objects.filter(ods_code=code).first()
    if existing is None:
        report.created += 1
        report.created_codes.append(code)
        return Organisation.objects.create(ods_code=code, **values)
    changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
    if not changed:
        report.unchanged += 1
        return existing
    for key, value in changed.items():
        setattr(existing, key, value)
    existing.save(update_fields=[*changed, "updated_at"])
    report.updated += 1
    return existing


def _ensure_regions(codes: set[str]) -> dict[str, Organisation]:
    regions = {}
    for code in sorted(codes):
        regions[code], _ = Organisation.objects.get_or_create(
            ods_code=code,
            defaults={"name": f"NHS England – {NHS_ENGLAND_REGIONS[code]}", "kind": OrganisationKind.REGION,
                      "source": "ODS national grouping"},
        )
    return regions


def _ensure_icbs(rows: list[TrustRow], regions: dict[str, Organisation]) -> dict[str, Organisation]:
    # The etr file gives an ICB's code but not its name; the code stands in until an ICB file is loaded.
    icbs = {}
    for row in rows:
        if not row.icb_code or row.icb_code in icbs:
            continue
        icb, created = Organisation.objects.get_or_create(
            ods_code=row.icb_code,
            defaults={"name": f"Integrated care board {row.icb_code}", "kind": OrganisationKind.ICB,
                      "parent": regions.get(row.region_code), "source": "ODS etr.csv (ICB code only)"},
        )
        if not created and icb.parent is None and row.region_code in regions:
            icb.parent = regions[row.region_code]
            icb.save(update_fields=["parent", "updated_at"])
        icbs[row.icb_code] = icb
    return icbs
