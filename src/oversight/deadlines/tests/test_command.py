"""``oversight deadline``: every rule's answer on its last line, the clocks changing, and the errors."""

from __future__ import annotations

import argparse
import subprocess
import sys
from importlib import resources

import pytest

from oversight.deadlines import command, default_policy

# One case per rule in deadlines.toml, worked out by hand (not by the library) from the rule's wording.
EVERY_RULE = {
    # Fri 3 May 2024; Mon 6 May is a bank holiday, so working day 1 is Tue 7 May and day 10 is Mon 20 May.
    "duty_of_candour_notification": ("2024-05-03", "2024-05-20"),
    "duty_of_candour_written_follow_up": ("2024-05-03", "2024-05-20"),
    "complaint_acknowledgement": ("2024-05-03", "2024-05-09"),
    # Six calendar months from 31 August: no 31 February, so the last day of February.
    "complaint_response": ("2024-08-31", "2025-02-28"),
    "complaint_time_limit": ("2024-02-29", "2025-02-28"),
    "phso_referral": ("2024-02-29", "2025-02-28"),
    "cqc_complaints_summary": ("2024-05-03", "2024-05-31"),
    # 29 March 2024 is Good Friday, then a weekend and Easter Monday: the next working day is 2 April.
    "subject_access_request": ("2024-02-29", "2024-04-02"),
    # Clocks go back at 02:00 BST on 25 October 2026: 72 elapsed hours end at 11:00 GMT, not 12:00.
    "ico_personal_data_breach": ("2026-10-24T12:00", "2026-10-27T11:00:00+00:00"),
    # Clocks go forward at 01:00 GMT on 29 March 2026: 24 elapsed hours end at 13:00 BST.
    "pecr_breach": ("2026-03-28T12:00", "2026-03-29T13:00:00+01:00"),
    "medical_appraisal": ("2025-06-30", "2026-06-30"),
    "revalidation": ("2024-02-29", "2029-02-28"),
    # Calendar days, day 0 the first day excluded: two weeks from Fri 3 May 2024, four from Thu 29 Feb 2024.
    "mhps_immediate_exclusion": ("2024-05-03", "2024-05-17"),
    "mhps_formal_exclusion": ("2024-02-29", "2024-03-28"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="oversight")
    command.register(top.add_subparsers(dest="command"))
    return top


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    args = parser().parse_args(["deadline", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_every_rule_in_deadlines_toml_has_a_case():
    assert set(EVERY_RULE) == set(default_policy().rules)


@pytest.mark.parametrize(("rule", "case"), EVERY_RULE.items())
def test_every_rule_answers_on_its_last_line(capsys, rule, case):
    start, due = case
    code, lines, err = run(capsys, rule, "--from", start)
    assert (code, err) == (0, "")
    assert lines[-1] == due
    assert lines[0].endswith(f"({rule})")


def test_the_extension_of_a_subject_access_request(capsys):
    code, lines, _ = run(capsys, "subject_access_request", "--from", "2024-02-29", "--extended")
    assert (code, lines[-1]) == (0, "2024-05-29")
    assert any(line.startswith("3 calendar months") for line in lines)


def test_bank_holidays_are_not_working_days(capsys):
    # Christmas Day and Boxing Day 2025 (Thu, Fri), then a weekend: working days 1-3 are 29-31 December.
    assert run(capsys, "complaint_acknowledgement", "--from", "2025-12-24")[1][-1] == "2025-12-31"


@pytest.mark.parametrize(
    "start",
    ["2024-05-03T23:30", "2024-05-03 09:00", "2024-05-02T23:30:00+00:00", "2024-05-02T23:30Z"],
)
def test_a_date_and_time_counts_from_its_day_in_london(capsys, start):
    # 23:30 GMT on 2 May is 00:30 BST on 3 May: day 0 is 3 May.
    code, lines, _ = run(capsys, "complaint_acknowledgement", "--from", start)
    assert (code, lines[-1]) == (0, "2024-05-09")
    assert "Day 0: 2024-05-03" in lines


def test_hours_in_summer_time_keep_their_offset(capsys):
    assert run(capsys, "ico_personal_data_breach", "--from", "2026-07-01T09:15")[1][-1] == "2026-07-04T09:15:00+01:00"


def test_an_offset_settles_the_repeated_autumn_hour(capsys):
    bst = run(capsys, "pecr_breach", "--from", "2026-10-25T01:30+01:00")[1][-1]
    gmt = run(capsys, "pecr_breach", "--from", "2026-10-25T01:30+00:00")[1][-1]
    assert (bst, gmt) == ("2026-10-26T00:30:00+00:00", "2026-10-26T01:30:00+00:00")


def test_list_names_every_rule_with_its_label(capsys):
    code, lines, _ = run(capsys, "--list")
    policy = default_policy()
    assert code == 0 and len(lines) == len(policy)
    for line, rule in zip(lines, policy, strict=True):
        assert line.split()[0] == rule.name and line.endswith(rule.label)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("duty_of_candor", "--from", "2024-05-03"), "no deadline rule 'duty_of_candor'; known: complaint_"),
        (("complaint_response", "--from", "2024-13-01"), "--from '2024-13-01': not a date"),
        (("complaint_response", "--from", "next tuesday"), "--from 'next tuesday': not a date"),
        (("ico_personal_data_breach", "--from", "2026-10-24"), "counts 72 elapsed hours, so give the moment"),
        (("pecr_breach", "--from", "2026-03-29T01:30"), "does not exist in Europe/London"),
        (("pecr_breach", "--from", "2026-10-25T01:30"), "happens twice in Europe/London"),
        (("complaint_response", "--from", "2024-05-03", "--extended"), "rule 'complaint_response' has no extension"),
        (("complaint_acknowledgement", "--from", "1700-01-01"), "--from 1700-01-01:"),
        (("complaint_response",), "give a RULE and --from DATE"),
        ((), "give a RULE and --from DATE"),
    ],
)
def test_errors_go_to_stderr_and_exit_2(capsys, argv, message):
    code, lines, err = run(capsys, *argv)
    assert (code, lines) == (2, [])
    assert err.startswith("oversight deadline: error: ") and message in err
    assert err.count("\n") == 1


