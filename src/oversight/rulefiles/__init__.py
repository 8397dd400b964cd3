"""The one reader of Oversight's versioned TOML rule files (see :mod:`oversight.rulefiles.reader`)."""

from oversight.rulefiles.reader import (
    Confidence,
    RuleFile,
    RuleFileError,
    Table,
    parse_confidence,
    read_rule_file,
)

__all__ = ["Confidence", "RuleFile", "RuleFileError", "Table", "parse_confidence", "read_rule_file"]
