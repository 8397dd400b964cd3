"""Importing the clinician register from CSV (issue 13, Deliver 1): an ESR extract or a GMC Connect
list, read through a column mapping in TOML (``mappings/*.toml``); all or nothing, with a row-level
problem report naming row and column. See docs/clinician-register.md."""

from .importer import (
           RegisterImporter,
           RegisterImportProblem,
           RegisterImportResult,
           RevalidationFacts,
           import_register,
)
from .mapping import MAPPINGS, MappingError, RegisterMapping, load_mapping, packaged_text

__all__ = ["MAPPINGS", "MappingError", "RegisterImportProblem", "RegisterImportResult", "RegisterImporter",
           "RegisterMapping", "RevalidationFacts", "import_register", "load_mapping", "packaged_text"]
