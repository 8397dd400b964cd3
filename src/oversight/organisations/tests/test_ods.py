import shutil

import pytest

from oversight.organisations.models import Organisation, OrganisationKind
from oversight.organisations.ods import ODSFileError, load_etr, parse_etr

pytestmark = pytest.mark.django_db

HEADER = ("Organisation Code,Name,National Grouping,High Level Health Geography,Address Line 1,Address Line 2,"
          "Address Line 3,Address Line 4,Address Line 5,Postcode,Open Date,Close Date,Contact Telephone Number,"
          "Amended Record Indicator,GOR Code\n")
GOOD = "RR8,LEEDS TEACHING HOSPITALS NHS TRUST,Y63,QWO,ST JAMES'S,,,LEEDS,,LS9 7TF,19980401,,,0,D\n"


def test_real_etr_loads_regions_icbs_and_trusts(shared):
    report = load_etr(shared / "data" / "ods_etr_nhs_trusts_2026.csv")
    assert report.rows == 274
    regions = set(Organisation.objects.filter(kind=OrganisationKind.REGION).values_list("ods_code", flat=True))
    assert regions == {"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}
    assert Organisation.objects.filter(kind=OrganisationKind.TRUST).count() == 274
    closed = Organisation.objects.filter(kind=OrganisationKind.TRUST, close_date__isnull=False)
    assert closed.count() == 72 == report.closed
    trust = Organisation.objects.get(ods_code="K0N6A")
    assert trust.parent.kind == OrganisationKind.ICB and trust.parent.parent.ods_code == "Y56"


def test_loading_twice_changes_nothing(shared):
    path = shared / "data" / "ods_etr_nhs_trusts_2026.csv"
    load_etr(path)
    before = list(Organisation.objects.order_by("ods_code").values())
    report = load_etr(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 274)
    assert list(Organisation.objects.order_by("ods_code").values()) == before


def test_closed_trust_is_kept_with_close_date_when_a_later_file_closes_it(tmp_path):
    path = tmp_path / "etr.csv"
    path.write_text(HEADER + GOOD)
    load_etr(path)
    path.write_text(HEADER + GOOD.replace("19980401,,", "19980401,20260331,"))
    report = load_etr(path)
    assert report.updated == 1
    assert str(Organisation.objects.get(ods_code="RR8").close_date) == "2026-03-31"


def test_headerless_published_layout_with_null_fields(tmp_path):
    fields = ["RR8", "LEEDS TEACHING HOSPITALS NHS TRUST", "Y63", "QWO", "ST JAMES'S", "", "", "LEEDS", "", "LS9 7TF",
              "19980401", ""] + [""] * 15
    path = tmp_path / "etr.csv"
    path.write_text(",".join(fields) + "\n")
    load_etr(path)
    assert Organisation.objects.get(ods_code="RR8").name == "Leeds Teaching Hospitals NHS Trust"


@pytest.mark.parametrize(
    "line, message",
    [
        (GOOD.replace("19980401", "1998-04-01"), "Line 3, column Open Date: '1998-04-01' is not a date"),
        (GOOD.replace(",Y63,", ",Y99,"), "Line 3, column National Grouping: 'Y99'"),
        (GOOD.replace("RR8,", ",", 1), "Line 3, column Organisation Code"),
        (GOOD.replace("19980401,,", "19980401,19970101,"), "Line 3, column Close Date"),
        ("RR9,SHORT ROW\n", "Line 3: expected at least"),
    ],
)
def test_malformed_file_names_line_and_column_and_writes_nothing(tmp_path, line, message):
    path = tmp_path / "etr.csv"
    path.write_text(HEADER + GOOD.replace("RR8", "RR7") + line)
    with pytest.raises(ODSFileError, match=message.replace("(", r"\(")):
        load_etr(path)
    assert not Organisation.objects.exists()


def test_missing_header_column_is_named(tmp_path):
    path = tmp_path / "etr.csv"
    path.write_text(HEADER.replace("Open Date,", "Opened,") + GOOD)
    with pytest.raises(ODSFileError, match="missing the column\\(s\\) Open Date"):
        load_etr(path)


def test_duplicate_code_names_both_lines():
    with pytest.raises(ODSFileError, match="Line 3, column Organisation Code: RR8 already appears on line 2"):
        parse_etr(HEADER + GOOD + GOOD)


def test_real_file_broken_copy_writes_nothing(shared, tmp_path):
    broken = tmp_path / "etr.csv"
    shutil.copy(shared / "data" / "ods_etr_nhs_trusts_2026.csv", broken)
    lines = broken.read_text().splitlines()
    lines[-1] = lines[-1].replace(",2", ",X", 1) if ",2" in lines[-1] else lines[-1] + ",BAD"
    lines.insert(100, "BAD CODE!,NAME,Y56,QKK,,,,,,,20200101,,,1,H")
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(ODSFileError, match="Line 101, column Organisation Code"):
        load_etr(broken)
    assert not Organisation.objects.exists()