def test_a_trusts_own_deadlines_file(capsys, tmp_path, monkeypatch):
    text = resources.files("oversight.deadlines").joinpath("deadlines.toml").read_text("utf-8")
    own = tmp_path / "trust.toml"
    own.write_text(text.replace("quantity = 10", "quantity = 5", 1), encoding="utf-8")
    code, lines, _ = run(capsys, "duty_of_candour_notification", "--from", "2024-05-03", "--deadlines-file", str(own))
    assert (code, lines[-1]) == (0, "2024-05-13")
    monkeypatch.setenv("OVERSIGHT_DEADLINES_FILE", str(own))
    assert run(capsys, "duty_of_candour_notification", "--from", "2024-05-03")[1][-1] == "2024-05-13"


def test_a_broken_deadlines_file_is_named(capsys, tmp_path):
    broken = tmp_path / "trust.toml"
    broken.write_text('schema = 1\nversion = "x\n', encoding="utf-8")
    code, _, err = run(capsys, "--list", "--deadlines-file", str(broken))
    assert code == 2 and "trust.toml, line 2: not valid TOML" in err
    code, _, err = run(capsys, "--list", "--deadlines-file", str(tmp_path / "absent.toml"))
    assert code == 2 and "absent.toml: no such file" in err


def test_the_command_does_not_import_django():
    code = "import sys, oversight.deadlines.command; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_through_the_oversight_command_line(capsys):
    from oversight.cli import main

    assert main(["deadline", "ico_personal_data_breach", "--from", "2026-10-24T12:00"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2026-10-27T11:00:00+00:00"
