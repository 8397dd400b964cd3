"""``oversight clinical-audit``, end to end through the CLI's main: a good export imported and recorded
as the right actor, a bad one refused whole with its rows named, and the template listed."""

from __future__ import annotations

import pytest

from oversight.accounts.roles import Role
from oversight.audit.models import AuditEntry
from oversight.cli import main
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

from ..configuration import read_template
from ..models import Consultation, ConsultationImport

pytestmark = pytest.mark.django_db
ADASTRA = "Case No,Clinician Registration,Clinician Role,Consultation Start,Service,Case Type,Outcome\n"
GOOD = ADASTRA + ("A100234,1234567,GP,01/04/2026 18:30,Out of hours,Telephone Advice,Self care\n"
                  "A100235,1234567,GP,01/04/2026 19:05,Out of hours,Home Visit,Admitted\n")


@pytest.fixture
def tree(db):
    tree = build_tree()
    ClinicianFactory(organisation=tree["trust_a"], registration_number="1234567")
    return tree


def export(tmp_path, text: str):
    path = tmp_path / "consultations.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_good_export_is_imported_and_recorded_as_the_command(tree, tmp_path, capsys):
    code = main(["clinical-audit", "import", export(tmp_path, GOOD), "--organisation", "tra", "--system", "adastra"])
    assert code == 0, capsys.readouterr().err
    assert "Imported 2 consultations" in capsys.readouterr().out
    assert Consultation.objects.filter(organisation=tree["trust_a"]).count() == 2
    batch = ConsultationImport.objects.get()
    assert batch.imported_by_label == "system:oversight-cli:clinical-audit-import"
    assert AuditEntry.objects.filter(action="ingest", actor_label=batch.imported_by_label).exists()


def test_as_a_user_who_manages_clinical_audit(tree, tmp_path, capsys):
    user_with_role(Role.CLINICAL_LEAD, tree["trust_a"], username="lead-a")
    user_with_role(Role.CLINICAL_LEAD, tree["trust_c"], username="lead-c")
    command = ["clinical-audit", "import", export(tmp_path, GOOD), "--organisation", "TRA", "--system", "adastra"]
    assert main([*command, "--as", "lead-c"]) == 2
    assert "does not manage clinical audit" in capsys.readouterr().err
    assert main([*command, "--as", "nobody"]) == 2
    assert main([*command, "--as", "lead-a"]) == 0
    assert ConsultationImport.objects.get().imported_by_label == "lead-a"


def test_a_bad_row_refuses_the_whole_file_and_names_the_row(tree, tmp_path, capsys):
    bad = GOOD + "A100236,9999999,GP,31/02/2026 10:00,Out of hours,Telephone,Self care\n"
    code = main(["clinical-audit", "import", export(tmp_path, bad), "--organisation", "TRA", "--system", "adastra"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Nothing imported from consultations.csv: 2 problem(s) in 3 rows." in err
    assert "row 4, Clinician Registration: No clinician with registration number 9999999" in err
    assert "row 4, Consultation Start: '31/02/2026 10:00' is not a date and time" in err
    assert not Consultation.objects.exists() and not ConsultationImport.objects.exists()


def test_a_patient_identifier_column_refuses_the_file(tree, tmp_path, capsys):
    text = GOOD.replace("Outcome\n", "Outcome,NHS Number\n", 1)
    code = main(["clinical-audit", "import", export(tmp_path, text), "--organisation", "TRA", "--system", "adastra"])
    assert code == 1 and "row 1, NHS Number: This column looks like a patient identifier" in capsys.readouterr().err


def test_usage_errors(tree, tmp_path, capsys):
    assert main(["clinical-audit", "import", str(tmp_path / "missing.csv"), "--organisation", "TRA",
                 "--system", "emis"]) == 2
    assert main(["clinical-audit", "import", export(tmp_path, GOOD), "--organisation", "ZZZ", "--system", "emis"]) == 2
    assert "no organisation with ODS code ZZZ" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["clinical-audit", "import", export(tmp_path, GOOD), "--organisation", "TRA", "--system", "lorenzo"])


def test_templates_lists_the_shipped_criteria(db, capsys):
    assert main(["clinical-audit", "templates"]) == 0
    out = capsys.readouterr().out
    template = read_template()
    assert f"{template.name} (version {template.version})" in out
    assert "14 criteria (code, weight, wording):" in out
    for criterion in template.criteria:
        assert criterion.code in out and criterion.wording in out
    assert "Re-audit below 70.01%" in out


def test_templates_checks_an_edited_file(db, tmp_path, capsys):
    broken = tmp_path / "template.toml"
    broken.write_text('[template]\nname = "Local"\n', encoding="utf-8")
    assert main(["clinical-audit", "templates", "--file", str(broken)]) == 2
    assert "template.toml" in capsys.readouterr().err
