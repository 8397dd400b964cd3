"""A register column mapping (TOML): which CSV column feeds each register field, how the file's values
become Oversight's codes, the defaults, and the date formats to try. The same layout as the governance
import's mappings (governance/imports/mappings/*.toml), read by the same rule-file reader; the fields
are the register's own (``FIELDS``), so the loader is this package's.

    source = "esr"                     # esr | gmc_connect (what the file is)
    name = "ESR extract"
    date_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    [columns]                          # field = "Column heading" (or a list: the first heading present)
    registration_number = "Professional Registration Number"
    [values.grade]                     # the file's value = Oversight's code, ignoring case and spaces;
    "Consultant" = "consultant"        # "*" = the code for any other value; "" = leave the field unset
    [defaults]                         # field = the value used when the cell is empty or the column absent
    profession = "doctor"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from oversight.rulefiles import RuleFile, RuleFileError, read_rule_file

MAPPINGS = {"esr": "esr.toml", "gmc_connect": "gmc_connect.toml"}
LABELS = {"esr": "ESR extract", "gmc_connect": "GMC Connect list of connected doctors"}

# Every field an import can fill: name → (kind, what it is). Kinds: text, date, bool, choice, organisation.
FIELDS: dict[str, tuple[str, str]] = {
    "registration_number": ("text", "GMC, NMC or HCPC registration number"),
    "regulator": ("choice", "the regulator: gmc, nmc or hcpc"),
    "name": ("text", "full name (\"Surname, Forename\" is turned round)"),
    "first_name": ("text", "forename, when the name is in two columns"),
    "last_name": ("text", "surname, when the name is in two columns"),
    "profession": ("choice", "profession (workforce Profession codes)"),
    "staff_group": ("choice", "ESR staff group: gives the profession when the job role does not"),
    "organisation": ("organisation", "ODS code or name of the organisation holding the record"),
    "employee_number": ("text", "ESR employee number"),
    "email": ("text", "email address"),
    "licence_status": ("choice", "licence to practise"),
    "on_gp_register": ("bool", "on the GP Register"),
    "on_specialist_register": ("bool", "on the Specialist Register"),
    "specialty": ("text", "specialty"),
    "grade": ("choice", "grade (doctors)"),
    "designated_body": ("organisation", "ODS code or name of the designated body"),
    "connection_started_on": ("date", "connection start date"),
    "connection_ended_on": ("date", "connection end date"),
    "performers_list_status": ("choice", "Performers List status (GPs)"),
    "assignment_started_on": ("date", "ESR assignment start date (checked, not stored)"),
    "assignment_ended_on": ("date", "ESR assignment end date (checked, not stored)"),
    "submission_date": ("date", "GMC revalidation submission date (returned to the caller)"),
    "under_notice": ("bool", "under notice for revalidation (returned to the caller)"),
}
TEXT_LIMITS = {"registration_number": 20, "name": 200, "first_name": 100, "last_name": 100, "employee_number": 20,
               "email": 254, "specialty": 100}


class MappingError(RuleFileError):
    """The mapping file itself is wrong: nothing was read from the CSV."""


@dataclass(frozen=True)
class RegisterMapping:
    source: str
    name: str
    columns: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")

    def heading(self, field_name: str, header: list[str] | None = None) -> str:
        """The column heading for a field: the first of its headings the file has (or the first named)."""
        headings = self.columns.get(field_name, ())
        if header is not None:
            for heading in headings:
                if heading in header:
                    return heading
        return headings[0] if headings else field_name


def packaged_text(source: str) -> str:
    return resources.files(__package__).joinpath("mappings", MAPPINGS[source]).read_text(encoding="utf-8")


def load_mapping(source: str | None = None, text: str | None = None, *, file_label: str = "the mapping") -> RegisterMapping:
    """The packaged mapping for ``source`` (esr or gmc_connect), or one given as TOML text."""
    if text is None:
        if source not in MAPPINGS:
            raise MappingError(f"the mapping must be one of {', '.join(MAPPINGS)}")
        rules = read_rule_file(resources.files(__package__).joinpath("mappings", MAPPINGS[source]), error=MappingError)
    else:
        rules = read_rule_file(text, file_label=file_label, error=MappingError)
    rules.known_keys(rules.data, {"source", "name", "date_formats", "columns", "values", "defaults"})
    file_source = rules.require(rules.data, "source", str, choices=tuple(MAPPINGS))
    if source is not None and file_source != source:
        raise rules.fail(f"the mapping is for {file_source}, but the file was said to be {source}", key="source")
    columns = _columns(rules)
    defaults = _defaults(rules)
    if "registration_number" not in columns:
        raise rules.fail("the mapping must name the column holding the registration number", table="columns")
    if "name" not in columns and not {"first_name", "last_name"} <= set(columns):
        raise rules.fail("the mapping must name a column for name, or for both first_name and last_name", table="columns")
    return RegisterMapping(
        source=file_source, name=rules.optional(rules.data, "name", str, LABELS[file_source]), columns=columns,
        values=_values(rules), defaults=defaults,
        date_formats=tuple(rules.optional(rules.data, "date_formats", list[str], RegisterMapping.date_formats)),
    )


def _known(rules: RuleFile, table, name: str) -> None:
    unknown = set(table) - set(FIELDS)
    if unknown:
        raise rules.fail(f"names fields Oversight does not know: {', '.join(sorted(unknown))}; "
                         f"the fields are {', '.join(sorted(FIELDS))}", table=name)


def _columns(rules: RuleFile) -> dict[str, tuple[str, ...]]:
    table = rules.table("columns")
    _known(rules, table, "columns")
    columns = {}
    for key, value in table.items():
        headings = [value] if isinstance(value, str) else value
        if not isinstance(headings, list) or not headings or not all(isinstance(h, str) and h.strip() for h in headings):
            raise rules.fail("expected a column heading, or a list of headings", table="columns", key=key)
        columns[key] = tuple(h.strip() for h in headings)
    return columns


def _defaults(rules: RuleFile) -> dict[str, str]:
    table = rules.table("defaults", required=False)
    _known(rules, table, "defaults")
    return {key: str(value) for key, value in table.items()}


def _values(rules: RuleFile) -> dict[str, dict[str, str]]:
    values = {}
    for field_name, table in rules.table("values", required=False).items():
        if field_name not in FIELDS or not isinstance(table, dict):
            raise rules.fail("is not a field Oversight knows, or is not a table", table=f"values.{field_name}")
        values[field_name] = {str(k).strip().casefold(): str(v) for k, v in table.items()}
    return values
