"""Writes to the organisation register."""

from .ods_files import load_ods_file

__all__ = ["load_ods_file"]
