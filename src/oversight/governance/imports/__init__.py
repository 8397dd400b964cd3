"""Bulk import of historical incidents and complaints from Datix-style CSV exports."""

from .importer import Importer, ImportProblem, ImportResult, import_file
from .mapping import KINDS, ColumnMapping, MappingError, load_mapping, packaged_text

__all__ = ["KINDS", "ColumnMapping", "ImportProblem", "ImportResult", "Importer", "MappingError", "import_file",
           "load_mapping", "packaged_text"]
